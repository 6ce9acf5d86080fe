/** What exporting a model and serving it answer (part of the contract's types). */

/** Model file formats an experiment exports to. */
export type ExportFormat = 'tfjs' | 'onnx' | 'keras';

/** The same held-out samples through the in-app model and through an exported file in another runtime. */
export interface ParityReport {
  /** The independent runtime that ran the exported file. */
  runtime: string;
  samples: number;
  /** Where the samples came from: the dataset's test split, or generated inputs when it cannot be loaded. */
  source: 'test split' | 'synthetic';
  /** Fraction of samples whose top-1 class agrees (1 = all). */
  top1Agreement: number;
  /** Largest absolute difference of any output probability. */
  maxAbsDiff: number;
  /** top1Agreement = 1 and maxAbsDiff < 1e-4. */
  passed: boolean;
}

/** What `experiments.export` wrote. */
export interface ExportResult {
  format: ExportFormat;
  directory: string;
  /** Full paths of the files written. */
  files: string[];
  /** Null for the Keras script (it trains from scratch; no weights to compare). */
  parity: ParityReport | null;
  /** Keras: settings the script cannot match exactly, in plain words (also in train.py's comments). */
  notes?: string[];
  createdAt: string;
}

/** One model served over the TF-Serving-shaped REST API. */
export interface ServedModel {
  /** Experiment id or imported-model id. */
  id: string;
  /** Model name in the URL: /v1/models/{name}. */
  name: string;
  url: string;
  port: number;
  tokenRequired: boolean;
  startedAt: string;
  requests: number;
  predictions: number;
  batches: number;
  errors: number;
  /** Who computes the predictions ("onnxruntime", "tfjs-wasm", …) and why, in one plain line. */
  runtime: string;
  runtimeReason: string;
}

/** `serving.start`'s answer: the service, its token (once, when asked for) and a curl line to try it. */
export interface ServingStarted extends ServedModel {
  token: string | null;
  curl: string;
}

/** A TF.js model folder imported from outside, ready to serve. */
export interface ImportedModel {
  id: string;
  name: string;
  /** Per-sample input shape (no batch dimension). */
  inputShape: (number | null)[];
  outputShape: (number | null)[];
  paramCount: number;
  createdAt: string;
}
