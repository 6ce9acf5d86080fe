import type { GraphLayout, ModelGraph } from '../graph/types';
import type { GraphTemplate } from '../templates';
import type { Hyperparams } from './schemas';

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

/** One rung of the backend ladder and why it is or is not used. */
export interface BackendCandidate {
  name: 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';
  label: string;
  available: boolean;
  reason: string;
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
}

export interface ExperimentDetail extends ExperimentSummary {
  graph: ModelGraph;
  layout: GraphLayout;
  epochs: EpochMetrics[];
  hasModel: boolean;
}

export type { GraphTemplate, Hyperparams };
