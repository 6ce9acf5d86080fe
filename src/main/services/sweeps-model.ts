import { hyperparamsSchema } from '../../shared/api/schemas';
import type { SweepDetail, SweepSummary, SweepTrial } from '../../shared/api/types';
import { bestTrial, isTerminal, sweepPlanSchema, type SweepPlan } from '../../shared/sweeps';
import type { SweepRow, SweepTrialRow } from '../db/repos/sweeps';

/** What a sweep's trials are ranked by. */
export const METRIC_NAME = 'validation accuracy (training accuracy without a validation split)';

/** A trial's state as shown: the link's own verdict first, then its experiment's status. */
export function trialState(r: SweepTrialRow): SweepTrial['state'] {
  if (r.state !== 'active') return r.state;
  if (r.pending_epochs !== null) return 'queued';
  return r.status === 'draft' ? 'queued' : r.status;
}

/** Link row + experiment → the contract's trial shape. */
export function toTrial(r: SweepTrialRow): SweepTrial {
  return {
    index: r.trial_index,
    experimentId: r.experiment_id,
    name: r.name,
    params: JSON.parse(r.params) as SweepTrial['params'],
    rung: r.rung,
    state: trialState(r),
    epochs: r.pending_epochs ?? hyperparamsSchema.parse(JSON.parse(r.hyperparams)).epochs,
    epochsDone: r.epochs_done,
    metric: r.epochs_done > 0 ? (r.last_val_accuracy ?? r.last_accuracy) : null,
    testAccuracy: r.test_accuracy,
    seconds: r.seconds,
  };
}

export const planOf = (row: SweepRow): SweepPlan => sweepPlanSchema.parse(JSON.parse(row.plan));

/** The best trial so far: furthest rung, then highest metric. */
export function best(trials: SweepTrial[]): SweepSummary['bestTrial'] {
  const b = bestTrial(trials.map((t) => ({ ...t, id: t.experimentId })));
  return b && b.metric !== null ? { index: b.index, experimentId: b.experimentId, metric: b.metric } : null;
}

export function toSummary(row: SweepRow, trials: SweepTrial[]): SweepSummary {
  const base = JSON.parse(row.base) as { datasetId: string };
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    strategy: planOf(row).strategy.type,
    datasetId: base.datasetId,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    message: row.message,
    trialsTotal: trials.length,
    trialsDone: trials.filter((t) => isTerminal(t.state)).length,
    trialsRunning: trials.filter((t) => t.state === 'running').length,
    bestTrial: best(trials),
  };
}

export function toDetail(row: SweepRow, trials: SweepTrial[]): SweepDetail {
  return { ...toSummary(row, trials), plan: planOf(row), metricName: METRIC_NAME, trials };
}
