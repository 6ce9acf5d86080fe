import type { ClassBalance, ColumnStats } from '../../../shared/api/types';
import type { SplitName } from '../../db/repos/dataset-data';
import type { LoadedDataset, SampleSet } from './types';

/** A dataset version ready to store (or to train on directly, for built-ins). */
export interface PreparedVersion {
  kind: 'image' | 'table' | 'text';
  inputShape: number[];
  classes: string[];
  splits: Record<SplitName, SampleSet>;
  /** How the data was read and transformed: enough to transform new data the same way. */
  recipe: Record<string, unknown>;
  stats: PreparedStats;
  /** Source rows for previews, in chunks; each row starts with its split. */
  rows: () => Iterable<(string | null)[][]>;
  warnings: string[];
  skipped: { file: string; reason: string }[];
}

/** What previews show without reading the data: per-column statistics and class balance. */
export interface PreparedStats {
  previewColumns: string[];
  columns: ColumnStats[];
  classBalance: ClassBalance[];
}

/** Aim for chunks of about 2 MB of float32 features. */
export const CHUNK_BYTES = 2 * 1024 * 1024;
export const ROWS_PER_PREVIEW_CHUNK = 1000;

export const perSample = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** The splits cut into storage chunks (views, no copies). */
export function* chunksOf(p: PreparedVersion): Generator<{ split: SplitName; index: number; count: number; x: Float32Array; y: Int32Array }> {
  const per = perSample(p.inputShape);
  const rowsPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / (per * 4)));
  for (const split of ['train', 'val', 'test'] as const) {
    const s = p.splits[split];
    for (let i = 0, index = 0; i < s.count; i += rowsPerChunk, index++) {
      const n = Math.min(rowsPerChunk, s.count - i);
      yield { split, index, count: n, x: s.x.subarray(i * per, (i + n) * per), y: s.y.subarray(i, i + n) };
    }
  }
}

/** Class balance per split from label arrays. */
export function classBalance(classes: readonly string[], splits: Record<SplitName, SampleSet>): ClassBalance[] {
  const out = classes.map((className) => ({ className, train: 0, val: 0, test: 0 }));
  for (const split of ['train', 'val', 'test'] as const) for (const c of splits[split].y) out[c][split]++;
  return out;
}

/** The first `limit` rows of a sample set (0 = all). */
export function headOf(s: SampleSet, per: number, limit: number): SampleSet {
  if (limit <= 0 || limit >= s.count) return s;
  return { x: s.x.subarray(0, limit * per), y: s.y.subarray(0, limit), count: limit };
}

/** A prepared version as the trainer consumes it. */
export function toLoaded(p: PreparedVersion, id: string, limits: { train: number; test: number }): LoadedDataset {
  const per = perSample(p.inputShape);
  return {
    id,
    inputShape: p.inputShape,
    classes: p.classes,
    train: headOf(p.splits.train, per, limits.train),
    val: p.splits.val,
    test: headOf(p.splits.test, per, limits.test),
  };
}

/** Gather rows of a flat feature matrix into a new sample set. */
export function gather(x: Float32Array, y: Int32Array, rows: ArrayLike<number>, per: number): SampleSet {
  const ox = new Float32Array(rows.length * per);
  const oy = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    ox.set(x.subarray(r * per, (r + 1) * per), i * per);
    oy[i] = y[r];
  }
  return { x: ox, y: oy, count: rows.length };
}
