import { describe, expect, it } from 'vitest';
import { mnistCnn } from '../templates';
import type { ModelGraph } from '../graph/types';
import { bestEpoch, compareExperiments, type CompareInput } from './compare';
import { diffGraphs } from './graph-diff';

const hp = {
  optimizer: 'adam',
  learningRate: 0.001,
  batchSize: 64,
  epochs: 2,
  validationSplit: 0.1,
  seed: 42,
  trainLimit: 320,
  testLimit: 200,
};
const exp = (id: string, over: Partial<CompareInput> = {}): CompareInput => ({
  id,
  name: id,
  graph: mnistCnn.graph,
  hyperparams: hp,
  datasetId: 'builtin:mnist',
  datasetVersionId: 'builtin:mnist@1',
  epochs: [],
  testAccuracy: null,
  ...over,
});
const editDense = (g: ModelGraph, units: number): ModelGraph => ({
  ...g,
  nodes: g.nodes.map((n) => (n.name === 'dense_1' ? { ...n, params: { ...n.params, units } } : n)),
});

describe('compare', () => {
  it('best epoch by val accuracy, else by val loss, else none', () => {
    const e = (epoch: number, valAccuracy: number | null, valLoss: number | null) => ({
      epoch,
      loss: 1,
      valAccuracy,
      valLoss,
    });
    expect(bestEpoch([e(1, 0.8, 0.5), e(2, 0.9, 0.4), e(3, 0.85, 0.3)])).toEqual({
      epoch: 2,
      by: 'valAccuracy',
      value: 0.9,
    });
    expect(bestEpoch([e(1, null, 0.5), e(2, null, 0.3), e(3, null, 0.4)])).toEqual({
      epoch: 2,
      by: 'valLoss',
      value: 0.3,
    });
    expect(bestEpoch([e(1, null, null)])).toBeNull();
  });

  it('the diff shows only what differs: one layer param and one hyperparam', () => {
    const c = compareExperiments([
      exp('a'),
      exp('b', { graph: editDense(mnistCnn.graph, 128), hyperparams: { ...hp, learningRate: 0.01 } }),
    ]);
    expect(c.diff).toEqual([
      { param: 'learningRate', values: [0.001, 0.01], label: 'Learning rate', shown: ['0.001', '0.01'] },
      { param: 'dense_1.units', values: [64, 128], label: 'dense_1: Units', shown: ['64', '128'] },
    ]);
    expect(c.graphDiffs[0].diff.nodes.filter((n) => n.change !== 'same')).toMatchObject([
      { key: 'dense_1', change: 'changed', params: [{ param: 'units', before: 64, after: 128 }] },
    ]);
  });

  it('the diff reads as words: labels, units, dataset names, "—" for a layer one run lacks', () => {
    const withDropout: ModelGraph = {
      nodes: [...mnistCnn.graph.nodes, { id: 'd1', kind: 'Dropout', name: 'dropout_1', params: { rate: 0.25 } }],
      edges: mnistCnn.graph.edges,
    };
    const c = compareExperiments([
      exp('a', { datasetLabel: 'MNIST digits', datasetVersionLabel: 'MNIST digits v1' }),
      exp('b', {
        graph: withDropout,
        hyperparams: { ...hp, validationSplit: 0.2, trainLimit: 0, earlyStoppingPatience: 3 },
        datasetId: 'ds-e878e5e4',
        datasetVersionId: 'ds-e878e5e4@1',
        datasetLabel: 'penguins.csv',
        datasetVersionLabel: 'penguins.csv v1',
      }),
    ]);
    const rows = Object.fromEntries(c.diff.map((r) => [r.param, [r.label, ...r.shown]]));
    expect(rows).toEqual({
      validationSplit: ['Validation split', '10 %', '20 %'],
      trainLimit: ['Training samples used', '320', 'all'],
      earlyStoppingPatience: ['Early stopping patience', '—', '3 epochs'],
      dataset: ['Dataset', 'MNIST digits', 'penguins.csv'],
      datasetVersion: ['Dataset version', 'MNIST digits v1', 'penguins.csv v1'],
      'dropout_1.kind': ['dropout_1: layer type', '—', 'Dropout'],
      'dropout_1.rate': ['dropout_1: Rate', '—', '0.25'],
    });
    // Nothing a person reads is a raw id, "null" or "undefined".
    expect(JSON.stringify(c.diff.map((r) => r.shown))).not.toMatch(/null|undefined|ds-/);
  });

  it('graph diff: added, removed, renamed-by-position, edges', () => {
    const a = mnistCnn.graph;
    const dense = a.nodes.find((n) => n.name === 'dense_1')!;
    const out = a.nodes.find((n) => n.kind === 'Output')!;
    const flat = a.nodes.find((n) => n.kind === 'Flatten')!;
    // b: dense_1 renamed to "hidden" (same kind, same place), a Dropout added before output, conv2d_2 + pool removed.
    const conv2 = a.nodes.find((n) => n.name === 'conv2d_2')!;
    const pool2 = a.nodes.find((n) => n.name === 'max_pooling2d_2')!;
    const pool1 = a.nodes.find((n) => n.name === 'max_pooling2d_1')!;
    const b: ModelGraph = {
      nodes: [
        ...a.nodes.filter((n) => n !== conv2 && n !== pool2 && n !== dense),
        { ...dense, name: 'hidden' },
        { id: 'drop', kind: 'Dropout', name: 'dropout', params: { rate: 0.5 } },
      ],
      edges: [
        ...a.edges.filter(
          (e) => ![conv2.id, pool2.id].includes(e.source) && ![conv2.id, pool2.id, out.id].includes(e.target),
        ),
        { id: 'e1', source: pool1.id, target: flat.id, targetPort: 0 },
        { id: 'e2', source: dense.id, target: 'drop', targetPort: 0 },
        { id: 'e3', source: 'drop', target: out.id, targetPort: 0 },
      ],
    };
    const d = diffGraphs(a, b);
    const byKey = Object.fromEntries(d.nodes.map((n) => [n.key, n]));
    expect(byKey.hidden).toMatchObject({ change: 'changed', renamedFrom: 'dense_1', params: [] });
    expect(byKey.dropout.change).toBe('added');
    expect(byKey.conv2d_2.change).toBe('removed');
    expect(byKey.max_pooling2d_2.change).toBe('removed');
    expect(byKey.conv2d_1.change).toBe('same');
    expect([d.added, d.removed, d.changed]).toEqual([1, 2, 1]);
    expect(d.edges).toContainEqual({ source: 'hidden', target: 'dropout', change: 'added' });
    expect(d.edges).toContainEqual({ source: 'hidden', target: 'output', change: 'removed' });
    expect(byKey.output.depth).toBeGreaterThan(byKey.dropout.depth);
  });

  it('seed groups: mean, sd, CI and a Welch test between two groups', () => {
    const list = [
      ...[0.912, 0.905, 0.918].map((t, i) =>
        exp(`a${i}`, { name: `small · seed ${i}`, hyperparams: { ...hp, seed: i }, testAccuracy: t }),
      ),
      ...[0.951, 0.948, 0.955].map((t, i) =>
        exp(`b${i}`, {
          name: `big · seed ${i}`,
          graph: editDense(mnistCnn.graph, 128),
          hyperparams: { ...hp, seed: i },
          testAccuracy: t,
        }),
      ),
    ];
    const c = compareExperiments(list);
    expect(c.groups.map((g) => [g.label, g.ids.length, g.seeds])).toEqual([
      ['small', 3, [0, 1, 2]],
      ['big', 3, [0, 1, 2]],
    ]);
    expect(c.groups[0].testAccuracy.mean).toBeCloseTo(0.911666666, 6);
    expect(c.tests).toHaveLength(1);
    expect(c.tests[0].result.significant).toBe(true);
    // Seed-only differences still appear in the diff.
    expect(c.diff.map((r) => r.param)).toEqual(['seed', 'dense_1.units']);
  });
});
