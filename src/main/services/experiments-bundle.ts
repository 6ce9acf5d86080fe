import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ApiError } from '../../shared/api/errors';
import { hyperparamsSchema } from '../../shared/api/schemas';
import type { HandlerInput } from '../../shared/api/contract';
import type { BundleExportResult, BundleImportResult } from '../../shared/api/types';
import { evaluationsRepo } from '../db/repos/evaluations';
import { blobToFloat32, blobToInt32 } from '../db/repos/dataset-data';
import type { ServiceContext } from './context';
import { runDirOf, summaryOf } from './experiments';
import { exportExperiment } from './experiments-bundle-export';
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  bundleSchema,
  type Bundle,
  type BundledDataset,
  type BundledExperiment,
} from './experiments-bundle-format';

const fromB64 = (s: string) => Buffer.from(s, 'base64');
/** Bundles are read whole into memory: refuse absurd files before reading them. */
const MAX_BUNDLE_BYTES = 1024 * 1024 * 1024;

function absolute(path: string): string {
  if (!isAbsolute(path)) throw new ApiError('invalid_input', `Choose a full file path (got "${path}").`);
  return path;
}

/** One file holding experiments (settings, epochs, evaluations, model weights, dataset recipe). */
export function experimentsBundleService(ctx: ServiceContext) {
  const evaluations = evaluationsRepo(ctx.repos.db);

  const ensureDataset = (d: BundledDataset | null): void => {
    if (!d || ctx.repos.datasets.version(d.versionId) || !d.data) return;
    ctx.repos.datasetData.insertVersion({
      dataset: { id: d.id, name: d.name, description: d.description, kind: d.kind, source: d.source },
      version: { ...d, id: d.versionId, stats: d.stats ?? {} },
      chunks: d.data.chunks.map((c) => ({
        split: c.split,
        index: c.index,
        count: c.count,
        x: blobToFloat32(fromB64(c.x)),
        y: blobToInt32(fromB64(c.y)),
      })),
      rows: d.data.rows,
      now: ctx.now(),
    });
  };

  const importOne = (e: BundledExperiment): string => {
    ensureDataset(e.dataset);
    const id = ctx.repos.experiments.get(e.id) ? randomUUID() : e.id;
    ctx.repos.experiments.insertFull(
      {
        id,
        name: e.name,
        status: e.status === 'running' ? 'interrupted' : e.status,
        dataset_id: e.datasetId,
        dataset_version_id: e.datasetVersionId,
        graph: JSON.stringify(e.graph),
        layout: JSON.stringify(e.layout ?? { positions: {} }),
        hyperparams: JSON.stringify(hyperparamsSchema.parse(e.hyperparams)),
        param_count: e.paramCount,
        backend: e.backend,
        created_at: e.createdAt,
        started_at: e.startedAt,
        finished_at: e.finishedAt,
        error: e.error,
        test_accuracy: e.testAccuracy,
        test_loss: e.testLoss,
        checkpoint_epoch: e.checkpointEpoch,
        tags: JSON.stringify(e.tags),
        notes: e.notes,
      },
      e.epochs,
    );
    for (const ev of e.evaluations) {
      const p = ev.predictions;
      evaluations.insert(
        id,
        ev.split,
        ev.metrics,
        ev.createdAt,
        p && {
          width: p.width,
          probs: blobToFloat32(fromB64(p.probs)),
          labels: blobToInt32(fromB64(p.labels)),
          indices: blobToInt32(fromB64(p.indices)),
        },
      );
    }
    const files = Object.entries(e.model);
    if (files.length) {
      const modelDir = join(runDirOf(ctx, id), 'model');
      mkdirSync(modelDir, { recursive: true });
      for (const [name, data] of files) writeFileSync(join(modelDir, name), fromB64(data));
    }
    return id;
  };

  return {
    'experiments.exportBundle': ({
      ids,
      path,
      includeData,
    }: HandlerInput<'experiments.exportBundle'>): BundleExportResult => {
      const bundle: Bundle = {
        format: BUNDLE_FORMAT,
        version: BUNDLE_VERSION,
        createdAt: ctx.now(),
        app: `LayerLab ${ctx.version}`,
        experiments: [...new Set(ids)].map((id) => exportExperiment(ctx, id, includeData)),
      };
      const text = JSON.stringify(bundle);
      try {
        mkdirSync(dirname(absolute(path)), { recursive: true });
        writeFileSync(path, text);
      } catch (err) {
        if (err instanceof ApiError) throw err;
        throw new ApiError('unavailable', `Cannot write ${path}: ${(err as Error).message}`);
      }
      return { path, experiments: bundle.experiments.length, bytes: Buffer.byteLength(text) };
    },
    'experiments.importBundle': ({ path }: HandlerInput<'experiments.importBundle'>): BundleImportResult => {
      if (!existsSync(absolute(path))) throw new ApiError('not_found', `No file at ${path}.`);
      if (statSync(path).size > MAX_BUNDLE_BYTES)
        throw new ApiError(
          'invalid_input',
          `${path} is larger than 1 GB; LayerLab does not read bundles that big.`,
        );
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(path, 'utf8'));
      } catch (err) {
        throw new ApiError(
          'invalid_input',
          `${path} is not a LayerLab bundle (not JSON: ${(err as Error).message}).`,
        );
      }
      const check = bundleSchema.safeParse(parsed);
      if (!check.success) {
        const issue = check.error.issues[0];
        throw new ApiError(
          'invalid_input',
          `${path} is not a LayerLab bundle this version can read (${issue.path.join('.')}: ${issue.message}).`,
        );
      }
      const result: BundleImportResult = { imported: [], skipped: [] };
      for (const e of check.data.experiments) {
        try {
          const id = importOne(e);
          result.imported.push(summaryOf(ctx, id));
        } catch (err) {
          result.skipped.push({ name: e.name, reason: err instanceof Error ? err.message : String(err) });
        }
      }
      return result;
    },
  };
}
