import { z } from 'zod';
import { graphLayoutSchema, hyperparamsSchema, idSchema, modelGraphSchema } from './schemas';
import { imagesInput, importCsvInput, importIdSchema, importImagesInput, inspectCsvInput, previewInput } from './datasets-schemas';
import { sweepCreateSchema } from '../sweeps/schema';
import type { SweepDetail, SweepSummary } from './types';
import type {
  AppInfo,
  BackendReport,
  CsvInspection,
  DatasetImages,
  DatasetImportProgress,
  DatasetImportResult,
  DatasetPreview,
  DatasetSummary,
  DatasetVersionInfo,
  EpochMetrics,
  ExperimentDetail,
  ExperimentStatus,
  ExperimentSummary,
  GraphTemplate,
} from './types';
import type { ExportResult, ImportedModel, ServedModel, ServingStarted } from './types';
import type { FileEvaluation, PredictForm, PredictResult, ScoreFileResult, ScoreProgress, StoredExplanations, StoredImportance } from './predict-types';
import type { BundleExportResult, BundleImportResult, ConfusionExamples, ExperimentComparison, ExperimentEvaluation } from './types';

/** A contract method: a zod schema for its one input object and a phantom output type. */
export interface MethodDef<I extends z.ZodType, O> {
  input: I;
  /** Never read at run time; carries the output type. */
  output?: O;
  /** One line for docs and the CLI's help. */
  summary: string;
}

const method = <O>() => <I extends z.ZodType>(input: I, summary: string): MethodDef<I, O> => ({ input, summary });
const none = z.object({}).strict();
const byId = z.object({ id: idSchema }).strict();

/**
 * THE contract. Every host (Electron IPC, HTTP + WebSocket, in-process) serves exactly these methods;
 * `dispatch` validates every input against these schemas before a handler runs.
 */
export const contract = {
  'app.info': method<AppInfo>()(none, 'Name, version, host kind and data folder.'),
  'system.backends': method<BackendReport>()(none, 'Which training backend runs, and why better ones are not used.'),
  'system.pinBackend': method<BackendReport>()(
    z.object({ backend: z.enum(['tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu']).nullable() }).strict(),
    'Pin a training backend (null = automatic).',
  ),
  'system.pickDirectory': method<{ supported: boolean; path: string | null }>()(
    z.object({ title: z.string().max(200).optional() }).strict(),
    'Native folder picker (desktop only; other hosts answer supported=false).',
  ),
  'templates.list': method<GraphTemplate[]>()(none, 'Starter graphs.'),
  'datasets.list': method<DatasetSummary[]>()(none, 'Datasets available for training.'),
  'datasets.inspectCsv': method<CsvInspection>()(inspectCsvInput, 'Detect delimiter, encoding, header and column types of a CSV/TSV file.'),
  'datasets.importCsv': method<DatasetImportResult>()(importCsvInput, 'Import a CSV/TSV file as a new dataset (or a new version of one).'),
  'datasets.importImages': method<DatasetImportResult>()(importImagesInput, 'Import a folder of images, one subfolder per class.'),
  'datasets.cancelImport': method<{ cancelled: boolean }>()(
    z.object({ importId: importIdSchema }).strict(),
    'Cancel a running import; nothing of it is stored.',
  ),
  'datasets.versions': method<DatasetVersionInfo[]>()(byId, 'Every stored version of a dataset, newest first.'),
  'datasets.preview': method<DatasetPreview>()(previewInput, 'A page of rows with per-column statistics and class balance.'),
  'datasets.images': method<DatasetImages>()(imagesInput, 'Stored images of one class as PNG data URLs.'),
  'datasets.delete': method<{ deleted: boolean }>()(byId, 'Delete an imported dataset with every version.'),
  'experiments.list': method<ExperimentSummary[]>()(none, 'Every experiment, newest first.'),
  'experiments.get': method<ExperimentDetail>()(byId, 'One experiment with graph and per-epoch metrics.'),
  'experiments.create': method<ExperimentSummary>()(
    z
      .object({
        name: z.string().trim().min(1).max(200),
        graph: modelGraphSchema,
        layout: graphLayoutSchema.optional(),
        datasetId: idSchema,
        hyperparams: hyperparamsSchema.optional(),
      })
      .strict(),
    'Save a graph + dataset + settings as a new draft experiment.',
  ),
  'experiments.rename': method<ExperimentSummary>()(
    z.object({ id: idSchema, name: z.string().trim().min(1).max(200) }).strict(),
    'Rename an experiment.',
  ),
  'experiments.delete': method<{ deleted: boolean }>()(byId, 'Delete an experiment and its files.'),
  'experiments.saveModel': method<{ directory: string; files: string[] }>()(
    z.object({ id: idSchema, directory: z.string().min(1).max(4096) }).strict(),
    'Write the trained model as TF.js files (model.json + weights) into a folder.',
  ),
  'training.start': method<ExperimentSummary>()(byId, 'Train a draft experiment in the trainer process.'),
  'training.resume': method<ExperimentSummary>()(byId, 'Continue an interrupted run from its last finished epoch.'),
  'training.cancel': method<{ cancelled: boolean }>()(byId, 'Stop a running experiment.'),
  'training.pause': method<{ paused: boolean }>()(byId, 'Pause a running experiment between two batches.'),
  'training.continue': method<{ paused: boolean }>()(byId, 'Continue a paused experiment.'),
  'experiments.evaluation': method<ExperimentEvaluation>()(byId, 'Every test-split metric of a finished run, from its stored predictions.'),
  'experiments.examples': method<ConfusionExamples>()(
    z
      .object({
        id: idSchema,
        trueClass: z.number().int().min(0).max(100_000),
        predictedClass: z.number().int().min(0).max(100_000),
        limit: z.number().int().min(1).max(500).default(24),
        sort: z.enum(['confidence', '-confidence']).default('-confidence'),
      })
      .strict(),
    'Test samples of one confusion cell with their probabilities (images as PNG data URLs); -confidence = most confident first.',
  ),
  'experiments.compare': method<ExperimentComparison>()(
    z.object({ ids: z.array(idSchema).min(2).max(8) }).strict(),
    'Curves, best epochs, only-what-differs, graph diffs and seed statistics of 2–8 experiments.',
  ),
  'experiments.update': method<ExperimentSummary>()(
    z.object({ id: idSchema, tags: z.array(z.string().trim().min(1).max(64)).max(32).optional(), notes: z.string().max(20_000).optional() }).strict(),
    'Set the tags and/or notes of an experiment.',
  ),
  'experiments.clone': method<ExperimentSummary>()(byId, 'A new draft with the same graph, layout, dataset and settings.'),
  'experiments.exportBundle': method<BundleExportResult>()(
    z.object({ ids: z.array(idSchema).min(1).max(200), path: z.string().min(1).max(4096), includeData: z.boolean().default(false) }).strict(),
    'Write experiments (settings, metrics, evaluation, model weights, dataset recipe) into one bundle file.',
  ),
  'experiments.importBundle': method<BundleImportResult>()(
    z.object({ path: z.string().min(1).max(4096) }).strict(),
    'Add the experiments of a bundle file to this project.',
  ),
  'experiments.report': method<{ path: string; bytes: number }>()(
    z.object({ ids: z.array(idSchema).min(1).max(50), path: z.string().min(1).max(4096) }).strict(),
    'Write a self-contained HTML report (learning curves, confusion matrices, metrics) of experiments.',
  ),
  'experiments.repeat': method<ExperimentSummary[]>()(
    z.object({ id: idSchema, seeds: z.array(z.number().int().min(0).max(2 ** 31 - 1)).min(1).max(20) }).strict(),
    'One new experiment per seed, queued as a grid sweep over seed (one after another; continues after a restart).',
  ),
  'experiments.export': method<ExportResult>()(
    z.object({ id: idSchema, format: z.enum(['tfjs', 'onnx', 'keras']), directory: z.string().min(1).max(4096) }).strict(),
    'Export the trained model (TF.js, ONNX or a Keras train.py) with preprocessing.json, and check the files predict like the app.',
  ),
  'experiments.exports': method<ExportResult[]>()(byId, 'Earlier exports of an experiment with their parity reports, newest first.'),
  'experiments.predictForm': method<PredictForm>()(
    z.object({ id: idSchema, seed: z.number().int().min(0).max(2 ** 32 - 1).optional() }).strict(),
    'What Try it needs: the raw columns (types, known categories, fill for empty cells) or image size, and a random test sample.',
  ),
  'experiments.predict': method<PredictResult>()(
    z
      .object({
        id: idSchema,
        row: z.record(z.string().max(500), z.union([z.string().max(1_000_000), z.number(), z.boolean(), z.null()])).optional(),
        text: z.string().max(1_000_000).optional(),
        image: z.string().max(40_000_000).optional(),
      })
      .strict(),
    'Try it: one raw table row (column → value), text, or image (base64 or data URL) → class probabilities, preprocessed as in training.',
  ),
  'experiments.scoreFile': method<ScoreFileResult>()(
    z
      .object({
        id: idSchema,
        path: z.string().min(1).max(4096),
        out: z.string().min(1).max(4096),
        idColumn: z.string().min(1).max(500).optional(),
        scoreId: z.string().min(1).max(100).optional(),
      })
      .strict(),
    'Score a CSV (or an image folder) into a predictions CSV; unscorable rows are listed; a file with the label column is also evaluated.',
  ),
  'experiments.cancelScore': method<{ cancelled: boolean }>()(
    z.object({ scoreId: z.string().min(1).max(100) }).strict(),
    'Stop scoring a file; no predictions file is written.',
  ),
  'experiments.importance': method<StoredImportance>()(
    z.object({ id: idSchema, repeats: z.number().int().min(1).max(20).optional() }).strict(),
    'Permutation feature importance of a table model on its test split: accuracy lost and log loss gained per shuffled raw column; kept with the experiment.',
  ),
  'experiments.explanations': method<StoredExplanations>()(
    byId,
    'The explanations kept with an experiment (permutation importance) that were computed on its current test evaluation.',
  ),
  'experiments.fileEvaluations': method<FileEvaluation[]>()(byId, 'Evaluations of the model on scored files that held the label column, newest first.'),
  'models.importTfjs': method<ImportedModel>()(
    z.object({ directory: z.string().min(1).max(4096), name: z.string().trim().min(1).max(200) }).strict(),
    'Import a TF.js Layers model folder (model.json + weights) to serve it; paths outside the folder are refused.',
  ),
  'models.list': method<ImportedModel[]>()(none, 'Imported models.'),
  'serving.start': method<ServingStarted>()(
    z.object({ id: idSchema, port: z.number().int().min(0).max(65535).optional(), token: z.boolean().optional() }).strict(),
    'Serve an experiment (or imported model) over a TF-Serving-shaped REST API on 127.0.0.1.',
  ),
  'serving.stop': method<{ stopped: boolean }>()(byId, 'Stop serving a model.'),
  'serving.status': method<ServedModel[]>()(none, 'Models being served, with request counters.'),
  'sweeps.create': method<SweepDetail>()(
    sweepCreateSchema,
    'Create a hyperparameter sweep (grid, random or successive halving) over a base experiment or graph; its trials queue at once.',
  ),
  'sweeps.list': method<SweepSummary[]>()(none, 'Every sweep, newest first, with progress and best trial.'),
  'sweeps.get': method<SweepDetail>()(byId, 'One sweep: plan, trials with their values and metrics, best trial.'),
  'sweeps.cancel': method<SweepSummary>()(byId, 'Stop a sweep: running trials are cancelled, queued ones skipped.'),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
/** What a caller passes (defaults optional). */
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
/** What a handler receives (after validation and defaults). */
export type HandlerInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = NonNullable<Contract[M]['output']>;

/** A handler for every method: leaving one out is a type error. */
export type Handlers = { [M in MethodName]: (input: HandlerInput<M>) => Promise<MethodOutput<M>> | MethodOutput<M> };

/** Batch- and epoch-level progress of a run. */
export interface TrainingProgress {
  experimentId: string;
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  loss: number;
  accuracy: number;
  samplesPerSec: number;
  etaSeconds: number;
}

/** The typed events map pushed from the Node side to every client. */
export interface Events {
  'datasets.progress': DatasetImportProgress;
  'training.progress': TrainingProgress;
  'training.epoch': { experimentId: string; metrics: EpochMetrics };
  'training.status': {
    experimentId: string;
    status: ExperimentStatus;
    message?: string;
    testAccuracy?: number | null;
    backend?: string;
    /** Set while a running experiment is paused (true) or after it continues (false). */
    paused?: boolean;
  };
  /** A file being scored: rows read, predicted, written. */
  'experiments.scoreProgress': ScoreProgress;
  /** A sweep's queue moved: a trial started or ended, or the sweep ended. */
  'sweeps.progress': SweepSummary;
}
export type EventName = keyof Events;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];
export const isMethodName = (name: string): name is MethodName => Object.hasOwn(contract, name);
