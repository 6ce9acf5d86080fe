import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '../src/shared/api/client';
import { hyperparamsSchema } from '../src/shared/api/schemas';
import { tabularMlp } from '../src/shared/templates/extra';
import { mixSeed, seededRandom } from '../src/shared/random';
import { inProcessTransport } from '../src/main/transport/in-process';
import { runTraining } from '../src/main/engine/train';
import type { EpochMetrics } from '../src/shared/api/types';
import { tempHost } from './helpers';

/** Import a CSV through the contract, then train the table MLP on it through runTraining (read-only DB). */
const env = tempHost();
const api = createClient(inProcessTransport(env.host.handlers, env.host.bus));
afterAll(() => env.cleanup());

/** Three well-separated blobs in 4 dimensions, with a categorical label column. */
function blobsCsv(rows: number): string {
  const rand = seededRandom(mixSeed(1, 2));
  const lines = ['f1,f2,f3,f4,species'];
  for (let i = 0; i < rows; i++) {
    const k = i % 3;
    const f = [0, 1, 2, 3].map((d) => (k * 4 + (d === k ? 3 : 0) + rand() * 0.8).toFixed(3));
    lines.push([...f, ['alpha', 'beta', 'gamma'][k]].join(','));
  }
  return lines.join('\n');
}

describe('import then train', () => {
  it('trains one epoch of a small MLP on an imported CSV', async () => {
    const path = join(env.dataDir, 'blobs.csv');
    writeFileSync(path, blobsCsv(300));
    const imported = await api.call('datasets.importCsv', {
      path,
      name: 'blobs',
      label: 'species',
      columns: Object.fromEntries(['f1', 'f2', 'f3', 'f4'].map((c) => [c, { scaling: 'zscore' as const }])),
      split: { train: 0.8, val: 0, test: 0.2 },
    });
    expect(imported).toMatchObject({ inputShape: [4], classes: ['alpha', 'beta', 'gamma'], trainCount: 240, testCount: 60 });
    const epochs: EpochMetrics[] = [];
    const result = await runTraining(
      {
        experimentId: 'blobs',
        graph: tabularMlp.graph,
        hyperparams: hyperparamsSchema.parse({ epochs: 1, batchSize: 8, learningRate: 0.03, validationSplit: 0.1 }),
        datasetId: imported.datasetId,
        runDir: join(env.dataDir, 'runs', 'blobs'),
        dataDir: env.dataDir,
        resumeFromEpoch: 0,
        pinnedBackend: null,
      },
      { onProgress: () => undefined, onEpoch: (m) => void epochs.push(m), control: () => 'run' },
    );
    expect(epochs).toHaveLength(1);
    expect(Number.isFinite(epochs[0].loss)).toBe(true);
    expect(result.testCount).toBe(60);
    expect(result.testAccuracy).toBeGreaterThan(0.6);
  });
});
