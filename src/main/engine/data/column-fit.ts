import type { ColumnType, CsvColumnInfo } from '../../../shared/api/types';
import { ApiError } from '../../../shared/api/errors';
import { TOP_CATEGORIES } from './column-defaults';
import { dateParts, datePartsFor, parseDate, type DateOrder, type DatePart } from './dates';
import type { ColumnRecipe } from './encode';
import { CappedCounts, Reservoir, RunningMoments } from './running-stats';
import { parseBoolean } from './table';
import type { ColumnSpec } from './preprocess';

const MAX_CATEGORIES = 1000;

export type Feature = { name: string; i: number; spec: ColumnSpec; type: ColumnType; info: CsvColumnInfo };

/** A spec field, else the inspection's default when the type is the inferred one, else the type's default. */
export function resolve(f: Feature) {
  const sameType = f.type === f.info.type;
  const s = f.info.suggestion;
  return {
    missing: f.spec.missing ?? (sameType ? s.missing : f.type === 'numeric' ? 'mean' : f.type === 'text' ? 'constant' : 'mostFrequent'),
    scaling: f.spec.scaling ?? (f.type === 'numeric' || f.type === 'date' ? 'zscore' : 'none'),
    encoding: f.spec.encoding ?? 'onehot',
    maxCategories: Math.min(MAX_CATEGORIES, Math.max(1, f.spec.maxCategories ?? TOP_CATEGORIES)),
  };
}

/** Centre and scale from training moments: min-max to 0..1, z-score to mean 0 and sd 1, or none. */
function scaleOf(m: RunningMoments, scaling: ColumnRecipe['scaling']): { center: number; scale: number } {
  if (m.n === 0 || scaling === 'none') return { center: 0, scale: 1 };
  if (scaling === 'minmax') return { center: m.min, scale: m.max - m.min || 1 };
  return { center: m.mean, scale: m.sd || 1 };
}

const ALL_PARTS: DatePart[] = datePartsFor(true);

/** Limits of the streaming import (the in-memory one passes Infinity: it holds the column anyway). */
export interface FitLimits {
  /** Distinct values counted per column (categories, most frequent number). */
  distinct: number;
  /** Values kept for the median (a uniform sample beyond this). */
  median: number;
}
export const IN_MEMORY: FitLimits = { distinct: Infinity, median: Infinity };

/**
 * Fits one feature column's recipe on its training cells, fed one at a time in row order (parsed as
 * encode.ts's parseCell does). Both imports use it, so a streamed and an in-memory import of the same
 * rows fit identical recipes; only past the limits (a median over more values than `limits.median`, more
 * distinct values than `limits.distinct`) does the streamed fit become an estimate.
 */
export class ColumnFitter {
  private readonly how: ReturnType<typeof resolve>;
  private readonly moments = new RunningMoments();
  private readonly counts: CappedCounts<number | string>;
  private readonly sample: Reservoir<number> | null;
  private readonly parts = ALL_PARTS.map(() => new RunningMoments());
  private hasTime = false;

  /** `dateOrder`: for date columns, how the cells are written (decided before fitting). */
  constructor(readonly f: Feature, limits: FitLimits, private readonly dateOrder: DateOrder | null = null) {
    this.how = resolve(f);
    this.counts = new CappedCounts(limits.distinct);
    this.sample = this.how.missing === 'median' ? new Reservoir(Math.min(limits.median, 2 ** 31), 0x3ed1a) : null;
  }

  /** One training cell: a number (NaN = missing) or a trimmed string (null = missing). */
  add(cell: number | string | null): void {
    const t = this.f.type;
    if (t === 'numeric' || t === 'boolean') {
      if (Number.isNaN(cell)) return;
      const v = cell as number;
      this.moments.add(v);
      this.sample?.add(v);
      if (this.how.missing === 'mostFrequent') this.counts.add(v);
    } else if (t === 'date') {
      if (cell === null) return;
      const d = parseDate(cell as string, this.dateOrder ?? 'ymd');
      if (!d) return;
      if (d.hasTime) this.hasTime = true;
      const p = dateParts(d);
      ALL_PARTS.forEach((name, i) => this.parts[i].add(p[name]));
    } else if (t === 'categorical' && cell !== null) this.counts.add(cell as string);
  }

  /** The column's recipe, its features starting at `offset` (text columns are `textLength` wide). */
  finish(offset: number, textLength: number): ColumnRecipe {
    const f = this.f;
    const { missing, scaling, encoding, maxCategories } = this.how;
    const base = { name: f.name, type: f.type, missing, scaling: 'none' as const, center: 0, scale: 1, encoding: null, categories: null, offset };
    if (f.type === 'numeric' || f.type === 'boolean') {
      const fill =
        missing === 'median' ? median(this.sample!.items)
        : missing === 'mostFrequent' ? Number(mostFrequent(this.counts.counts) ?? 0)
        : missing === 'constant' ? (f.type === 'boolean' && typeof f.spec.constant === 'string' ? parseBoolean(f.spec.constant) : Number(f.spec.constant ?? 0))
        : this.moments.mean;
      if (Number.isNaN(fill)) throw new ApiError('invalid_input', `Column "${f.name}": the constant ${JSON.stringify(f.spec.constant)} is not a ${f.type} value.`);
      const s = f.type === 'numeric' ? scaling : 'none';
      return { ...base, fill, scaling: s, ...scaleOf(this.moments, s), width: 1 };
    }
    if (f.type === 'date') {
      const names = datePartsFor(this.hasTime);
      const parts = names.map((name) => ({ name, ...scaleOf(this.parts[ALL_PARTS.indexOf(name)], scaling) }));
      return { ...base, missing: 'mean', fill: null, scaling, dateOrder: this.dateOrder ?? 'ymd', parts, width: parts.length };
    }
    if (f.type === 'categorical') {
      let categories = [...(this.counts.counts as Map<string, number>).entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([c]) => c);
      const other = encoding === 'onehot' && (categories.length > maxCategories || this.counts.overflow > 0);
      if (categories.length > maxCategories) categories = categories.slice(0, maxCategories);
      const fill = missing === 'constant' ? String(f.spec.constant ?? '') : (categories[0] ?? '');
      if (missing === 'constant' && !categories.includes(fill)) categories.push(fill);
      const width = encoding === 'onehot' ? Math.max(1, categories.length + (other ? 1 : 0)) : 1;
      return { ...base, missing: missing === 'mean' || missing === 'median' ? 'mostFrequent' : missing, fill, encoding, categories, ...(other ? { other } : {}), width };
    }
    return { ...base, fill: missing === 'constant' ? String(f.spec.constant ?? '') : '', width: textLength };
  }
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function mostFrequent(counts: ReadonlyMap<string | number, number>): string | number | null {
  let best: string | number | null = null;
  let n = -1;
  for (const [k, c] of counts) if (c > n || (c === n && String(k) < String(best))) [best, n] = [k, c];
  return best;
}
