/** Sweeps as the contract describes them. */
import type { SweepPlan } from '../sweeps/schema';

/** Life cycle of a sweep: its queue runs until every trial is done, the budget is spent, or it is cancelled. */
export type SweepStatus = 'running' | 'completed' | 'cancelled' | 'failed';

/** One trial of a sweep: an ordinary experiment with the values it tried. */
export interface SweepTrial {
  /** 0-based position in the sweep. */
  index: number;
  experimentId: string;
  name: string;
  /** The searched values, by sweep key (`learningRate`, `dense_1.units`). */
  params: Record<string, number | string | boolean>;
  /** Successive-halving rung (0 for grid and random). */
  rung: number;
  /** queued → running → completed; stopped = dropped by successive halving; skipped = never run. */
  state: 'queued' | 'running' | 'interrupted' | 'completed' | 'failed' | 'cancelled' | 'stopped' | 'skipped';
  epochs: number;
  epochsDone: number;
  /** Validation accuracy after the last finished epoch (training accuracy without a validation split). */
  metric: number | null;
  testAccuracy: number | null;
  seconds: number;
}

/** A sweep in lists and in `sweeps.progress` events. */
export interface SweepSummary {
  id: string;
  name: string;
  status: SweepStatus;
  strategy: 'grid' | 'random' | 'halving';
  datasetId: string;
  createdAt: string;
  finishedAt: string | null;
  /** Why it ended early (budget, cancel, errors), or null. */
  message: string | null;
  trialsTotal: number;
  trialsDone: number;
  trialsRunning: number;
  bestTrial: { index: number; experimentId: string; metric: number } | null;
}

/** `sweeps.get`: the plan (space, strategy, budget) and every trial. */
export interface SweepDetail extends SweepSummary {
  plan: SweepPlan;
  /** What `metric` means for this sweep. */
  metricName: string;
  trials: SweepTrial[];
}
