import type { Db } from '../connection';

/** Test predictions of a run, as stored: float32 probabilities (count × width), int32 labels and indices. */
export interface StoredPredictions {
  width: number;
  probs: Float32Array;
  labels: Int32Array;
  indices: Int32Array;
}

/** A stored evaluation: the summary figures (JSON) and, from schema 3 on, the predictions. */
export interface EvaluationRow {
  id: number;
  experimentId: string;
  split: string;
  metrics: Record<string, unknown>;
  createdAt: string;
  predictions: StoredPredictions | null;
}

const blob = (a: Float32Array | Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
/** Copy out of the Buffer (its offset is not always aligned for a typed-array view). */
const floats = (b: Buffer) => new Float32Array(new Uint8Array(b).buffer);
const ints = (b: Buffer) => new Int32Array(new Uint8Array(b).buffer);

interface RawRow {
  id: number;
  experiment_id: string;
  split: string;
  metrics: string;
  created_at: string;
  width: number;
  predictions: Buffer | null;
  labels: Buffer | null;
  sample_index: Buffer | null;
}

/** All SQL touching the evaluations table. */
export function evaluationsRepo(db: Db) {
  const stmts = {
    insert:
      db.prepare(`INSERT INTO evaluations (experiment_id, split, metrics, created_at, width, predictions, labels, sample_index)
      VALUES (@experiment_id, @split, @metrics, @created_at, @width, @predictions, @labels, @sample_index)`),
    latest: db.prepare(
      'SELECT * FROM evaluations WHERE experiment_id = ? AND split = ? ORDER BY id DESC LIMIT 1',
    ),
    all: db.prepare('SELECT * FROM evaluations WHERE experiment_id = ? ORDER BY id'),
  };
  const toRow = (r: RawRow): EvaluationRow => ({
    id: r.id,
    experimentId: r.experiment_id,
    split: r.split,
    metrics: JSON.parse(r.metrics) as Record<string, unknown>,
    createdAt: r.created_at,
    predictions:
      r.predictions && r.labels
        ? {
            width: r.width,
            probs: floats(r.predictions),
            labels: ints(r.labels),
            indices: r.sample_index ? ints(r.sample_index) : new Int32Array(0),
          }
        : null,
  });
  return {
    insert: (
      experimentId: string,
      split: string,
      metrics: unknown,
      createdAt: string,
      p: StoredPredictions | null,
    ) =>
      Number(
        stmts.insert.run({
          experiment_id: experimentId,
          split,
          metrics: JSON.stringify(metrics),
          created_at: createdAt,
          width: p?.width ?? 0,
          predictions: p ? blob(p.probs) : null,
          labels: p ? blob(p.labels) : null,
          sample_index: p ? blob(p.indices) : null,
        }).lastInsertRowid,
      ),
    /** The newest evaluation of a split, or undefined. */
    latest: (experimentId: string, split = 'test') => {
      const r = stmts.latest.get(experimentId, split) as RawRow | undefined;
      return r && toRow(r);
    },
    all: (experimentId: string) => (stmts.all.all(experimentId) as RawRow[]).map(toRow),
  };
}
export type EvaluationsRepo = ReturnType<typeof evaluationsRepo>;
