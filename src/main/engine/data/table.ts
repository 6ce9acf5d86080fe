import type { ColumnStats, ColumnType, CsvColumnInfo } from '../../../shared/api/types';
import { columnSuggestion } from './column-defaults';
import { detectDateOrder, type DateOrder } from './dates';

/** A table as read from its source, column by column; null = missing. */
export interface RawTable {
  /** Shown in messages ("iris.csv row 7"). */
  source: string;
  columns: string[];
  /** values[column][row] */
  values: (string | null)[][];
  rowCount: number;
}

const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?', '.', '#n/a']);
export const TRUE = new Set(['true', 'yes', 'y', 't']);
export const FALSE = new Set(['false', 'no', 'n', 'f']);

/** Empty cells and the usual spellings of "not available" count as missing. */
export const isMissing = (v: string | null | undefined): v is null | undefined | '' =>
  v == null || v === '' || (v.length <= 6 && mayBeMissing(v.charCodeAt(0)) && MISSING.has(v.trim().toLowerCase()));

/**
 * Can a cell starting with this character be one of the MISSING spellings (n/N, ?, ., #, or a space)?
 * Called for every cell of every row of an import: most cells (digits, other letters) are answered here
 * without the lower-cased copy.
 */
const mayBeMissing = (c: number) => c === 110 || c === 78 || c === 63 || c === 46 || c === 35 || c <= 32 || c === 160 || c === 0xfeff;

/** Exact powers of ten as doubles (10^22 is the largest one a double holds exactly). */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * A plain decimal ("-12.345": optional sign, digits, at most one point, 15 digits at most), or NaN when
 * the cell is anything else. Exact, not an approximation: the digits form an integer below 2^53 and the
 * power of ten is exact, so one correctly rounded division gives the same double Number() does (Clinger's
 * fast path). Imports parse millions of such cells, and this is three times faster than Number().
 */
function plainDecimal(v: string): number {
  const n = v.length;
  let i = 0;
  let c = n > 0 ? v.charCodeAt(0) : 0;
  const negative = c === 45;
  if (negative || c === 43) i = 1;
  let m = 0;
  let digits = 0;
  let point = -1;
  for (; i < n; i++) {
    c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
    } else if (c === 46 && point < 0) point = i;
    else return NaN;
  }
  if (digits === 0 || digits > 15) return NaN;
  const value = point < 0 ? m : m / POW10[n - 1 - point];
  return negative ? -value : value;
}

/** A finite number, or NaN. Accepts leading/trailing spaces; rejects '' and hex. */
export function parseNumber(v: string): number {
  const fast = plainDecimal(v);
  if (!Number.isNaN(fast)) return fast;
  const t = v.trim();
  // Number() would accept '' (0) and hex/binary/octal literals; a CSV cell means neither.
  if (t === '' || (t.length > 1 && t[0] === '0' && (t[1] === 'x' || t[1] === 'X' || t[1] === 'b' || t[1] === 'B' || t[1] === 'o' || t[1] === 'O'))) return NaN;
  const n = Number(t);
  return Number.isFinite(n) ? n : NaN;
}

/** 1 for true-ish, 0 for false-ish, NaN otherwise. */
export function parseBoolean(v: string): number {
  const t = v.trim().toLowerCase();
  return TRUE.has(t) ? 1 : FALSE.has(t) ? 0 : NaN;
}

const ID_NAME = /(^|[^a-z])(id|ids|uuid|guid|key|index|idx|rownum|row_?id|record)$|^(#|no\.?|n°)$/i;

/**
 * Why a column looks like an identifier, or null: an id-like name with (nearly) all values distinct, a
 * categorical column with every value distinct, or whole numbers that are all distinct and consecutive
 * (a running number). Dates and measurements with all-distinct values are not ids.
 */
function idReason(name: string, type: ColumnType, present: readonly string[], distinct: number): string | null {
  if (present.length < 20 || type === 'date' || type === 'text' || type === 'boolean') return null;
  const integers = type === 'numeric' && present.every((v) => Number.isInteger(parseNumber(v)));
  if (ID_NAME.test(name.trim()) && distinct >= present.length * 0.95 && (type === 'categorical' || integers)) return `its name and values look like an identifier (${distinct} distinct in ${present.length} rows)`;
  if (distinct !== present.length) return null;
  if (type === 'categorical') return `every value differs (${distinct} distinct in ${present.length} rows)`;
  if (integers) {
    let min = Infinity;
    let max = -Infinity;
    for (const v of present) {
      const n = parseNumber(v);
      if (n < min) min = n;
      if (n > max) max = n;
    }
    if (max - min + 1 === present.length) return `its values are the consecutive numbers ${min}–${max}, a running number`;
  }
  return null;
}

/** Infer a column's type from sampled values (missing ones are ignored), and the import's default for it. */
export function inferColumn(name: string, values: readonly (string | null)[]): CsvColumnInfo {
  const present = values.filter((v): v is string => !isMissing(v)).map((v) => v.trim());
  const distinct = new Set(present);
  let type: ColumnType;
  let dateOrder: DateOrder | null = null;
  if (present.length === 0) type = 'categorical';
  else if (present.every((v) => !Number.isNaN(parseNumber(v)))) type = 'numeric';
  else if (present.every((v) => !Number.isNaN(parseBoolean(v)))) type = 'boolean';
  else if ((dateOrder = detectDateOrder([...distinct]))) type = 'date';
  else {
    const meanLength = present.reduce((a, v) => a + v.length, 0) / present.length;
    const meanWords = present.reduce((a, v) => a + v.split(/\s+/).length, 0) / present.length;
    const manyDistinct = distinct.size > Math.max(50, present.length * 0.5);
    type = meanWords >= 3 || meanLength > 40 || (manyDistinct && meanLength > 20) ? 'text' : 'categorical';
  }
  const why = idReason(name, type, present, distinct.size);
  const info = {
    name,
    type,
    idLike: why !== null,
    missing: values.length - present.length,
    distinct: distinct.size,
    examples: [...distinct].slice(0, 5).map((v) => (v.length > 60 ? `${v.slice(0, 57)}…` : v)),
    ...(dateOrder ? { dateOrder } : {}),
  };
  return { ...info, suggestion: columnSuggestion({ ...info, idReason: why }, present.length) };
}

/** Sort class names naturally: numerically when all are numbers, else alphabetically. */
export function sortClassNames(names: string[]): string[] {
  const numeric = names.every((n) => !Number.isNaN(parseNumber(n)));
  return [...names].sort((a, b) => (numeric ? parseNumber(a) - parseNumber(b) : a < b ? -1 : a > b ? 1 : 0));
}

/** Statistics of one column over the kept rows (before imputation). */
export function columnStats(
  name: string,
  type: ColumnType,
  role: ColumnStats['role'],
  values: readonly (string | null)[],
  keep: (row: number) => boolean,
): ColumnStats {
  const tally = new ColumnStatsTally(name, type, role);
  for (let r = 0; r < values.length; r++) if (keep(r)) tally.add(values[r]);
  if (tally.needsBinning) for (let r = 0; r < values.length; r++) if (keep(r)) tally.bin(values[r]);
  return tally.result();
}

/**
 * columnStats folded over a column's kept cells in two passes (the histogram's bins need the range
 * first): `add` every cell, then `bin` every cell again when `needsBinning`, then `result`.
 */
/** Distinct values of a numeric column counted exactly up to here (see ColumnStatsTally.numbers). */
export const NUMERIC_DISTINCT_CAP = 10_000;

export class ColumnStatsTally {
  private missing = 0;
  private readonly counts = new Map<string, number>();
  /**
   * A numeric column's distinct values, as numbers, counted up to NUMERIC_DISTINCT_CAP: a measurement's
   * distinct count says little past that, and a set of millions of doubles was most of an import's time.
   */
  private readonly numbers = new Set<number>();
  private numbersCapped = false;
  private n = 0;
  private min = Infinity;
  private max = -Infinity;
  private sum = 0;
  private readonly bins = new Array<number>(10).fill(0);
  constructor(
    private readonly name: string,
    private readonly type: ColumnType,
    private readonly role: ColumnStats['role'],
    /** Distinct values counted (the rest only add to counts already there). */
    private readonly cap = 100_000,
  ) {}
  add(v: string | null): void {
    if (isMissing(v)) {
      this.missing++;
      return;
    }
    const t = v.trim();
    if (this.type === 'numeric') {
      const n = parseNumber(t);
      if (Number.isNaN(n)) this.missing++;
      else {
        this.n++;
        if (n < this.min) this.min = n;
        if (n > this.max) this.max = n;
        this.sum += n;
        this.countNumber(n);
        return;
      }
    }
    const c = this.counts.get(t);
    if (c !== undefined) this.counts.set(t, c + 1);
    else if (this.counts.size < this.cap) this.counts.set(t, 1);
  }
  /** add() for a numeric column's cell already parsed (NaN: missing or not a number, counted as add() does). */
  addParsed(n: number, raw: string | null): void {
    if (Number.isNaN(n)) return this.add(raw);
    this.n++;
    if (n < this.min) this.min = n;
    if (n > this.max) this.max = n;
    this.sum += n;
    this.countNumber(n);
  }
  private countNumber(n: number): void {
    if (this.numbers.size < Math.min(this.cap, NUMERIC_DISTINCT_CAP)) this.numbers.add(n);
    else if (!this.numbersCapped) this.numbersCapped = !this.numbers.has(n);
  }
  /** bin() for a cell already parsed. */
  binParsed(n: number): void {
    if (!Number.isNaN(n)) this.bins[Math.min(9, Math.floor((n - this.min) / this.width))]++;
  }
  get numeric(): boolean {
    return this.type === 'numeric';
  }
  get needsBinning(): boolean {
    return this.type === 'numeric' && this.n > 0;
  }
  private get width(): number {
    return (this.max - this.min) / 10 || 1;
  }
  bin(v: string | null): void {
    if (isMissing(v)) return;
    const n = parseNumber(v.trim());
    if (!Number.isNaN(n)) this.bins[Math.min(9, Math.floor((n - this.min) / this.width))]++;
  }
  result(): ColumnStats {
    const { name, type, role, missing, counts, min, max } = this;
    const stats: ColumnStats = { name, type, role, missing, distinct: counts.size + this.numbers.size, min: null, max: null, mean: null, histogram: [] };
    if (this.numbersCapped || counts.size >= this.cap) stats.distinctCapped = true;
    if (this.needsBinning) {
      const width = this.width;
      Object.assign(stats, { min, max, mean: this.sum / this.n });
      stats.histogram = this.bins.map((count, i) => ({ label: `${round(min + i * width)}–${round(min + (i + 1) * width)}`, count }));
    } else {
      stats.histogram = [...counts.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 10)
        .map(([label, count]) => ({ label: label.length > 40 ? `${label.slice(0, 37)}…` : label, count }));
    }
    return stats;
  }
}

const round = (n: number) => Number(n.toPrecision(4));
