import type { Db } from '../connection';
import type { EpochMetrics, ExperimentStatus, GpuAdapterInfo } from '../../../shared/api/types';

/** A stored experiment row with JSON columns still as text. */
export interface ExperimentRow {
  id: string;
  name: string;
  status: ExperimentStatus;
  dataset_id: string;
  dataset_version_id: string;
  graph: string;
  layout: string;
  hyperparams: string;
  param_count: number;
  backend: string | null;
  /** JSON GpuAdapterInfo of a webgpu run (schema 7), else null. */
  backend_adapter: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  heartbeat_at: string | null;
  owner_pid: number | null;
  error: string | null;
  test_accuracy: number | null;
  test_loss: number | null;
  checkpoint_epoch: number;
  /** JSON array of strings (schema 3). */
  tags: string;
  notes: string;
}

/** Per-experiment aggregates of epoch metrics, used by summaries. */
export interface EpochAggregate {
  experiment_id: string;
  epochs_done: number;
  last_accuracy: number | null;
  best_val_accuracy: number | null;
  best_val_epoch?: number | null;
  best_val_loss?: number | null;
  best_val_loss_epoch?: number | null;
  last_epoch?: number | null;
  last_val_accuracy?: number | null;
  last_val_loss?: number | null;
}

/**
 * One pass over epoch_metrics per part: the last epoch (SQLite returns the bare columns of the MAX row),
 * the best validation accuracy and the lowest validation loss, each with its epoch.
 */
const aggregateSql = (where: string) => `SELECT l.*, b.best_val_accuracy, b.best_val_epoch, v.best_val_loss, v.best_val_loss_epoch FROM
  (SELECT experiment_id, COUNT(*) AS epochs_done, MAX(epoch) AS last_epoch, accuracy AS last_accuracy,
     val_accuracy AS last_val_accuracy, val_loss AS last_val_loss FROM epoch_metrics ${where} GROUP BY experiment_id) l
  LEFT JOIN (SELECT experiment_id, MAX(val_accuracy) AS best_val_accuracy, epoch AS best_val_epoch FROM epoch_metrics
     ${where ? `${where} AND` : 'WHERE'} val_accuracy IS NOT NULL GROUP BY experiment_id) b USING (experiment_id)
  LEFT JOIN (SELECT experiment_id, MIN(val_loss) AS best_val_loss, epoch AS best_val_loss_epoch FROM epoch_metrics
     ${where ? `${where} AND` : 'WHERE'} val_loss IS NOT NULL GROUP BY experiment_id) v USING (experiment_id)`;

/** A row for the experiments table: no graph or layout, with the summary columns kept by this repo (schema 5). */
export type SummaryRow = Omit<ExperimentRow, 'graph' | 'layout'> & Omit<EpochAggregate, 'experiment_id'>;

const SUMMARY_COLUMNS = `id, name, status, dataset_id, dataset_version_id, hyperparams, param_count, backend, backend_adapter, created_at, started_at, finished_at,
  heartbeat_at, owner_pid, error, test_accuracy, test_loss, checkpoint_epoch, tags, notes, epochs_done, last_epoch, last_accuracy,
  last_val_accuracy, last_val_loss, best_val_accuracy, best_val_epoch`;

export type NewExperiment = Pick<
  ExperimentRow,
  'id' | 'name' | 'dataset_id' | 'dataset_version_id' | 'graph' | 'layout' | 'hyperparams' | 'param_count' | 'created_at'
>;

/** All SQL touching experiments and their epoch metrics. */
export function experimentsRepo(db: Db) {
  const stmts = {
    insert: db.prepare(`INSERT INTO experiments (id, name, status, dataset_id, dataset_version_id, graph, layout, hyperparams, param_count, created_at)
      VALUES (@id, @name, 'draft', @dataset_id, @dataset_version_id, @graph, @layout, @hyperparams, @param_count, @created_at)`),
    get: db.prepare('SELECT * FROM experiments WHERE id = ?'),
    list: db.prepare('SELECT * FROM experiments ORDER BY created_at DESC, id DESC'),
    listSummaries: db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM experiments ORDER BY created_at DESC, id DESC`),
    refreshSummary: db.prepare(`UPDATE experiments SET
        (epochs_done, last_epoch, last_accuracy, last_val_accuracy, last_val_loss) =
          (SELECT COUNT(*), MAX(epoch), accuracy, val_accuracy, val_loss FROM epoch_metrics WHERE experiment_id = @id),
        (best_val_accuracy, best_val_epoch) =
          (SELECT MAX(val_accuracy), epoch FROM epoch_metrics WHERE experiment_id = @id AND val_accuracy IS NOT NULL)
      WHERE id = @id`),
    aggregateOne: db.prepare(aggregateSql('WHERE experiment_id = @id')),
    updateMeta: db.prepare('UPDATE experiments SET tags = COALESCE(@tags, tags), notes = COALESCE(@notes, notes) WHERE id = @id'),
    insertFull: db.prepare(`INSERT INTO experiments (id, name, status, dataset_id, dataset_version_id, graph, layout, hyperparams, param_count,
        backend, backend_adapter, created_at, started_at, finished_at, error, test_accuracy, test_loss, checkpoint_epoch, tags, notes)
      VALUES (@id, @name, @status, @dataset_id, @dataset_version_id, @graph, @layout, @hyperparams, @param_count,
        @backend, @backend_adapter, @created_at, @started_at, @finished_at, @error, @test_accuracy, @test_loss, @checkpoint_epoch, @tags, @notes)`),
    rename: db.prepare('UPDATE experiments SET name = ? WHERE id = ?'),
    delete: db.prepare('DELETE FROM experiments WHERE id = ?'),
    markRunning: db.prepare(`UPDATE experiments SET status = 'running', started_at = COALESCE(started_at, @now), heartbeat_at = @now,
        owner_pid = @pid, error = NULL, finished_at = NULL WHERE id = @id`),
    setBackend: db.prepare('UPDATE experiments SET backend = ?, backend_adapter = ? WHERE id = ?'),
    heartbeat: db.prepare("UPDATE experiments SET heartbeat_at = ? WHERE id = ? AND status = 'running'"),
    finish: db.prepare(`UPDATE experiments SET status = @status, finished_at = @now, error = @error, owner_pid = NULL,
        test_accuracy = COALESCE(@test_accuracy, test_accuracy), test_loss = COALESCE(@test_loss, test_loss) WHERE id = @id`),
    running: db.prepare("SELECT id, owner_pid, heartbeat_at FROM experiments WHERE status = 'running'"),
    insertEpoch: db.prepare(`INSERT OR REPLACE INTO epoch_metrics (experiment_id, epoch, loss, accuracy, val_loss, val_accuracy, seconds)
      VALUES (@experiment_id, @epoch, @loss, @accuracy, @val_loss, @val_accuracy, @seconds)`),
    setCheckpoint: db.prepare('UPDATE experiments SET checkpoint_epoch = ?, heartbeat_at = ? WHERE id = ?'),
    dropEpochsAfter: db.prepare('DELETE FROM epoch_metrics WHERE experiment_id = ? AND epoch > ?'),
    epochs: db.prepare('SELECT * FROM epoch_metrics WHERE experiment_id = ? ORDER BY epoch'),
  };
  return {
    insert: (row: NewExperiment) => void stmts.insert.run(row),
    get: (id: string) => stmts.get.get(id) as ExperimentRow | undefined,
    list: () => stmts.list.all() as ExperimentRow[],
    /** Every experiment for the table, newest first, with its epoch summary: one narrow SELECT, no aggregation. */
    listSummaries: (): SummaryRow[] => {
      // Rows as arrays zipped here: about half the cost of better-sqlite3 building 26-key objects per row.
      const names = stmts.listSummaries.columns().map((c) => c.name);
      return (stmts.listSummaries.raw(true).all() as unknown[][]).map((values) => {
        const row: Record<string, unknown> = {};
        for (let i = 0; i < names.length; i++) row[names[i]] = values[i];
        return row as unknown as SummaryRow;
      });
    },
    aggregate: (id: string) => stmts.aggregateOne.get({ id }) as EpochAggregate | undefined,
    /** Set tags (JSON array text) and/or notes; null leaves a field as it is. */
    updateMeta: (id: string, tags: string | null, notes: string | null) => stmts.updateMeta.run({ id, tags, notes }).changes > 0,
    /** Insert a whole row as it was elsewhere (bundle import), with its epochs, in one transaction. */
    insertFull: db.transaction((row: Omit<ExperimentRow, 'heartbeat_at' | 'owner_pid'>, epochs: EpochMetrics[]) => {
      stmts.insertFull.run(row);
      for (const m of epochs)
        stmts.insertEpoch.run({
          experiment_id: row.id,
          epoch: m.epoch,
          loss: m.loss,
          accuracy: m.accuracy,
          val_loss: m.valLoss,
          val_accuracy: m.valAccuracy,
          seconds: m.seconds,
        });
      stmts.refreshSummary.run({ id: row.id });
    }),
    rename: (id: string, name: string) => stmts.rename.run(name, id).changes > 0,
    delete: (id: string) => stmts.delete.run(id).changes > 0,
    markRunning: (id: string, pid: number, now: string) => void stmts.markRunning.run({ id, pid, now }),
    /** The backend a run trains on and, on webgpu, the adapter (stored as JSON). */
    setBackend: (id: string, backend: string, adapter: GpuAdapterInfo | null = null) =>
      void stmts.setBackend.run(backend, adapter ? JSON.stringify(adapter) : null, id),
    heartbeat: (id: string, now: string) => void stmts.heartbeat.run(now, id),
    finish: (
      id: string,
      status: ExperimentStatus,
      now: string,
      extra: { error?: string | null; testAccuracy?: number | null; testLoss?: number | null } = {},
    ) =>
      void stmts.finish.run({
        id,
        status,
        now,
        error: extra.error ?? null,
        test_accuracy: extra.testAccuracy ?? null,
        test_loss: extra.testLoss ?? null,
      }),
    /** Runs marked running, with their owner and last heartbeat (to tell live from dead). */
    running: () => stmts.running.all() as { id: string; owner_pid: number | null; heartbeat_at: string | null }[],
    /** Commit one finished epoch and its checkpoint in one transaction: both or neither. */
    commitEpoch: db.transaction((id: string, m: EpochMetrics, now: string) => {
      stmts.insertEpoch.run({
        experiment_id: id,
        epoch: m.epoch,
        loss: m.loss,
        accuracy: m.accuracy,
        val_loss: m.valLoss,
        val_accuracy: m.valAccuracy,
        seconds: m.seconds,
      });
      stmts.setCheckpoint.run(m.epoch, now, id);
      stmts.refreshSummary.run({ id });
    }),
    /** Before resuming from epoch N, forget any rows past N (there should be none). */
    dropEpochsAfter: (id: string, epoch: number) => {
      stmts.dropEpochsAfter.run(id, epoch);
      stmts.refreshSummary.run({ id });
    },
    epochs: (id: string): EpochMetrics[] =>
      (
        stmts.epochs.all(id) as {
          epoch: number;
          loss: number;
          accuracy: number;
          val_loss: number | null;
          val_accuracy: number | null;
          seconds: number;
        }[]
      ).map((r) => ({
        epoch: r.epoch,
        loss: r.loss,
        accuracy: r.accuracy,
        valLoss: r.val_loss,
        valAccuracy: r.val_accuracy,
        seconds: r.seconds,
      })),
  };
}
export type ExperimentsRepo = ReturnType<typeof experimentsRepo>;
