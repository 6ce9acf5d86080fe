import type * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ApiError } from '../../shared/api/errors';
import { hyperparamsSchema } from '../../shared/api/schemas';
import type { HandlerInput } from '../../shared/api/contract';
import type { ExportResult, ImportedModel } from '../../shared/api/types';
import type { ModelGraph } from '../../shared/graph/types';
import type { ExperimentRow } from '../db/repos/experiments';
import { loadModelFiles, saveModelFiles } from '../engine/model-files';
import { ensureBackend } from '../engine/backend';
import { builtinRecipe } from '../engine/data/builtins';
import { buildPreprocessing, exportModel, type Preprocessing } from '../export';
import { requireExperiment, runDirOf } from './experiments';
import type { ServiceContext } from './context';
import { assertOutsideProject, childPath } from '../fs/safe-paths';
import { plainFsReason } from '../fs/write-user-file';

const IMPORTED_ID = /^imported-[0-9a-f-]{36}$/;
/** `<data>/imported/<id>`, the id checked as one safe folder name (see fs/safe-paths). */
const importedDir = (ctx: ServiceContext, id: string) => childPath(join(ctx.dataDir, 'imported'), [id], 'model id');
const shapeOf = (t: tf.SymbolicTensor) => t.shape.slice(1);

/** The preprocessing an experiment's model was trained with (dataset version recipe included). */
export function experimentPreprocessing(
  ctx: ServiceContext,
  row: ExperimentRow,
  model: tf.LayersModel,
): Preprocessing {
  const v = ctx.repos.datasets.version(row.dataset_version_id);
  // Built-ins are registered with a one-line recipe; their full one (fitted columns, vocabulary) is the loader's.
  const stored = v ? (JSON.parse(v.recipe) as Record<string, unknown>) : {};
  const recipe = (v && builtinRecipe(row.dataset_version_id)) ?? stored;
  return buildPreprocessing({
    inputNames: model.inputs.map((t) => t.sourceLayer.name),
    inputShape: shapeOf(model.inputs[0]).map((d) => d ?? 1),
    kind: v?.kind ?? 'unknown',
    labels: v ? (JSON.parse(v.classes) as string[]) : [],
    recipe,
    dataset: { id: row.dataset_id, versionId: row.dataset_version_id },
  });
}

/** An experiment's trained model, or a plain conflict error when it has none yet. */
export async function experimentModel(ctx: ServiceContext, row: ExperimentRow): Promise<tf.LayersModel> {
  const dir = join(runDirOf(ctx, row.id), 'model');
  if (!existsSync(join(dir, 'model.json')))
    throw new ApiError('conflict', `"${row.name}" has no trained model yet: train it to the end first.`);
  await hostBackend(ctx);
  try {
    return await loadModelFiles(dir);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    // A damaged or foreign model.json (an old bundle's): plain words, not tfjs's message.
    throw new ApiError('conflict', `The stored model of "${row.name}" cannot be read (its files are damaged); train it again.`);
  }
}

/** A model to serve: an experiment's, or an imported one (ids `imported-…`). */
export async function servableModel(
  ctx: ServiceContext,
  id: string,
): Promise<{ name: string; model: tf.LayersModel; preprocessing: Preprocessing }> {
  if (IMPORTED_ID.test(id)) {
    const dir = importedDir(ctx, id);
    if (!existsSync(join(dir, 'meta.json')))
      throw new ApiError('not_found', `No imported model with id ${id}.`);
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as ImportedModel;
    const preprocessing = JSON.parse(readFileSync(join(dir, 'preprocessing.json'), 'utf8')) as Preprocessing;
    await hostBackend(ctx);
    return { name: meta.name, model: await loadModelFiles(join(dir, 'model')), preprocessing };
  }
  const row = requireExperiment(ctx, id);
  const model = await experimentModel(ctx, row);
  return { name: row.name, model, preprocessing: experimentPreprocessing(ctx, row, model) };
}

/**
 * The host's tfjs backend, chosen by the same ladder (and pin) as training, before the first model is
 * read. loadModelFiles would ensure one anyway; going through here first lets the user's pin count.
 */
export const hostBackend = (ctx: ServiceContext) =>
  ensureBackend({ pinned: ctx.repos.settings.get('pinnedBackend') ?? null });

const toResult = (meta: unknown): ExportResult => meta as ExportResult;

/** Export, import and the record of exports. */
export function exportService(ctx: ServiceContext) {
  return {
    'experiments.export': async ({
      id,
      format,
      directory,
    }: HandlerInput<'experiments.export'>): Promise<ExportResult> => {
      const row = requireExperiment(ctx, id);
      if (!isAbsolute(directory))
        throw new ApiError('invalid_input', `Choose a full folder path (got "${directory}").`);
      assertOutsideProject(ctx.dataDir, directory, 'folder');
      const model = await experimentModel(ctx, row);
      try {
        const { files, parity, notes } = await exportModel({
          format,
          directory,
          model,
          name: row.name,
          preprocessing: experimentPreprocessing(ctx, row, model),
          graph: JSON.parse(row.graph) as ModelGraph,
          hyperparams: hyperparamsSchema.parse(JSON.parse(row.hyperparams)),
          datasetId: row.dataset_id,
          dataDir: ctx.dataDir,
        });
        const result: ExportResult = { format, directory, files, parity, ...(notes ? { notes } : {}), createdAt: ctx.now() };
        ctx.repos.artifacts.insert({
          experiment_id: id,
          kind: 'export',
          path: directory,
          meta: result,
          created_at: result.createdAt,
        });
        return result;
      } catch (err) {
        if (err instanceof ApiError) throw err;
        // A file-system refusal (no permission, a file in the way) in words, not as an errno code.
        const reason = (err as NodeJS.ErrnoException).code ? plainFsReason(err) : (err as Error).message;
        throw new ApiError('unavailable', `The export to ${directory} failed: ${reason}`);
      } finally {
        model.dispose();
      }
    },
    'experiments.exports': ({ id }: HandlerInput<'experiments.exports'>): ExportResult[] => {
      requireExperiment(ctx, id);
      return ctx.repos.artifacts.list(id, 'export').map((a) => toResult(JSON.parse(a.meta)));
    },
    'models.importTfjs': async ({
      directory,
      name,
    }: HandlerInput<'models.importTfjs'>): Promise<ImportedModel> => {
      if (!isAbsolute(directory))
        throw new ApiError('invalid_input', `Choose a full folder path (got "${directory}").`);
      if (!existsSync(join(directory, 'model.json')))
        throw new ApiError('invalid_input', `${directory} has no model.json.`);
      let model: tf.LayersModel;
      await hostBackend(ctx);
      try {
        // Validates the manifest (plain weight file names only) and reads regular files whose real path
        // is inside the folder (symlinks pointing out refused), with byte limits, before building anything.
        model = await loadModelFiles(directory);
      } catch (err) {
        if (err instanceof ApiError) throw err;
        throw new ApiError('invalid_input', `The TF.js model in ${directory} cannot be imported: ${(err as Error).message}`);
      }
      if (model.inputs.length !== 1 || model.outputs.length !== 1)
        throw new ApiError('invalid_input', 'Only models with one input and one output can be imported.');
      const id = `imported-${randomUUID()}`;
      const dir = importedDir(ctx, id);
      const meta: ImportedModel = {
        id,
        name,
        inputShape: shapeOf(model.inputs[0]),
        outputShape: shapeOf(model.outputs[0]),
        paramCount: model.countParams(),
        createdAt: ctx.now(),
      };
      const classes = (meta.outputShape[meta.outputShape.length - 1] ?? 1) as number;
      const prep = buildPreprocessing({
        inputNames: [model.inputs[0].sourceLayer.name],
        inputShape: meta.inputShape.map((d) => d ?? 1),
        kind: 'unknown',
        labels: Array.from({ length: classes }, (_v, i) => String(i)),
        recipe: {},
      });
      // Re-saved (not copied), so the stored files are our own clean layout.
      await saveModelFiles(model, join(dir, 'model'));
      model.dispose();
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'preprocessing.json'), JSON.stringify(prep, null, 2));
      writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta, null, 2));
      return meta;
    },
    'models.list': (): ImportedModel[] => {
      const root = join(ctx.dataDir, 'imported');
      if (!existsSync(root)) return [];
      return readdirSync(root)
        .filter((d) => IMPORTED_ID.test(d) && existsSync(join(root, d, 'meta.json')))
        .map((d) => JSON.parse(readFileSync(join(root, d, 'meta.json'), 'utf8')) as ImportedModel);
    },
  };
}
