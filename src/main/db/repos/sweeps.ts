import type { Db } from '../connection';
import type { ExperimentStatus } from '../../../shared/api/types';

/** A stored sweep with JSON columns still as text. */
export interface SweepRow {
  id: string;
  name: string;
  status: 'running' | 'completed' | 'cancelled' | 'failed';
  plan: string;
  base: string;
  message: string | null;
  created_at: string;
  finished_at: string | null;
}

/** A trial link joined with its experiment's status and latest metrics. */
export interface SweepTrialRow {
  sweep_id: string;
  trial_index: number;
  experiment_id: string;
  params: string;
  rung: number;
  state: 'active' | 'stopped' | 'skipped';
  pending_epochs: number | null;
  resumes: number;
  name: string;
  status: ExperimentStatus;
  hyperparams: string;
  test_accuracy: number | null;
  epochs_done: number;
  seconds: number;
  last_accuracy: number | null;
  last_val_accuracy: number | null;
  last_val_loss: number | null;
}

/** All SQL touching sweeps and their trial links. */
export function sweepsRepo(db: Db) {
  const stmts = {
    insert: db.prepare(
      `INSERT INTO sweeps (id, name, status, plan, base, created_at) VALUES (@id, @name, 'running', @plan, @base, @created_at)`,
    ),
    insertTrial: db.prepare(
      `INSERT INTO sweep_trials (sweep_id, trial_index, experiment_id, params) VALUES (?, ?, ?, ?)`,
    ),
    get: db.prepare('SELECT * FROM sweeps WHERE id = ?'),
    list: db.prepare('SELECT * FROM sweeps ORDER BY created_at DESC, id DESC'),
    running: db.prepare("SELECT id FROM sweeps WHERE status = 'running' ORDER BY created_at"),
    note: db.prepare('UPDATE sweeps SET message = ? WHERE id = ?'),
    finish: db.prepare(
      "UPDATE sweeps SET status = ?, message = ?, finished_at = ? WHERE id = ? AND status = 'running'",
    ),
    trials: db.prepare(`SELECT t.*, e.name, e.status, e.hyperparams, e.test_accuracy,
        (SELECT COUNT(*) FROM epoch_metrics m WHERE m.experiment_id = t.experiment_id) AS epochs_done,
        (SELECT COALESCE(SUM(seconds), 0) FROM epoch_metrics m WHERE m.experiment_id = t.experiment_id) AS seconds,
        (SELECT accuracy FROM epoch_metrics m WHERE m.experiment_id = t.experiment_id ORDER BY epoch DESC LIMIT 1) AS last_accuracy,
        (SELECT val_accuracy FROM epoch_metrics m WHERE m.experiment_id = t.experiment_id ORDER BY epoch DESC LIMIT 1) AS last_val_accuracy,
        (SELECT val_loss FROM epoch_metrics m WHERE m.experiment_id = t.experiment_id ORDER BY epoch DESC LIMIT 1) AS last_val_loss
      FROM sweep_trials t JOIN experiments e ON e.id = t.experiment_id WHERE t.sweep_id = ? ORDER BY t.trial_index`),
    setState: db.prepare('UPDATE sweep_trials SET state = ? WHERE experiment_id = ?'),
    setPending: db.prepare('UPDATE sweep_trials SET rung = ?, pending_epochs = ? WHERE experiment_id = ?'),
    clearPending: db.prepare('UPDATE sweep_trials SET pending_epochs = NULL WHERE experiment_id = ?'),
    countResume: db.prepare('UPDATE sweep_trials SET resumes = resumes + 1 WHERE experiment_id = ?'),
    reopen:
      db.prepare(`UPDATE experiments SET hyperparams = ?, status = 'interrupted', error = 'Promoted: continues with more epochs.'
      WHERE id = ? AND status = 'completed'`),
  };
  return {
    /** A sweep and its trial links in one transaction (the experiments must exist already). */
    insert: db.transaction(
      (
        row: Pick<SweepRow, 'id' | 'name' | 'plan' | 'base' | 'created_at'>,
        trials: { experimentId: string; params: string }[],
      ) => {
        stmts.insert.run(row);
        trials.forEach((t, i) => stmts.insertTrial.run(row.id, i, t.experimentId, t.params));
      },
    ),
    get: (id: string) => stmts.get.get(id) as SweepRow | undefined,
    list: () => stmts.list.all() as SweepRow[],
    /** Ids of sweeps whose queue still has work (continued at start-up). */
    running: () => (stmts.running.all() as { id: string }[]).map((r) => r.id),
    finish: (id: string, status: SweepRow['status'], message: string | null, now: string) =>
      stmts.finish.run(status, message, now, id).changes > 0,
    /** Why the sweep ends early (kept when it finishes). */
    note: (id: string, message: string) => void stmts.note.run(message, id),
    trials: (sweepId: string) => stmts.trials.all(sweepId) as SweepTrialRow[],
    setState: (experimentId: string, state: SweepTrialRow['state']) =>
      void stmts.setState.run(state, experimentId),
    /** Successive halving promoted a trial: it waits for a free slot to continue up to `epochs`. */
    promote: (experimentId: string, rung: number, epochs: number) =>
      void stmts.setPending.run(rung, epochs, experimentId),
    /**
     * Make a promoted (completed) trial resumable with its new epoch count, in one transaction; the
     * caller resumes it right after, and a crash in between leaves an ordinary interrupted run.
     */
    reopenForMoreEpochs: db.transaction((experimentId: string, hyperparams: string) => {
      stmts.reopen.run(hyperparams, experimentId);
      stmts.clearPending.run(experimentId);
    }),
    countResume: (experimentId: string) => void stmts.countResume.run(experimentId),
  };
}
export type SweepsRepo = ReturnType<typeof sweepsRepo>;
