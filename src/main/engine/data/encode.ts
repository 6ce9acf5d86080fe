import type { ColumnType, MissingStrategy } from '../../../shared/api/types';
import { dateParts, parseDate, type DateOrder, type DatePart } from './dates';
import { isMissing, parseBoolean, parseNumber } from './table';
import { encodeText, vocabularyIndex } from './tokenize';

/**
 * The one encoder: how a fitted recipe turns raw cells into model features. The import encodes every
 * stored row with it (so evaluation reads rows it encoded), serving encodes requests with it, and
 * exports ship the same recipe in preprocessing.json.
 */

/** How one feature column becomes numbers; stored in the recipe. */
export interface ColumnRecipe {
  name: string;
  type: ColumnType;
  missing: MissingStrategy;
  fill: number | string | null;
  scaling: 'none' | 'minmax' | 'zscore';
  /** x' = (x - center) / scale, fitted on the training rows. */
  center: number;
  scale: number;
  encoding: 'onehot' | 'index' | null;
  categories: string[] | null;
  /** Categorical one-hot: categories past the kept ones (and unseen ones) set one extra "other" column. */
  other?: boolean;
  /** Date columns: how the cells are written, and each numeric part with its training mean and spread. */
  dateOrder?: DateOrder;
  parts?: { name: DatePart; center: number; scale: number }[];
  /** First feature index and how many features this column yields. */
  offset: number;
  width: number;
}

/** The stored recipe of a table version: enough to encode new raw rows exactly as the import did. */
export interface TableRecipe {
  columns: ColumnRecipe[];
  features: number;
  text: { length: number; vocabulary: string[] } | null;
}

/** A column's cells: numbers (NaN = missing) for numeric/boolean columns, trimmed strings (null = missing) otherwise. */
export type Cells = Float64Array | (string | null)[];

export function columnCells(type: ColumnType, values: readonly (string | null)[]): Cells {
  if (type === 'numeric' || type === 'boolean') {
    const out = new Float64Array(values.length);
    for (let r = 0; r < values.length; r++) out[r] = parseCell(type, values[r]) as number;
    return out;
  }
  return values.map((v) => parseCell(type, v) as string | null);
}

/** One cell as columnCells parses it: a number (NaN = missing) for numeric/boolean, a trimmed string or null otherwise. */
export function parseCell(type: ColumnType, v: string | null): number | string | null {
  if (type === 'numeric' || type === 'boolean') return isMissing(v) ? NaN : type === 'numeric' ? parseNumber(v) : parseBoolean(v);
  return isMissing(v) ? null : v.trim();
}
/** Is a parsed cell missing (NaN or null)? */
export const absentCell = (c: number | string | null) => c === null || (typeof c === 'number' && Number.isNaN(c));
export const absentAt = (c: Cells, r: number) => (c instanceof Float64Array ? Number.isNaN(c[r]) : c[r] === null);

/** A recipe with its lookup tables built once. */
export interface Encoder {
  recipe: TableRecipe;
  catIndex: (Map<string, number> | null)[];
  vocabIndex: Map<string, number>;
}

export const makeEncoder = (recipe: TableRecipe): Encoder => ({
  recipe,
  catIndex: recipe.columns.map((c) => (c.categories ? new Map(c.categories.map((v, i) => [v, i])) : null)),
  vocabIndex: vocabularyIndex(recipe.text?.vocabulary ?? []),
});

/**
 * Encode one parsed cell of column k: missing (NaN / null) takes the column's fill, numbers are centred
 * and scaled, dates split into scaled parts (missing or unreadable → each part's training mean), categories
 * one-hot (unknown → "other" when the column has one, else all zero) or indexed (+1, 0 = unknown),
 * text tokenised.
 */
export function encodeCell(e: Encoder, k: number, cell: number | string | null, x: Float32Array, base: number): void {
  const c = e.recipe.columns[k];
  const at = base + c.offset;
  if (c.type === 'numeric' || c.type === 'boolean') {
    const v = typeof cell === 'number' && !Number.isNaN(cell) ? cell : (c.fill as number);
    x[at] = (v - c.center) / c.scale;
    return;
  }
  if (c.type === 'date') {
    const d = typeof cell === 'string' ? parseDate(cell, c.dateOrder ?? 'ymd') : null;
    const parts = d ? dateParts(d) : null;
    (c.parts ?? []).forEach((p, i) => {
      x[at + i] = parts ? (parts[p.name] - p.center) / p.scale : 0;
    });
    return;
  }
  const v = typeof cell === 'string' ? cell : (c.fill as string);
  if (c.type === 'text') return encodeText(v, e.vocabIndex, e.recipe.text?.length ?? 0, x, at);
  const idx = e.catIndex[k]?.get(v) ?? -1;
  if (c.encoding === 'index') x[at] = idx + 1;
  else if (idx >= 0) x[at + idx] = 1;
  else if (c.other) x[at + (c.categories?.length ?? 0)] = 1;
}

/** Encode one row whose parsed cells `cellOf(k)` gives, column by column, at `base` in `x`. */
export function encodeRow(e: Encoder, cellOf: (k: number) => number | string | null, x: Float32Array, base: number): void {
  for (let k = 0; k < e.recipe.columns.length; k++) encodeCell(e, k, cellOf(k), x, base);
}

/**
 * Encode raw rows (column name → cell text or number) with a version's recipe: the same parsing,
 * filling, scaling and encodings as the import, so serving predicts exactly like the app.
 */
export function encodeRecipeRows(recipe: TableRecipe, rows: readonly Record<string, unknown>[]): Float32Array {
  const e = makeEncoder(recipe);
  const x = new Float32Array(rows.length * recipe.features);
  rows.forEach((row, i) => {
    const cells = recipe.columns.map((c) => {
      const raw = row[c.name];
      return columnCells(c.type, [raw === undefined || raw === null ? null : String(raw)]);
    });
    encodeRow(e, (k) => (cells[k] instanceof Float64Array ? cells[k][0] : cells[k][0]), x, i * recipe.features);
  });
  return x;
}
