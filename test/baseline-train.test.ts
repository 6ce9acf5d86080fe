import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from '../src/shared/api/client';
import { chain } from '../src/shared/templates';
import type { LayerNode } from '../src/shared/graph/types';
import { inProcessTransport } from '../src/main/transport/in-process';
import { evaluationsRepo } from '../src/main/db/repos/evaluations';
import { openTrainingData } from '../src/main/engine/training-data';
import { hyperparamsSchema } from '../src/shared/api/schemas';
import { tempHost, waitFor } from './helpers';

type ChainLayer = Omit<LayerNode, 'id'>;

// Real runs in the child trainer, one per kind of data: each stores its baselines with its evaluation.
const t = tempHost();
afterAll(() => t.cleanup());
const api = createClient(inProcessTransport(t.host.handlers, t.host.bus));

const output = (classes: number): ChainLayer => ({
  kind: 'Output',
  name: 'out',
  params: { classes, activation: 'softmax', loss: 'sparseCategoricalCrossentropy' },
});
const cases: { kind: string; datasetId: string; layers: ChainLayer[]; hp: Record<string, number> }[] = [
  {
    kind: 'table',
    datasetId: 'builtin:iris',
    layers: [{ kind: 'InputVector', name: 'in', params: { features: 4 } }, { kind: 'Dense', name: 'h', params: { units: 8, activation: 'relu' } }, output(3)],
    hp: { epochs: 2, batchSize: 16 },
  },
  {
    kind: 'image',
    datasetId: 'builtin:mnist',
    layers: [{ kind: 'InputImage', name: 'in', params: { height: 28, width: 28, channels: 1 } }, { kind: 'Flatten', name: 'f', params: {} }, output(10)],
    hp: { epochs: 1, trainLimit: 400, testLimit: 200, batchSize: 50 },
  },
  {
    kind: 'text',
    datasetId: 'builtin:spam',
    layers: [
      { kind: 'InputSequence', name: 'in', params: { length: 100, vocabSize: 10_000 } },
      { kind: 'Embedding', name: 'e', params: { vocabSize: 10_000, outputDim: 8 } },
      { kind: 'GlobalAveragePool1D', name: 'p', params: {} },
      output(2),
    ],
    hp: { epochs: 1, trainLimit: 600, testLimit: 300, batchSize: 64 },
  },
];

describe('every run is measured against a logistic regression and the majority class', () => {
  for (const c of cases) {
    it(`${c.kind}: trained with the run, stored with its evaluation, returned by the contract`, async () => {
      const { graph, layout } = chain(c.layers);
      const exp = await api.call('experiments.create', { name: c.kind, graph, layout, datasetId: c.datasetId, hyperparams: c.hp });
      await api.call('training.start', { id: exp.id });
      const done = await waitFor(
        () => t.host.repos.experiments.get(exp.id)?.status !== 'running' && t.host.repos.experiments.get(exp.id),
        180_000,
        `${c.kind} run`,
      );
      expect(done.status, done.error ?? '').toBe('completed');

      const stored = evaluationsRepo(t.host.repos.db).latest(exp.id, 'test')!;
      const ev = await api.call('experiments.evaluation', { id: exp.id });
      expect(ev.baseline).toEqual(stored.metrics.baseline);
      const b = ev.baseline!;
      expect(b.logistic.confusion.flat().reduce((a, v) => a + v, 0)).toBe(ev.count);
      if (c.kind === 'text') expect(b.logistic.features).toMatch(/TF-IDF/);
      else expect(b.logistic.features).toMatch(/preprocessed features/);
      // Far above chance on every kind (these datasets are easy for a linear model).
      expect(b.logistic.accuracy).toBeGreaterThan(c.kind === 'image' ? 0.7 : 0.8);

      // The majority figure, recomputed from the run's own training rows and its stored test labels.
      const job = {
        experimentId: exp.id,
        graph,
        hyperparams: hyperparamsSchema.parse(c.hp),
        datasetId: c.datasetId,
        datasetVersionId: t.host.repos.experiments.get(exp.id)!.dataset_version_id,
        runDir: t.dataDir,
        dataDir: t.dataDir,
        resumeFromEpoch: 0,
        pinnedBackend: null,
      };
      const data = await openTrainingData(job);
      const counts = new Map<number, number>();
      for (const y of data.trainLabels()) counts.set(y, (counts.get(y) ?? 0) + 1);
      const mode = [...counts.entries()].sort((x, y) => y[1] - x[1] || x[0] - y[0])[0][0];
      data.close();
      expect(b.majority.classIndex).toBe(mode);
      expect(b.majority.className).toBe(ev.classes[mode]);
      const labels = stored.predictions!.labels;
      expect(b.majority.accuracy).toBeCloseTo(labels.filter((y) => y === mode).length / labels.length, 12);

      // The comparison carries it too.
      const cmp = await api.call('experiments.compare', { ids: [exp.id, exp.id] });
      expect(cmp.experiments[0].baseline).toEqual(b);
    }, 240_000);
  }
});
