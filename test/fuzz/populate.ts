import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Host } from '../../src/main/host';
import type { ApiClient } from '../../src/shared/api/client';
import { smallConvGraph } from '../helpers';

/** A TF.js manifest naming one weights file: enough for the bundle and save paths (never trained). */
export const FAKE_MANIFEST = {
  modelTopology: { class_name: 'Sequential', config: { layers: [] } },
  format: 'layers-model',
  weightsManifest: [{ paths: ['weights.bin'], weights: [{ name: 'w', shape: [4], dtype: 'float32' }] }],
};

/** model.json + weights.bin in `<runDir>/model`, as a finished run leaves them. */
export function writeFakeModel(runDir: string, seed: number): void {
  const dir = join(runDir, 'model');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.json'), JSON.stringify(FAKE_MANIFEST));
  writeFileSync(join(dir, 'weights.bin'), Buffer.from(new Float32Array([seed, seed + 1, seed + 2, seed + 3]).buffer));
}

/**
 * A populated project: `n` experiments, each with model files and a checkpoint file in its run folder,
 * the way finished runs leave them. Returns their ids.
 */
export async function populate(api: ApiClient, host: Host, dataDir: string, n = 3): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const e = await api.call('experiments.create', { name: `run ${i}`, graph: smallConvGraph, datasetId: 'builtin:mnist' });
    const runDir = join(dataDir, 'experiments', e.id);
    writeFakeModel(runDir, i * 10);
    mkdirSync(join(runDir, 'checkpoints'), { recursive: true });
    writeFileSync(join(runDir, 'checkpoints', 'epoch-00001.ckpt'), `checkpoint of run ${i}`);
    host.repos.db.prepare("UPDATE experiments SET status = 'completed' WHERE id = ?").run(e.id);
    ids.push(e.id);
  }
  return ids;
}

type BundleJson = { experiments: Record<string, unknown>[] } & Record<string, unknown>;

/** A bundle's JSON with its first experiment changed by `edit` (a hostile variant of a good bundle). */
export function variant(good: string, edit: (e: Record<string, unknown>, b: BundleJson) => void): string {
  const b = JSON.parse(good) as BundleJson;
  edit(b.experiments[0], b);
  return JSON.stringify(b);
}

/** base64 of a JSON value or text. */
export const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64');
