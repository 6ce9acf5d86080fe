import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ApiError } from '../../shared/api/errors';
import { hyperparamsSchema, type Hyperparams } from '../../shared/api/schemas';
import type { HandlerInput } from '../../shared/api/contract';
import type { ExperimentDetail, ExperimentSummary, GpuAdapterInfo } from '../../shared/api/types';
import type { GraphLayout, ModelGraph } from '../../shared/graph/types';
import { analyzeGraph } from '../../shared/validate/analyze';
import type { EpochAggregate, ExperimentRow } from '../db/repos/experiments';
import type { ServiceContext } from './context';
import { assertOutsideProject, childPath, isSafeSegment, removeChild, runDirIn } from '../fs/safe-paths';
import { plainFsReason } from '../fs/write-user-file';
import { parseModelManifest, weightFiles } from '../engine/model-manifest';

/** Folder holding one experiment's checkpoints and model files (the id checked: see fs/safe-paths). */
export const runDirOf = (ctx: ServiceContext, id: string) => runDirIn(ctx.dataDir, id);

/** The stored adapter JSON (schema 7) → GpuAdapterInfo; null when absent or not an adapter record. */
export function readAdapter(json: string | null | undefined): GpuAdapterInfo | null {
  if (!json) return null;
  try {
    const a = JSON.parse(json) as Partial<GpuAdapterInfo> | null;
    if (!a || typeof a.vendor !== 'string' || typeof a.software !== 'boolean') return null;
    return { vendor: a.vendor, architecture: String(a.architecture ?? ''), description: String(a.description ?? ''), software: a.software };
  } catch {
    return null;
  }
}

/** Row + aggregates → the contract's summary shape. */
export function toSummary(row: Omit<ExperimentRow, 'graph' | 'layout'>, agg: Omit<EpochAggregate, 'experiment_id'> | undefined): ExperimentSummary {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    datasetId: row.dataset_id,
    datasetVersionId: row.dataset_version_id,
    hyperparams: readHyperparams(row.hyperparams),
    backend: row.backend,
    backendAdapter: readAdapter(row.backend_adapter),
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    epochsDone: agg?.epochs_done ?? 0,
    lastAccuracy: agg?.last_accuracy ?? null,
    bestValAccuracy: agg?.best_val_accuracy ?? null,
    testAccuracy: row.test_accuracy,
    testLoss: row.test_loss,
    error: row.error,
    paramCount: row.param_count,
    tags: parseTags(row.tags),
    notes: row.notes ?? '',
    bestValEpoch: agg?.best_val_epoch ?? null,
    lastValAccuracy: agg?.last_val_accuracy ?? null,
    lastValLoss: agg?.last_val_loss ?? null,
    lastEpoch: agg?.last_epoch ?? null,
  };
}

const HP_DEFAULTS = hyperparamsSchema.parse({});

/**
 * Stored hyperparams were validated on the way in (create, clone, repeat, bundle import), so the table
 * only fills defaults added since: a full zod parse per row cost a third of listing 5,000 experiments.
 */
function readHyperparams(text: string): Hyperparams {
  return { ...HP_DEFAULTS, ...(JSON.parse(text) as Partial<Hyperparams>) };
}

/** Tags column (JSON array text) → strings; anything malformed reads as no tags. */
function parseTags(text: string | undefined): string[] {
  try {
    const v: unknown = JSON.parse(text ?? '[]');
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

/** Load a row or fail with a plain not-found error. */
export function requireExperiment(ctx: ServiceContext, id: string): ExperimentRow {
  const row = ctx.repos.experiments.get(id);
  if (!row) throw new ApiError('not_found', `No experiment with id ${id}.`);
  return row;
}

/** The contract's summary of one stored experiment (not-found error when it is gone). */
export const summaryOf = (ctx: ServiceContext, id: string): ExperimentSummary =>
  toSummary(requireExperiment(ctx, id), ctx.repos.experiments.aggregate(id));

/** The experiments domain of the contract. */
export function experimentsService(ctx: ServiceContext) {
  const summary = (id: string) => summaryOf(ctx, id);
  return {
    'experiments.list': (): ExperimentSummary[] => {
      return ctx.repos.experiments.listSummaries().map((r) => toSummary(r, r));
    },
    'experiments.get': ({ id }: HandlerInput<'experiments.get'>): ExperimentDetail => {
      const row = requireExperiment(ctx, id);
      return {
        ...toSummary(row, ctx.repos.experiments.aggregate(id)),
        graph: JSON.parse(row.graph) as ModelGraph,
        layout: JSON.parse(row.layout) as GraphLayout,
        epochs: ctx.repos.experiments.epochs(id),
        hasModel: existsSync(join(runDirOf(ctx, id), 'model', 'model.json')),
      };
    },
    'experiments.create': (input: HandlerInput<'experiments.create'>): ExperimentSummary => {
      const dataset = ctx.repos.datasets.latestVersions().find((d) => d.dataset_id === input.datasetId);
      if (!dataset) throw new ApiError('not_found', 'The chosen dataset no longer exists (it may have been deleted). Choose another dataset.');
      const analysis = analyzeGraph(input.graph);
      const id = randomUUID();
      ctx.repos.experiments.insert({
        id,
        name: input.name,
        dataset_id: dataset.dataset_id,
        dataset_version_id: dataset.id,
        graph: JSON.stringify(input.graph),
        layout: JSON.stringify(input.layout ?? { positions: {} }),
        hyperparams: JSON.stringify(hyperparamsSchema.parse(input.hyperparams ?? {})),
        param_count: analysis.totalParams,
        created_at: ctx.now(),
      });
      return summary(id);
    },
    'experiments.rename': ({ id, name }: HandlerInput<'experiments.rename'>) => {
      requireExperiment(ctx, id);
      ctx.repos.experiments.rename(id, name);
      return summary(id);
    },
    'experiments.delete': ({ id }: HandlerInput<'experiments.delete'>) => {
      const row = requireExperiment(ctx, id);
      if (row.status === 'running') throw new ApiError('conflict', 'Cancel the run before deleting the experiment.');
      const deleted = ctx.repos.experiments.delete(id);
      // Only `<data>/experiments/<id>` itself, and only for an id that is one safe folder name: a row left
      // with a hostile id by an older version (`.`, `..`) loses its row, never a folder.
      if (isSafeSegment(id)) removeChild(join(ctx.dataDir, 'experiments'), id, 'experiment id');
      return { deleted };
    },
    'experiments.saveModel': async ({ id, directory }: HandlerInput<'experiments.saveModel'>) => {
      const row = requireExperiment(ctx, id);
      const modelDir = join(runDirOf(ctx, id), 'model');
      if (!existsSync(join(modelDir, 'model.json')))
        throw new ApiError('conflict', `"${row.name}" has no trained model yet: train it to the end first.`);
      if (!isAbsolute(directory)) throw new ApiError('invalid_input', `Choose a full folder path (got "${directory}").`);
      assertOutsideProject(ctx.dataDir, directory, 'folder');
      // The stored manifest is checked again before it leaves: an older bundle import could have stored
      // one naming `../` weight files, which must never be written out.
      const manifest = parseModelManifest(readFileSync(join(modelDir, 'model.json'), 'utf8'));
      if (!manifest.ok) throw new ApiError('conflict', `The stored model of "${row.name}" is damaged (${manifest.message}); train it again.`);
      const files = ['model.json', ...weightFiles(manifest.manifest).filter((f) => f !== 'model.json')];
      const tmp = (f: string) => join(directory, `.${f}.tmp-${process.pid}`);
      try {
        mkdirSync(directory, { recursive: true });
        // Temp names + rename (weights first, model.json last): a crash never leaves a half-written file visible.
        for (const f of files) copyFileSync(childPath(modelDir, [f], 'model file'), tmp(f));
        for (const f of [...files].reverse()) renameSync(tmp(f), join(directory, f));
      } catch (err) {
        for (const f of files) rmSync(tmp(f), { force: true });
        if (err instanceof ApiError) throw err;
        throw new ApiError('unavailable', `Cannot write the model to ${directory}: ${plainFsReason(err)}`);
      }
      return { directory, files: files.map((f) => join(directory, f)) };
    },
  };
}
