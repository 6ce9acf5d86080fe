import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { datasetDataRepo } from '../src/main/db/repos/dataset-data';
import { labelsOf, openStreamedIfLarge, streamedBatches } from '../src/main/engine/data/streamed';
import { runTraining } from '../src/main/engine/train';
import { hyperparamsSchema } from '../src/shared/api/schemas';
import { mixSeed, seededRandom } from '../src/shared/random';
import { chain } from '../src/shared/templates';
import type { EpochMetrics } from '../src/shared/api/types';
import { tempHost } from './helpers';

// A real project database holding a version in many small chunks, so streaming has something to do.
const env = tempHost();
afterAll(() => env.cleanup());
const FEATURES = 6;
const ROWS_PER_CHUNK = 40;

function blobChunks(split: 'train' | 'val' | 'test', chunks: number, seed: number) {
  const rand = seededRandom(seed);
  return Array.from({ length: chunks }, (_, index) => {
    const x = new Float32Array(ROWS_PER_CHUNK * FEATURES);
    const y = new Int32Array(ROWS_PER_CHUNK);
    for (let r = 0; r < ROWS_PER_CHUNK; r++) {
      const k = Math.floor(rand() * 3);
      y[r] = k;
      for (let f = 0; f < FEATURES; f++) x[r * FEATURES + f] = (f % 3 === k ? 2 : 0) + rand() - 0.5;
    }
    return { split, index, count: ROWS_PER_CHUNK, x, y };
  });
}

datasetDataRepo(env.host.repos.db).insertVersion({
  dataset: { id: 'ds-stream', name: 'stream me', description: '', kind: 'table', source: 'csv' },
  version: { id: 'ds-stream@1', version: 1, inputShape: [FEATURES], classes: ['a', 'b', 'c'], trainCount: 800, valCount: 120, testCount: 120, recipe: {}, stats: {} },
  chunks: [...blobChunks('train', 20, mixSeed(1, 1)), ...blobChunks('val', 3, mixSeed(1, 2)), ...blobChunks('test', 3, mixSeed(1, 3))],
  rows: [],
  now: new Date().toISOString(),
});

const { graph } = chain([
  { kind: 'InputVector', name: 'input', params: { features: FEATURES } },
  { kind: 'Dense', name: 'hidden', params: { units: 16, activation: 'relu' } },
  { kind: 'Output', name: 'out', params: { classes: 3, activation: 'softmax', loss: 'sparseCategoricalCrossentropy' } },
]);

describe('datasets larger than memory stream from SQLite', () => {
  it('every row comes exactly once per epoch, in a seeded order, a window of chunks at a time', () => {
    const s = openStreamedIfLarge('ds-stream', env.dataDir, { train: 0, test: 0 }, 0)!;
    expect(s.train.count).toBe(800);
    const epoch = (e: number) => [...streamedBatches(s.train, FEATURES, 32, 7, e)];
    const one = epoch(1);
    expect(one.reduce((a, b) => a + b.count, 0)).toBe(800);
    expect(one.slice(0, -1).every((b) => b.count === 32)).toBe(true);
    const rows = (bs: typeof one) => bs.flatMap((b) => Array.from({ length: b.count }, (_, i) => Array.from(b.x.subarray(i * FEATURES, (i + 1) * FEATURES)).join()));
    expect(new Set(rows(one)).size).toBe(800);
    expect(rows(epoch(1))).toEqual(rows(one));
    expect(rows(epoch(2))).not.toEqual(rows(one));
    expect(labelsOf(s.train)).toHaveLength(800);
    s.close();
    expect(openStreamedIfLarge('ds-stream', env.dataDir, { train: 0, test: 0 })).toBeNull(); // small: in memory
  });

  it('trains with the data streamed (threshold lowered), reproducibly, and says so', async () => {
    process.env.LAYERLAB_STREAM_ABOVE_MB = '0';
    try {
      const run = async (name: string) => {
        const epochs: EpochMetrics[] = [];
        const result = await runTraining(
          {
            experimentId: name,
            graph,
            hyperparams: hyperparamsSchema.parse({ epochs: 3, batchSize: 32, learningRate: 0.02, seed: 5 }),
            datasetId: 'ds-stream',
            runDir: join(env.dataDir, 'runs', name),
            dataDir: env.dataDir,
            resumeFromEpoch: 0,
            pinnedBackend: null,
          },
          { onProgress: () => undefined, onEpoch: (m) => void epochs.push(m), control: () => 'run' },
        );
        return { epochs, result };
      };
      const a = await run('stream-a');
      const b = await run('stream-b');
      expect(a.result.notes?.join(' ')).toMatch(/streamed from the project database/);
      expect(a.epochs).toHaveLength(3);
      expect(a.epochs[2].valAccuracy).not.toBeNull();
      expect(a.result.testCount).toBe(120);
      expect(a.result.testAccuracy).toBeGreaterThan(0.8);
      expect(b.epochs.map((e) => e.loss)).toEqual(a.epochs.map((e) => e.loss));
      // The baseline reads the streamed chunks too: every test row scored, the same figures each time.
      expect(a.result.baseline?.logistic.confusion.flat().reduce((x, y) => x + y, 0)).toBe(120);
      expect(a.result.baseline?.logistic.accuracy).toBeGreaterThan(0.8);
      expect(b.result.baseline?.logistic.confusion).toEqual(a.result.baseline?.logistic.confusion);
    } finally {
      delete process.env.LAYERLAB_STREAM_ABOVE_MB;
    }
  });
});
