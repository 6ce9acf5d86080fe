import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { hyperparamsSchema } from '../../shared/api/schemas';
import { join } from 'node:path';
import { evaluationsRepo } from '../db/repos/evaluations';
import type { ServiceContext } from './context';
import { readAdapter, requireExperiment, runDirOf } from './experiments';
import type { BundledDataset, BundledExperiment } from './experiments-bundle-format';

/** Base64 of a typed array's or buffer's bytes. */
export const b64 = (a: Float32Array | Int32Array | Buffer) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

/** A dataset version's identity and recipe; with includeData its samples and preview rows too (not for built-ins). */
function datasetOf(ctx: ServiceContext, versionId: string, includeData: boolean): BundledDataset | null {
  const v = ctx.repos.datasetData.meta(versionId);
  const d = ctx.repos.datasets.version(versionId);
  if (!v || !d) return null;
  const data =
    includeData && d.source !== 'builtin'
      ? {
          chunks: (['train', 'val', 'test'] as const).flatMap((split) =>
            [...ctx.repos.datasetData.chunks(versionId, split)].map((c) => ({
              split,
              index: c.chunk_index,
              count: c.count,
              x: b64(c.x),
              y: b64(c.y),
            })),
          ),
          rows: [ctx.repos.datasetData.rows(versionId, 0, Number.MAX_SAFE_INTEGER).rows],
        }
      : undefined;
  return {
    id: d.dataset_id,
    name: d.name,
    description: d.description,
    kind: d.kind,
    source: d.source,
    versionId,
    version: d.version,
    inputShape: JSON.parse(d.input_shape) as number[],
    classes: JSON.parse(d.classes) as string[],
    trainCount: d.train_count,
    valCount: v.val_count ?? 0,
    testCount: d.test_count,
    recipe: JSON.parse(d.recipe) as unknown,
    stats: JSON.parse(v.stats ?? '{}') as unknown,
    ...(data ? { data } : {}),
  };
}

/** One experiment as it goes into a bundle: row, epochs, evaluations (predictions base64), model files, dataset. */
export function exportExperiment(ctx: ServiceContext, id: string, includeData: boolean): BundledExperiment {
  const evaluations = evaluationsRepo(ctx.repos.db);
  const row = requireExperiment(ctx, id);
  const modelDir = join(runDirOf(ctx, id), 'model');
  const model: Record<string, string> = {};
  if (existsSync(modelDir))
    for (const f of readdirSync(modelDir))
      // lstat: only plain files of our own folder go out, never what a link points at.
      if (lstatSync(join(modelDir, f)).isFile()) model[f] = b64(readFileSync(join(modelDir, f)));
  return {
    id: row.id,
    name: row.name,
    status: row.status === 'running' ? 'interrupted' : row.status,
    datasetId: row.dataset_id,
    datasetVersionId: row.dataset_version_id,
    graph: JSON.parse(row.graph),
    layout: JSON.parse(row.layout),
    hyperparams: hyperparamsSchema.parse(JSON.parse(row.hyperparams)),
    paramCount: row.param_count,
    backend: row.backend,
    backendAdapter: readAdapter(row.backend_adapter),
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error,
    testAccuracy: row.test_accuracy,
    testLoss: row.test_loss,
    checkpointEpoch: row.checkpoint_epoch,
    tags: JSON.parse(row.tags ?? '[]') as string[],
    notes: row.notes ?? '',
    epochs: ctx.repos.experiments.epochs(id),
    evaluations: evaluations.all(id).map((e) => ({
      split: e.split,
      metrics: e.metrics,
      createdAt: e.createdAt,
      predictions: e.predictions && {
        width: e.predictions.width,
        probs: b64(e.predictions.probs),
        labels: b64(e.predictions.labels),
        indices: b64(e.predictions.indices),
      },
    })),
    model,
    dataset: datasetOf(ctx, row.dataset_version_id, includeData),
  };
}

/** Make the bundle's dataset version exist here when it carries the data (built-ins always do). */
