import type { ModelGraph } from '../../shared/graph/types';
import type { Hyperparams } from '../../shared/api/schemas';
import type { BackendCandidate, BackendReport, EpochMetrics } from '../../shared/api/types';
import type { TrainingProgress } from '../../shared/api/contract';
import type { BaselineFigures } from '../../shared/metrics/baseline';

/** Everything the trainer process needs to run (or resume) one experiment. */
export interface TrainJob {
  experimentId: string;
  graph: ModelGraph;
  hyperparams: Hyperparams;
  datasetId: string;
  /** The dataset version recorded with the experiment (e.g. `ds-x@2`); absent = newest. */
  datasetVersionId?: string;
  /** Folder of this run: checkpoints/ and model/ live here. */
  runDir: string;
  /** Data directory (for datasets stored in the project database). */
  dataDir: string;
  /** Last epoch committed by the host; 0 = start fresh. */
  resumeFromEpoch: number;
  /** Metrics of the epochs already committed (resume), so callbacks replay to the same decisions. */
  history?: EpochMetrics[];
  pinnedBackend: BackendCandidate['name'] | null;
  /** What the dataset holds (text trains its baseline on a bag of words); absent = guessed from the graph. */
  datasetKind?: 'image' | 'table' | 'text';
}

/** Final figures of a finished run. */
export interface TrainResult {
  testAccuracy: number;
  testLoss: number;
  testCount: number;
  confusion: number[][];
  modelDir: string;
  /** Per test sample: probabilities (count × width, row-major), true label, index in the test split. */
  predictions?: { width: number; probs: number[]; labels: number[]; indices: number[] };
  /** What the epoch callbacks did (early stop, learning-rate cuts), in plain words. */
  notes?: string[];
  /** The logistic-regression and majority-class figures on the same split; absent if they could not be made. */
  baseline?: BaselineFigures;
}

/** Host → trainer messages. */
export type HostMessage = { type: 'start'; job: TrainJob } | { type: 'cancel' } | { type: 'pause' } | { type: 'resume' };

/** Trainer → host messages. */
export type TrainerMessage =
  | { type: 'backend'; report: BackendReport }
  | { type: 'progress'; progress: Omit<TrainingProgress, 'experimentId'> }
  | { type: 'epoch'; metrics: EpochMetrics }
  | { type: 'done'; result: TrainResult }
  | { type: 'cancelled' }
  /** A resume that could not start where asked (a torn checkpoint): where it did start, and why, in plain words. */
  | { type: 'resumed'; epoch: number; message: string }
  /** `reason: 'disk-full'` makes the run `interrupted` (resumable once space is freed), not `failed`. */
  | { type: 'error'; message: string; reason?: 'disk-full' };
