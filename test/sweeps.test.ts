import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from '../src/shared/api/client';
import { tabularMlp } from '../src/shared/templates/extra';
import { inProcessTransport } from '../src/main/transport/in-process';
import type { SweepSummary } from '../src/shared/api/types';
import { smallConvGraph, sweepEnd, tempHost } from './helpers';

const envs: { cleanup(): void }[] = [];
afterAll(() => envs.forEach((e) => e.cleanup()));

const iris = {
  graph: tabularMlp.graph,
  datasetId: 'builtin:iris',
  hyperparams: { epochs: 2, batchSize: 16, validationSplit: 0.2 },
};

describe('sweeps with real trainer processes (Iris)', () => {
  it('a grid sweep runs its trials one after another, lands them as experiments, and names the best', async () => {
    const env = tempHost();
    envs.push(env);
    const api = createClient(inProcessTransport(env.host.handlers, env.host.bus));
    const progress: SweepSummary[] = [];
    api.on('sweeps.progress', (p) => void progress.push(p));
    const created = await api.call('sweeps.create', {
      name: 'lr grid',
      ...iris,
      space: [
        { key: 'learningRate', kind: 'choice', values: [0.0001, 0.05] },
        { key: 'dense_1.units', kind: 'choice', values: [4, 16] },
      ],
      strategy: { type: 'grid' },
      budget: { maxTrials: 3 },
    });
    expect(created.trials.map((t) => t.params)).toEqual([
      { learningRate: 0.0001, 'dense_1.units': 4 },
      { learningRate: 0.0001, 'dense_1.units': 16 },
      { learningRate: 0.05, 'dense_1.units': 4 },
    ]);
    // Never more than one trial at once (parallel = 1).
    expect(progress.every((p) => p.trialsRunning <= 1)).toBe(true);
    const done = await sweepEnd(api, created.id);
    expect(done.status).toBe('completed');
    expect(done.trials.every((t) => t.state === 'completed' && t.epochsDone === 2 && t.metric !== null)).toBe(
      true,
    );
    const best = done.trials.reduce((a, b) => ((b.metric ?? 0) > (a.metric ?? 0) ? b : a));
    expect(done.bestTrial?.metric).toBe(best.metric);
    const exp = await api.call('experiments.get', { id: done.trials[1].experimentId });
    expect(exp.graph.nodes.find((n) => n.name === 'dense_1')?.params.units).toBe(16);
    expect(exp.hyperparams.learningRate).toBe(0.0001);
    expect(progress.every((p) => p.trialsRunning <= 1)).toBe(true);
    expect(progress.at(-1)?.status).toBe('completed');
    expect((await api.call('sweeps.list', {})).map((s) => s.id)).toEqual([created.id]);
  });

  it('successive halving trains everyone 1 epoch, continues the best third to 3 epochs from its checkpoint, stops the rest', async () => {
    const env = tempHost();
    envs.push(env);
    const api = createClient(inProcessTransport(env.host.handlers, env.host.bus));
    const created = await api.call('sweeps.create', {
      name: 'halving',
      ...iris,
      space: [{ key: 'learningRate', kind: 'range', min: 0.0005, max: 0.05, scale: 'log' }],
      strategy: { type: 'halving', eta: 3, minEpochs: 1, maxEpochs: 3, seed: 3 },
      budget: { maxTrials: 3, parallel: 2 },
    });
    expect(created.trials.every((t) => t.epochs === 1)).toBe(true);
    const done = await sweepEnd(api, created.id);
    expect(done.status).toBe('completed');
    const promoted = done.trials.filter((t) => t.rung === 1);
    expect(promoted).toHaveLength(1);
    expect(promoted[0].state).toBe('completed');
    expect(promoted[0].epochsDone).toBe(3);
    const epochs = (await api.call('experiments.get', { id: promoted[0].experimentId })).epochs.map(
      (e) => e.epoch,
    );
    expect(epochs).toEqual([1, 2, 3]);
    const stopped = done.trials.filter((t) => t.rung === 0);
    expect(stopped.map((t) => t.state)).toEqual(['stopped', 'stopped']);
    expect(stopped.every((t) => t.epochsDone === 1 && (t.metric ?? 0) <= (promoted[0].metric ?? 0) + 1)).toBe(
      true,
    );
    expect(done.bestTrial?.experimentId).toBe(promoted[0].experimentId);
  });

  it('checks a sweep before anything is created; a sweep over a base experiment can be cancelled', async () => {
    const env = tempHost();
    envs.push(env);
    const api = createClient(inProcessTransport(env.host.handlers, env.host.bus));
    const base = { name: 'bad', ...iris, strategy: { type: 'grid' as const } };
    await expect(
      api.call('sweeps.create', { ...base, space: [{ key: 'conv.filters', kind: 'choice', values: [8] }] }),
    ).rejects.toThrow(/no layer named "conv"/);
    await expect(
      api.call('sweeps.create', {
        ...base,
        strategy: { type: 'halving' },
        space: [{ key: 'epochs', kind: 'choice', values: [1, 2] }],
      }),
    ).rejects.toThrow(/halving sets the epochs/);
    await expect(
      api.call('sweeps.create', {
        name: 'x',
        strategy: { type: 'grid' },
        space: [{ key: 'learningRate', kind: 'choice', values: [0.1] }],
      }),
    ).rejects.toThrow(/baseExperimentId, or graph and datasetId/);
    // A model for another kind of data is refused in words before any trial exists.
    await expect(
      api.call('sweeps.create', { ...base, graph: smallConvGraph, space: [{ key: 'learningRate', kind: 'choice', values: [0.1] }] }),
    ).rejects.toThrow(/does not fit the dataset: The input layer “input” takes 28×28 images .* holds table rows of 4 numbers/);
    expect(await api.call('experiments.list', {})).toEqual([]);

    // The Iris model swept on penguins (10 numbers per row) is adapted to it, as the Train page does.
    const penguins = await api.call('sweeps.create', {
      ...base,
      datasetId: 'builtin:penguins',
      space: [{ key: 'learningRate', kind: 'choice', values: [0.01] }],
    });
    const trial = await api.call('experiments.get', { id: penguins.trials[0]!.experimentId! });
    expect(trial.graph.nodes.find((n) => n.kind === 'InputVector')!.params.features).toBe(10);
    await api.call('sweeps.cancel', { id: penguins.id });
    await sweepEnd(api, penguins.id);

    const exp = await api.call('experiments.create', {
      name: 'base',
      graph: tabularMlp.graph,
      datasetId: 'builtin:iris',
      hyperparams: { epochs: 50, batchSize: 8 },
    });
    const sweep = await api.call('sweeps.create', {
      name: 'from base',
      baseExperimentId: exp.id,
      space: [{ key: 'batchSize', kind: 'range', min: 4, max: 16, integer: true }],
      strategy: { type: 'random', seed: 1 },
      budget: { maxTrials: 3 },
    });
    expect(sweep.trials.every((t) => t.epochs === 50 && Number.isInteger(t.params.batchSize))).toBe(true);
    const cancelled = await api.call('sweeps.cancel', { id: sweep.id });
    expect(cancelled.status).toBe('cancelled');
    const end = await sweepEnd(api, sweep.id);
    await new Promise((r) => setTimeout(r, 300));
    const after = await api.call('sweeps.get', { id: end.id });
    expect(after.trials.filter((t) => t.state === 'skipped').length).toBeGreaterThanOrEqual(2);
    expect(after.trials.some((t) => t.state === 'completed')).toBe(false);
    await expect(api.call('sweeps.cancel', { id: sweep.id })).rejects.toThrow(/already cancelled/);
  });
});
