import { SPLITS, splitRows } from '../engine/data/split';

/** The raw (as imported) rows of one split, column by column as in the source file. */
export interface RawSplit {
  columns: string[];
  rows: (string | null)[][];
  /**
   * True when `rows` are in the split's stored order (so row i is test sample i of the stored evaluation);
   * false when rows were dropped at import, whose places the stored rows no longer record.
   */
  inOrder: boolean;
}

/**
 * The rows of `split` from a version's stored source rows (each `[split, ...cells]`, in file order).
 * The import orders each split by a seeded permutation of every row read; when no row was dropped the
 * stored rows are every row read, so that order can be rebuilt exactly.
 */
export function rawSplitRows(
  previewColumns: string[],
  stored: Iterable<(string | null)[]>,
  recipe: { seed?: unknown; rowsDropped?: unknown },
  split: (typeof SPLITS)[number] = 'test',
): RawSplit {
  const all = [...stored];
  const code = SPLITS.indexOf(split);
  const columns = previewColumns.slice(1);
  const seed = typeof recipe.seed === 'number' ? recipe.seed : null;
  if (seed !== null && recipe.rowsDropped === 0) {
    const codes = Int8Array.from(all, (r) => SPLITS.indexOf(r[0] as (typeof SPLITS)[number]));
    const order = splitRows(codes, seed)[code];
    return { columns, rows: Array.from(order, (i) => all[i].slice(1)), inOrder: true };
  }
  return { columns, rows: all.filter((r) => r[0] === split).map((r) => r.slice(1)), inOrder: false };
}
