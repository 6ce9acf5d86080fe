import type { ColumnType, CsvColumnInfo, MissingStrategy } from '../../../shared/api/types';
import { ApiError } from '../../../shared/api/errors';
import { textDefaults, TOP_CATEGORIES } from './column-defaults';
import { dateParts, datePartsFor, detectDateOrder, parseDate } from './dates';
import { absentAt, columnCells, encodeRow, makeEncoder, type ColumnRecipe } from './encode';
import { classBalance, ROWS_PER_PREVIEW_CHUNK, type PreparedVersion } from './prepared';
import { normaliseRatios, SPLITS, splitRows, stratifiedSplit } from './split';
import { columnStats, inferColumn, isMissing, parseBoolean, sortClassNames, type RawTable } from './table';
import { buildVocabulary } from './tokenize';

export type { MissingStrategy };
export { encodeRecipeRows, type ColumnRecipe, type TableRecipe } from './encode';

/** What to do with one column (unset fields take the defaults inferred for the column; see column-defaults). */
export interface ColumnSpec {
  role?: 'feature' | 'ignore';
  type?: ColumnType;
  missing?: MissingStrategy;
  constant?: string | number;
  scaling?: 'none' | 'minmax' | 'zscore';
  encoding?: 'onehot' | 'index';
  /** Categorical: the most frequent categories kept (the rest share an "other" column). */
  maxCategories?: number;
}

export interface TableOptions {
  label: string;
  columns?: Record<string, ColumnSpec>;
  split: { train: number; val: number; test: number };
  seed: number;
  /** Unset fields are derived from the training texts (see textDefaults). */
  text?: { vocabSize?: number; length?: number };
  /** The inspection's column types and defaults (so import and inspect agree); inferred here when absent. */
  inferred?: readonly CsvColumnInfo[];
  /** Keep preview rows (imports do; built-ins need not). */
  keepRows?: boolean;
}

/** Column types are inferred from this many leading rows (inspect and import alike). */
export const INFER_ROWS = 10_000;
const MAX_CATEGORIES = 1000;
const MAX_CLASSES = 10_000;

const median = (xs: number[]) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mostFrequent = (xs: Iterable<string | number>) => {
  const counts = new Map<string | number, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  let best: string | number | null = null;
  let n = -1;
  for (const [k, c] of counts) if (c > n || (c === n && String(k) < String(best))) [best, n] = [k, c];
  return best;
};

/** Centre and scale fitted on training values: min-max to 0..1, z-score to mean 0 and sd 1, or none. */
function fitScale(train: readonly number[], scaling: ColumnRecipe['scaling']): { center: number; scale: number } {
  if (train.length === 0 || scaling === 'none') return { center: 0, scale: 1 };
  if (scaling === 'minmax') {
    const min = train.reduce((a, b) => Math.min(a, b), Infinity);
    return { center: min, scale: train.reduce((a, b) => Math.max(a, b), -Infinity) - min || 1 };
  }
  const mean = train.reduce((a, b) => a + b, 0) / train.length;
  return { center: mean, scale: Math.sqrt(train.reduce((a, b) => a + (b - mean) ** 2, 0) / train.length) || 1 };
}

type Feature = { name: string; i: number; spec: ColumnSpec; type: ColumnType; info: CsvColumnInfo };

/** A spec field, else the inspection's default when the type is the inferred one, else the type's default. */
function resolve(f: Feature) {
  const sameType = f.type === f.info.type;
  const s = f.info.suggestion;
  return {
    missing: f.spec.missing ?? (sameType ? s.missing : f.type === 'numeric' ? 'mean' : f.type === 'text' ? 'constant' : 'mostFrequent'),
    scaling: f.spec.scaling ?? (f.type === 'numeric' || f.type === 'date' ? 'zscore' : 'none'),
    encoding: f.spec.encoding ?? 'onehot',
    maxCategories: Math.min(MAX_CATEGORIES, Math.max(1, f.spec.maxCategories ?? TOP_CATEGORIES)),
  };
}

/** Fit one column's recipe on the training rows (`train(r)`). */
function fitColumn(f: Feature, col: ReturnType<typeof columnCells>, rows: number, train: (r: number) => boolean, offset: number, textLength: number): ColumnRecipe {
  const { missing, scaling, encoding, maxCategories } = resolve(f);
  const base = { name: f.name, type: f.type, missing, scaling: 'none' as const, center: 0, scale: 1, encoding: null, categories: null, offset };
  if (f.type === 'numeric' || f.type === 'boolean') {
    const values: number[] = [];
    for (let r = 0; r < rows; r++) if (train(r) && !Number.isNaN(col[r])) values.push(col[r] as number);
    const mean = values.reduce((a, b) => a + b, 0) / (values.length || 1);
    const fill =
      missing === 'median' ? median(values)
      : missing === 'mostFrequent' ? Number(mostFrequent(values) ?? 0)
      : missing === 'constant' ? (f.type === 'boolean' && typeof f.spec.constant === 'string' ? parseBoolean(f.spec.constant) : Number(f.spec.constant ?? 0))
      : mean;
    if (Number.isNaN(fill)) throw new ApiError('invalid_input', `Column "${f.name}": the constant ${JSON.stringify(f.spec.constant)} is not a ${f.type} value.`);
    const s = f.type === 'numeric' ? scaling : 'none';
    return { ...base, fill, scaling: s, ...fitScale(values, s), width: 1 };
  }
  if (f.type === 'date') {
    const texts: string[] = [];
    for (let r = 0; r < rows; r++) if (train(r) && col[r] !== null) texts.push(col[r] as string);
    const dateOrder = f.info.dateOrder ?? detectDateOrder(texts);
    if (!dateOrder) throw new ApiError('invalid_input', `Column "${f.name}": values such as "${texts.find((t) => !parseDate(t, 'ymd')) ?? ''}" are not dates (2024-03-01, 03/01/2024 or 01/03/2024, optionally with a time).`);
    const parsed = texts.map((t) => parseDate(t, dateOrder)).filter((d) => d !== null);
    const names = datePartsFor(parsed.some((d) => d.hasTime));
    const all = parsed.map(dateParts);
    const parts = names.map((name) => ({ name, ...fitScale(all.map((p) => p[name]), scaling) }));
    return { ...base, missing: 'mean', fill: null, scaling, dateOrder, parts, width: parts.length };
  }
  if (f.type === 'categorical') {
    const counts = new Map<string, number>();
    for (let r = 0; r < rows; r++) {
      const v = col[r] as string | null;
      if (train(r) && v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    let categories = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([c]) => c);
    const other = encoding === 'onehot' && categories.length > maxCategories;
    if (categories.length > maxCategories) categories = categories.slice(0, maxCategories);
    const fill = missing === 'constant' ? String(f.spec.constant ?? '') : (categories[0] ?? '');
    if (missing === 'constant' && !categories.includes(fill)) categories.push(fill);
    const width = encoding === 'onehot' ? Math.max(1, categories.length + (other ? 1 : 0)) : 1;
    return { ...base, missing: missing === 'mean' || missing === 'median' ? 'mostFrequent' : missing, fill, encoding, categories, ...(other ? { other } : {}), width };
  }
  return { ...base, fill: missing === 'constant' ? String(f.spec.constant ?? '') : '', width: textLength };
}

/**
 * Turn a raw table into a stored-ready version: drop rows as asked, split (stratified, seeded), fit
 * imputation/scaling/encodings/vocabulary on the training rows only, and encode every row with the
 * one encoder (encode.ts) that serving and exports use too.
 */
export function prepareTable(raw: RawTable, o: TableOptions): PreparedVersion {
  const warnings: string[] = [];
  const labelCol = raw.columns.indexOf(o.label);
  if (labelCol < 0) throw new ApiError('invalid_input', `${raw.source}: there is no column named "${o.label}" to use as the label.`);
  const specs = o.columns ?? {};
  const infoOf = (name: string, i: number) =>
    o.inferred?.find((c) => c.name === name) ?? inferColumn(name, raw.values[i].slice(0, INFER_ROWS));
  const features: Feature[] = raw.columns
    .map((name, i) => ({ name, i, spec: Object.hasOwn(specs, name) ? specs[name] : {} }))
    .filter((c) => c.i !== labelCol && c.spec.role !== 'ignore')
    .map((c) => ({ ...c, info: infoOf(c.name, c.i) }))
    .filter((c) => c.spec.role === 'feature' || c.info.suggestion.role === 'feature')
    .map((c) => ({ ...c, type: c.spec.type ?? c.info.type }));
  const leftOut = raw.columns
    .map((name, i) => ({ name, i, spec: Object.hasOwn(specs, name) ? specs[name] : {} }))
    .filter((c) => c.i !== labelCol && c.spec.role === undefined)
    .map((c) => ({ ...c, info: infoOf(c.name, c.i) }))
    .filter((c) => c.info.suggestion.role === 'ignore');
  for (const c of leftOut) warnings.push(`Column "${c.name}" ${c.info.suggestion.reason.replace(/^Left out:/, 'was left out:')}`);
  if (features.length === 0) throw new ApiError('invalid_input', `${raw.source}: no feature columns are left (all are ignored, left out by default, or the label).`);

  // 1. Rows kept: a label, and a value in every column whose strategy is "drop".
  const cells = features.map((f) => columnCells(f.type, raw.values[f.i]));
  const dropCols = features.map((f, k) => (resolve(f).missing === 'drop' ? k : -1)).filter((k) => k >= 0);
  const keep = new Uint8Array(raw.rowCount);
  let noLabel = 0;
  let dropped = 0;
  for (let r = 0; r < raw.rowCount; r++) {
    if (isMissing(raw.values[labelCol][r])) {
      noLabel++;
      continue;
    }
    if (dropCols.some((k) => absentAt(cells[k], r))) {
      dropped++;
      continue;
    }
    keep[r] = 1;
  }
  if (noLabel) warnings.push(`${noLabel} row(s) without a label were left out.`);
  if (dropped) warnings.push(`${dropped} row(s) with missing values were dropped.`);

  // 2. Classes and labels.
  const names = new Set<string>();
  for (let r = 0; r < raw.rowCount; r++) if (keep[r]) names.add(raw.values[labelCol][r]!.trim());
  if (names.size < 2) {
    const only = [...names][0];
    throw new ApiError(
      'invalid_input',
      `${raw.source}: the label column "${o.label}" has ${names.size === 0 ? 'no values' : `only one class ("${only}")`}; a classifier needs at least two.`,
    );
  }
  if (names.size > MAX_CLASSES)
    throw new ApiError('invalid_input', `${raw.source}: the label column "${o.label}" has ${names.size} classes (limit ${MAX_CLASSES}); is it the right column?`);
  const classes = sortClassNames([...names]);
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const labels = new Int32Array(raw.rowCount).fill(-1);
  for (let r = 0; r < raw.rowCount; r++) if (keep[r]) labels[r] = classIndex.get(raw.values[labelCol][r]!.trim())!;

  // 3. Split.
  const ratios = normaliseRatios(o.split);
  const codes = stratifiedSplit(labels, classes.length, ratios, o.seed);
  const isTrain = (r: number) => codes[r] === 0;
  const perClass = new Int32Array(classes.length);
  for (const l of labels) if (l >= 0) perClass[l]++;
  const rare = classes.filter((_, c) => perClass[c] < 3);
  if (rare.length) warnings.push(`Class(es) with fewer than 3 rows: ${rare.slice(0, 5).join(', ')}.`);

  // 4. Fit every column on the training rows; text length and vocabulary from the training texts unless given.
  const textCols = features.map((f, k) => (f.type === 'text' ? k : -1)).filter((k) => k >= 0);
  const trainTexts = function* () {
    for (const k of textCols) {
      const col = cells[k] as (string | null)[];
      for (let r = 0; r < raw.rowCount; r++) if (isTrain(r) && col[r] !== null) yield col[r] as string;
    }
  };
  const fromData = textCols.length && (o.text?.length === undefined || o.text?.vocabSize === undefined) ? textDefaults(trainTexts()) : null;
  const text = { vocabSize: o.text?.vocabSize ?? fromData?.vocabSize ?? 0, length: o.text?.length ?? fromData?.length ?? 0 };
  const vocabulary = textCols.length ? buildVocabulary(trainTexts(), text.vocabSize) : [];
  let offset = 0;
  const recipes: ColumnRecipe[] = features.map((f, k) => {
    const r = fitColumn(f, cells[k], raw.rowCount, isTrain, offset, text.length);
    offset += r.width;
    return r;
  });
  const width = offset;

  // 5. Encode each split's rows (in a seeded interleaved order) with the one encoder.
  const encoder = makeEncoder({ columns: recipes, features: width, text: textCols.length ? { length: text.length, vocabulary } : null });
  const order = splitRows(codes, o.seed);
  const splits = Object.fromEntries(
    SPLITS.map((name, s) => {
      const rows = order[s];
      const x = new Float32Array(rows.length * width);
      const y = new Int32Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        y[i] = labels[r];
        encodeRow(encoder, (k) => cells[k][r], x, i * width);
      }
      return [name, { x, y, count: rows.length }];
    }),
  ) as PreparedVersion['splits'];

  const onlyText = recipes.length === 1 && recipes[0].type === 'text';
  const featureNames = new Set(features.map((f) => f.name));
  const columnTypes = raw.columns.map((name, i) => features.find((f) => f.i === i)?.type ?? infoOf(name, i).type);
  const keepRow = (r: number) => keep[r] === 1;
  return {
    kind: onlyText ? 'text' : 'table',
    inputShape: [width],
    classes,
    splits,
    recipe: {
      format: 'table-v1',
      source: raw.source,
      label: o.label,
      classes,
      columns: recipes,
      ignored: raw.columns.filter((n, i) => i !== labelCol && !featureNames.has(n)),
      leftOutByDefault: Object.fromEntries(leftOut.map((c) => [c.name, c.info.suggestion.reason])),
      text: textCols.length ? { ...text, vocabulary } : null,
      split: { train: ratios[0], val: ratios[1], test: ratios[2] },
      seed: o.seed,
      features: width,
      rowsRead: raw.rowCount,
      rowsDropped: noLabel + dropped,
    },
    stats: {
      previewColumns: ['split', ...raw.columns],
      columns: raw.columns.map((name, i) =>
        columnStats(name, columnTypes[i], i === labelCol ? 'label' : featureNames.has(name) ? 'feature' : 'ignore', raw.values[i], keepRow),
      ),
      classBalance: classBalance(classes, splits),
    },
    rows: function* () {
      if (o.keepRows === false) return;
      let chunk: (string | null)[][] = [];
      for (let r = 0; r < raw.rowCount; r++) {
        if (!keep[r]) continue;
        chunk.push([SPLITS[codes[r]], ...raw.values.map((col) => (col[r] != null && col[r]!.length > 200 ? `${col[r]!.slice(0, 199)}…` : col[r]))]);
        if (chunk.length === ROWS_PER_PREVIEW_CHUNK) {
          yield chunk;
          chunk = [];
        }
      }
      if (chunk.length) yield chunk;
    },
    warnings,
    skipped: [],
  };
}
