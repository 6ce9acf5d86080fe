import type { ColumnType } from './types';
import type { EvaluationMetrics } from '../metrics/classification';

/** One raw column of a table model, as the Try it form shows it. */
export interface PredictFormColumn {
  name: string;
  type: ColumnType;
  /** Categorical columns: the values seen in training (the form's picker). */
  categories: string[] | null;
  /** What an empty cell becomes, in words ("the training mean, 5.84"); null = the value is required. */
  whenEmpty: string | null;
}

/** What the Try it panel needs to build its form, with one random test sample to start from. */
export interface PredictForm {
  experimentId: string;
  kind: 'image' | 'table' | 'text';
  classes: string[];
  /** Tables: the model's raw columns in input order (text models: their one text column). */
  columns: PredictFormColumn[];
  /** Images: the size and colour every picture is brought to. */
  image: { width: number; height: number; color: 'grayscale' | 'rgb' } | null;
  /** A random test sample: a table or text row (column → raw cell), or an image as a PNG data URL. */
  example: { row: Record<string, string | null> | null; image: string | null; trueClass: string | null } | null;
}

/** A Try it answer. */
export interface PredictResult {
  classes: string[];
  /** One probability per class, in class order. */
  probabilities: number[];
  predicted: string;
  /** Text models: the words not in the vocabulary (read as "unknown"), and words past the model's length. */
  unknownTokens?: string[];
  tokensCut?: number;
  /** Milliseconds spent preprocessing and predicting (not loading the model). */
  ms: number;
}

/** A row of a scored file that got no prediction, and why. */
export interface UnscoredRow {
  /** Row number in the file as a spreadsheet shows it (the header is row 1); image folders: 0. */
  row: number;
  /** Image folders: the file, relative to the folder. */
  file?: string;
  reason: string;
}

/** Progress of a file being scored. */
export interface ScoreProgress {
  scoreId: string;
  phase: 'reading' | 'predicting' | 'writing' | 'done';
  done: number;
  total: number | null;
}

/** The evaluation of a model on a file that held the label column. */
export interface FileEvaluation {
  id: number;
  file: string;
  createdAt: string;
  /** Rows whose label was missing or a class the model does not know: left out of the figures. */
  unlabelled: number;
  metrics: EvaluationMetrics;
}

/** What scoring a file did. */
export interface ScoreFileResult {
  scoreId: string;
  /** The predictions CSV written. */
  out: string;
  /** Rows (or images) read, scored, and not scored. */
  rows: number;
  scored: number;
  unscored: UnscoredRow[];
  /** The predictions file's columns. */
  columns: string[];
  /** Set when the file held the label column: stored beside the test evaluation. */
  evaluation: FileEvaluation | null;
  seconds: number;
}

/** One raw column's permutation importance: how much worse the model does with that column shuffled. */
export interface ColumnImportance {
  column: string;
  /** Accuracy lost (mean over repeats) and its standard deviation. */
  accuracyDrop: number;
  accuracyDropSd: number;
  /** Log loss gained (mean over repeats) and its standard deviation. */
  logLossRise: number;
  logLossRiseSd: number;
}

/** Permutation feature importance on the test split, most important column first. */
export interface PermutationImportance {
  /** Test rows used (rows the model cannot read, or with an unknown label, are left out) and shuffles per column. */
  rows: number;
  repeats: number;
  /** The model's accuracy and log loss on those rows, unshuffled. */
  accuracy: number;
  logLoss: number;
  columns: ColumnImportance[];
}

/** Permutation importance as kept with the experiment, beside the test evaluation it was computed on. */
export interface StoredImportance extends PermutationImportance {
  createdAt: string;
}

/** The explanations kept with an experiment (those computed on its current test evaluation). */
export interface StoredExplanations {
  /** The latest "Which columns matter"; null when none was computed since the model last finished training. */
  importance: StoredImportance | null;
}
