import type { GraphLayout, ModelGraph } from '../graph/types';
import type { GraphTemplate } from '../templates';
import type { Hyperparams } from './schemas';
import type { BaselineFigures } from '../metrics/baseline';

/** Life cycle of an experiment. `interrupted` = its process died; it can be resumed. */
export type ExperimentStatus = 'draft' | 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted';

/** Which host runs the services. */
export type HostKind = 'electron' | 'web' | 'cli';

export interface AppInfo {
  name: string;
  version: string;
  host: HostKind;
  dataDir: string;
}

/** A WebGPU adapter as Dawn describes it; software = a CPU implementation (lavapipe, SwiftShader). */
export interface GpuAdapterInfo {
  vendor: string;
  architecture: string;
  description: string;
  software: boolean;
}

/** One rung of the backend ladder and why it is or is not used. */
export interface BackendCandidate {
  name: 'tensorflow-gpu' | 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';
  label: string;
  available: boolean;
  reason: string;
  /** The GPU adapter behind the rung (webgpu only), when one was found. */
  adapter?: GpuAdapterInfo;
}

/** The device check: which backend training uses and why better ones were skipped. */
export interface BackendReport {
  active: BackendCandidate['name'];
  pinned: BackendCandidate['name'] | null;
  candidates: BackendCandidate[];
}

export interface DatasetSummary {
  id: string;
  name: string;
  description: string;
  kind: 'image' | 'table' | 'text';
  /** Per-sample input shape (no batch dimension). */
  inputShape: number[];
  classes: string[];
  trainCount: number;
  testCount: number;
  versionId: string;
  /** Text datasets: the number of distinct token ids (vocabulary + padding + unknown). */
  vocabSize?: number;
}

/** Metrics committed at the end of one epoch. */
export interface EpochMetrics {
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss: number | null;
  valAccuracy: number | null;
  seconds: number;
}

export interface ExperimentSummary {
  id: string;
  name: string;
  status: ExperimentStatus;
  datasetId: string;
  datasetVersionId: string;
  hyperparams: Hyperparams;
  backend: string | null;
  /** The WebGPU adapter the run trained on (webgpu runs only): a GPU, or a software device on the CPU. */
  backendAdapter: GpuAdapterInfo | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  epochsDone: number;
  lastAccuracy: number | null;
  bestValAccuracy: number | null;
  testAccuracy: number | null;
  testLoss: number | null;
  error: string | null;
  paramCount: number;
  /** Free-form labels and notes (experiments.update). */
  tags: string[];
  notes: string;
  /** Epoch of bestValAccuracy (null without validation). */
  bestValEpoch: number | null;
  /** Validation figures of the last finished epoch, and that epoch. */
  lastValAccuracy: number | null;
  lastValLoss: number | null;
  lastEpoch: number | null;
}

export interface ExperimentDetail extends ExperimentSummary {
  graph: ModelGraph;
  layout: GraphLayout;
  epochs: EpochMetrics[];
  hasModel: boolean;
  /** A running experiment paused between two batches in this host (so a reloaded page shows Continue). */
  paused?: boolean;
}

export type { GraphTemplate, Hyperparams };

/** Kinds of CSV column LayerLab infers from a sample. */
export type ColumnType = 'numeric' | 'categorical' | 'boolean' | 'text' | 'date';

/** How a missing cell is filled (or its row dropped). */
export type MissingStrategy = 'drop' | 'mean' | 'median' | 'mostFrequent' | 'constant';

/** The import's default treatment of one column, and why (shown in the import dialog, changeable). */
export interface ColumnSuggestion {
  role: 'feature' | 'ignore';
  type: ColumnType;
  missing: MissingStrategy;
  scaling: 'none' | 'minmax' | 'zscore';
  encoding: 'onehot' | 'index';
  /** Categorical: keep this many most frequent categories; the rest share one "other" column. */
  maxCategories: number;
  /** One plain sentence: what is done with the column and why. */
  reason: string;
}

/** One column of an inspected CSV file, with its inferred type. */
export interface CsvColumnInfo {
  name: string;
  type: ColumnType;
  /** Every sampled value distinct (an id or a key): usually better ignored. */
  idLike: boolean;
  missing: number;
  distinct: number;
  examples: string[];
  /** Date columns: the field order the dates are written in. */
  dateOrder?: 'ymd' | 'mdy' | 'dmy';
  /** What the import does with the column unless told otherwise. */
  suggestion: ColumnSuggestion;
  /**
   * Each value and its row count over the whole file, most frequent first, for columns with at most
   * VALUE_COUNT_LIMIT distinct values (class balance and category bars before the import); else absent.
   */
  counts?: { value: string; count: number }[];
}

/** Columns with more distinct values than this get no `counts` from inspect. */
export const VALUE_COUNT_LIMIT = 50;

/** What `datasets.inspectCsv` found in a file before anything is imported. */
export interface CsvInspection {
  path: string;
  encoding: 'utf-8' | 'utf-8-bom' | 'latin1';
  delimiter: string;
  hasHeader: boolean;
  columns: CsvColumnInfo[];
  /** The first rows as text (up to 20). */
  sample: string[][];
  /** Rows the column types were inferred from. */
  sampledRows: number;
  /** Data rows in the whole file (0 when it could not be read to the end). */
  rows: number;
  /** The most plausible label: a low-cardinality column with a class-like name or content; null if none. */
  suggestedLabel: string | null;
  labelReason: string | null;
  /** Text columns: sequence length and vocabulary size derived from the data. */
  text: { length: number; vocabSize: number; reason: string } | null;
  /** Row numbers (1 = the file's first line) whose field count differs from the header's (first 100). */
  raggedRows: number[];
  /** Why importing with the suggested label and defaults would fail; empty when it succeeds. */
  problems: string[];
  /** The import's verdict: true exactly when `problems` is empty. */
  importable: boolean;
}

/** Per-column statistics of a stored dataset version (computed over every kept row). */
export interface ColumnStats {
  name: string;
  type: ColumnType;
  role: 'feature' | 'label' | 'ignore';
  missing: number;
  distinct: number;
  /** Counting stopped at `distinct`: there are at least that many. */
  distinctCapped?: boolean;
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Numeric: 10 equal-width bins; others: the most frequent values. */
  histogram: { label: string; count: number }[];
}

/** Samples per class in each split. */
export interface ClassBalance {
  className: string;
  train: number;
  val: number;
  test: number;
}

/** One page of a stored dataset version's rows, with statistics and class balance. */
export interface DatasetPreview {
  versionId: string;
  kind: 'image' | 'table' | 'text';
  columns: string[];
  rows: (string | null)[][];
  offset: number;
  total: number;
  stats: ColumnStats[];
  classBalance: ClassBalance[];
}

/** One stored version of a dataset. */
export interface DatasetVersionInfo {
  versionId: string;
  version: number;
  createdAt: string;
  inputShape: number[];
  classes: string[];
  trainCount: number;
  valCount: number;
  testCount: number;
  /** How the data was read and preprocessed (column encodings, scaling, vocabulary size, split, seed). */
  recipe: unknown;
}

/** The outcome of an import: the new version, and what was skipped on the way. */
export interface DatasetImportResult {
  datasetId: string;
  versionId: string;
  version: number;
  name: string;
  kind: 'image' | 'table' | 'text';
  inputShape: number[];
  classes: string[];
  trainCount: number;
  valCount: number;
  testCount: number;
  seconds: number;
  warnings: string[];
  /** Files left out of an image import, each with the reason. */
  skipped: { file: string; reason: string }[];
}

/** Progress of a long import (`datasets.progress` event). */
export interface DatasetImportProgress {
  importId: string;
  phase: 'reading' | 'preprocessing' | 'writing' | 'done' | 'failed' | 'cancelled';
  /** Files handled (image import), percent of the file read (CSV reading), rows written (writing). */
  done: number;
  total: number | null;
  message?: string;
}

/** A few stored images of one class, as PNG data URLs. */
export interface DatasetImages {
  className: string;
  images: { index: number; split: 'train' | 'val' | 'test'; dataUrl: string }[];
}

// Export and serving, and sweeps: their own modules, re-exported so every import of this file still works.
export * from './export-types';
export * from './sweep-types';

// Experiments: evaluation, error analysis and side-by-side comparison.
import type { EvaluationMetrics } from '../metrics/classification';
import type { BestEpoch, DiffRow, SeedGroup } from '../metrics/compare';
import type { GraphDiff } from '../metrics/graph-diff';
import type { WelchResult } from '../metrics/stats';
export type { EvaluationMetrics, BestEpoch, DiffRow, SeedGroup, GraphDiff, WelchResult };

/** `experiments.evaluation`: every test-split metric, recomputed from the stored predictions. */
export interface ExperimentEvaluation extends EvaluationMetrics {
  experimentId: string;
  /** False for runs stored before predictions were kept: only the confusion matrix is exact then. */
  hasPredictions: boolean;
  /** Logistic-regression and majority-class figures on the same split; null for runs stored before them. */
  baseline: BaselineFigures | null;
}

/** One test sample in a confusion cell. */
export interface ExampleItem {
  /** Index in the test split. */
  index: number;
  trueClass: number;
  predictedClass: number;
  /** Probability given to the predicted class. */
  confidence: number;
  probabilities: number[];
  /** Image datasets: the sample as a PNG data URL. */
  image?: string;
  /** Table and text datasets: the sample's (preprocessed) feature values. */
  features?: number[];
}

/** `experiments.examples`: the samples of one confusion cell, sorted by confidence. */
export interface ConfusionExamples {
  trueClass: number;
  predictedClass: number;
  classes: string[];
  /** Samples in the cell (items holds at most `limit`). */
  total: number;
  kind: 'image' | 'table' | 'text';
  items: ExampleItem[];
}

/** One experiment in a comparison. */
export interface ComparedExperiment {
  id: string;
  name: string;
  status: ExperimentStatus;
  epochs: EpochMetrics[];
  epochsDone: number;
  bestEpoch: BestEpoch | null;
  hyperparams: Hyperparams;
  datasetId: string;
  datasetVersionId: string;
  /** The dataset's name, and name with version ("penguins.csv v2"), for people. */
  datasetName: string;
  datasetVersionLabel: string;
  testAccuracy: number | null;
  /** Null when the run has no stored evaluation (ROC curves left out to keep this small). */
  evaluation: Omit<EvaluationMetrics, 'roc'> | null;
  /** The run's logistic-regression and majority-class figures (null when not stored). */
  baseline: BaselineFigures | null;
}

/** `experiments.compare`: curves, best epochs, what differs, graph diffs, seed statistics. */
export interface ExperimentComparison {
  experiments: ComparedExperiment[];
  /** Only the settings (hyperparams, dataset, layer params as `layer.param`) that differ. */
  diff: DiffRow[];
  /** Each experiment after the first against the first. */
  graphDiffs: { baselineId: string; otherId: string; diff: GraphDiff }[];
  groups: SeedGroup[];
  tests: { a: string; b: string; result: WelchResult }[];
}

/** `experiments.exportBundle`'s answer. */
export interface BundleExportResult {
  path: string;
  experiments: number;
  bytes: number;
}

/** `experiments.importBundle`'s answer: what was added and what was left out, with the reason. */
export interface BundleImportResult {
  imported: ExperimentSummary[];
  skipped: { name: string; reason: string }[];
}
