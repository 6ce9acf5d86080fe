import { describe, expect, it } from 'vitest';
import { chain } from '../templates';
import { hyperparamsSchema } from '../api/schemas';
import {
  applyTrial,
  bestTrial,
  halvingDecision,
  planTrials,
  randomTrials,
  rungEpochs,
  sweepConfigSchema,
  sweepPlanSchema,
  type TrialRecord,
} from '.';

const plan = (p: unknown) => sweepPlanSchema.parse(p);

describe('sweep generation', () => {
  it('grid: the cartesian product, first parameter slowest, log steps and integer rounding, budget cut', () => {
    const p = plan({
      space: [
        { key: 'learningRate', kind: 'range', min: 0.0001, max: 0.01, scale: 'log', steps: 3 },
        { key: 'optimizer', kind: 'choice', values: ['adam', 'sgd'] },
        { key: 'dense_1.units', kind: 'range', min: 8, max: 9, integer: true, steps: 3 },
      ],
      strategy: { type: 'grid' },
      budget: { maxTrials: 100 },
    });
    const trials = planTrials(p);
    expect(trials).toHaveLength(3 * 2 * 2); // 8, 8.5→9 (rounded, deduplicated), 9
    expect(trials.slice(0, 4)).toEqual([
      { learningRate: 0.0001, optimizer: 'adam', 'dense_1.units': 8 },
      { learningRate: 0.0001, optimizer: 'adam', 'dense_1.units': 9 },
      { learningRate: 0.0001, optimizer: 'sgd', 'dense_1.units': 8 },
      { learningRate: 0.0001, optimizer: 'sgd', 'dense_1.units': 9 },
    ]);
    expect(new Set(trials.map((t) => t.learningRate))).toEqual(new Set([0.0001, 0.001, 0.01]));
    expect(planTrials({ ...p, budget: { ...p.budget, maxTrials: 5 } })).toHaveLength(5);
  });

  it('random: seeded (same seed, same trials; another seed, others), inside the ranges, log-uniform, integers, choices', () => {
    const space = plan({
      space: [
        { key: 'learningRate', kind: 'range', min: 1e-5, max: 1e-1, scale: 'log' },
        { key: 'batchSize', kind: 'range', min: 16, max: 128, integer: true },
        { key: 'optimizer', kind: 'choice', values: ['adam', 'sgd', 'rmsprop'] },
      ],
      strategy: { type: 'random', seed: 7 },
    }).space;
    const a = randomTrials(space, 400, 7);
    expect(randomTrials(space, 400, 7)).toEqual(a);
    expect(randomTrials(space, 400, 8)).not.toEqual(a);
    for (const t of a) {
      expect(t.learningRate).toBeGreaterThanOrEqual(1e-5);
      expect(t.learningRate).toBeLessThanOrEqual(1e-1);
      expect(Number.isInteger(t.batchSize)).toBe(true);
      expect(t.batchSize).toBeGreaterThanOrEqual(16);
      expect(t.batchSize).toBeLessThanOrEqual(128);
    }
    // Log-uniform: about a quarter of the draws fall in each decade.
    const lowDecade = a.filter((t) => (t.learningRate as number) < 1e-4).length / a.length;
    expect(lowDecade).toBeGreaterThan(0.15);
    expect(lowDecade).toBeLessThan(0.35);
    expect(new Set(a.map((t) => t.optimizer))).toEqual(new Set(['adam', 'sgd', 'rmsprop']));
  });

  it('a trial sets hyperparameters and layer params by node name; unknown layers are named in the error', () => {
    const { graph } = chain([
      { kind: 'InputVector', name: 'features', params: { features: 4 } },
      { kind: 'Dense', name: 'dense_1', params: { units: 16, activation: 'relu' } },
      { kind: 'Dropout', name: 'drop', params: { rate: 0.2 } },
      {
        kind: 'Output',
        name: 'out',
        params: { classes: 3, activation: 'softmax', loss: 'sparseCategoricalCrossentropy' },
      },
    ]);
    const hp = hyperparamsSchema.parse({});
    const r = applyTrial(graph, hp, { learningRate: 0.01, 'dense_1.units': 32, 'drop.rate': 0.5 });
    expect(r.hyperparams.learningRate).toBe(0.01);
    expect(r.graph.nodes.find((n) => n.name === 'dense_1')?.params.units).toBe(32);
    expect(r.graph.nodes.find((n) => n.name === 'drop')?.params.rate).toBe(0.5);
    expect(graph.nodes.find((n) => n.name === 'dense_1')?.params.units).toBe(16); // input untouched
    expect(() => applyTrial(graph, hp, { 'conv.filters': 8 })).toThrow(/no layer named "conv"/);
    expect(() => applyTrial(graph, hp, { 'dense_1.filters': 8 })).toThrow(/no parameter "filters"/);
    expect(() => applyTrial(graph, hp, { batchSize: 0 })).toThrow(/batchSize/);
  });

  it('the config schema rejects unknown hyperparameters, bad ranges and repeated keys', () => {
    const base = { name: 's', datasetId: 'builtin:iris', strategy: { type: 'grid' } };
    expect(
      sweepConfigSchema.safeParse({ ...base, space: [{ key: 'momentum', kind: 'choice', values: [1] }] })
        .success,
    ).toBe(false);
    expect(
      sweepConfigSchema.safeParse({
        ...base,
        space: [{ key: 'learningRate', kind: 'range', min: 0, max: 1, scale: 'log' }],
      }).success,
    ).toBe(false);
    const lr = { key: 'learningRate', kind: 'choice', values: [0.1] };
    expect(sweepConfigSchema.safeParse({ ...base, space: [lr, lr] }).success).toBe(false);
    expect(sweepConfigSchema.parse({ ...base, space: [lr] }).budget).toEqual({
      maxTrials: 16,
      maxMinutes: null,
      parallel: 1,
    });
  });
});

describe('successive halving', () => {
  const s = { eta: 3, minEpochs: 1, maxEpochs: 9 };
  const t = (id: string, rung: number, state: TrialRecord['state'], metric: number | null): TrialRecord => ({
    id,
    rung,
    state,
    metric,
  });

  it('rungs multiply epochs by eta up to the maximum', () => {
    expect(rungEpochs(s)).toEqual([1, 3, 9]);
    expect(rungEpochs({ eta: 2, minEpochs: 2, maxEpochs: 5 })).toEqual([2, 4, 5]);
  });

  it('waits while a trial of the rung is queued, running or interrupted', () => {
    for (const state of ['queued', 'running', 'interrupted'] as const)
      expect(halvingDecision(s, [t('a', 0, 'completed', 0.9), t('b', 0, state, null)])).toEqual({
        stop: [],
        promote: [],
        done: false,
      });
  });

  it('keeps the best third by validation metric and stops the others; failed trials are not ranked', () => {
    const history = [0.5, 0.9, 0.1, 0.7, 0.3, 0.8, 0.2].map((m, i) => t(`t${i}`, 0, 'completed', m));
    history.push(t('bad', 0, 'failed', null));
    const d = halvingDecision(s, history);
    expect(d.promote).toEqual([
      { id: 't1', rung: 1, epochs: 3 },
      { id: 't5', rung: 1, epochs: 3 },
    ]);
    expect(d.stop.sort()).toEqual(['t0', 't2', 't3', 't4', 't6']);
    expect(d.done).toBe(false);
  });

  it('judges only the newest rung, keeps at least one, and is done after the last rung', () => {
    const history = [t('a', 0, 'stopped', 0.2), t('b', 1, 'completed', 0.6), t('c', 1, 'completed', 0.7)];
    expect(halvingDecision(s, history)).toEqual({
      stop: ['b'],
      promote: [{ id: 'c', rung: 2, epochs: 9 }],
      done: false,
    });
    const last = [t('a', 0, 'stopped', 0.2), t('b', 1, 'stopped', 0.6), t('c', 2, 'completed', 0.75)];
    expect(halvingDecision(s, last)).toEqual({ stop: [], promote: [], done: true });
    expect(bestTrial(last)?.id).toBe('c'); // furthest rung wins over a higher metric at a lower rung
    expect(bestTrial([t('x', 0, 'completed', 0.4), t('y', 0, 'completed', 0.6)])?.id).toBe('y');
  });
});
