import type { ColumnType } from '../../../shared/api/types';
import { ApiError } from '../../../shared/api/errors';
import { classBalance, ROWS_PER_PREVIEW_CHUNK, type PreparedVersion } from './prepared';
import { normaliseRatios, SPLITS, splitRows, stratifiedSplit } from './split';
import { columnStats, inferColumn, isMissing, parseBoolean, parseNumber, sortClassNames, type RawTable } from './table';
import { buildVocabulary, encodeText, vocabularyIndex } from './tokenize';

export type MissingStrategy = 'drop' | 'mean' | 'median' | 'mostFrequent' | 'constant';

/** What to do with one column (unset fields take defaults by type). */
export interface ColumnSpec {
  role?: 'feature' | 'ignore';
  type?: ColumnType;
  missing?: MissingStrategy;
  constant?: string | number;
  scaling?: 'none' | 'minmax' | 'zscore';
  encoding?: 'onehot' | 'index';
}

export interface TableOptions {
  label: string;
  columns?: Record<string, ColumnSpec>;
  split: { train: number; val: number; test: number };
  seed: number;
  text?: { vocabSize: number; length: number };
  /** Keep preview rows (imports do; built-ins need not). */
  keepRows?: boolean;
}

/** How one feature column becomes numbers; stored in the recipe. */
export interface ColumnRecipe {
  name: string;
  type: ColumnType;
  missing: MissingStrategy;
  fill: number | string | null;
  scaling: 'none' | 'minmax' | 'zscore';
  /** x' = (x - center) / scale */
  center: number;
  scale: number;
  encoding: 'onehot' | 'index' | null;
  categories: string[] | null;
  /** First feature index and how many features this column yields. */
  offset: number;
  width: number;
}

const MAX_CATEGORIES = 256;
const MAX_CLASSES = 10_000;
const DEFAULT_TEXT = { vocabSize: 10_000, length: 100 };

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

/** A column's cells: numbers (NaN = missing) for numeric/boolean columns, trimmed strings (null = missing) otherwise. */
type Cells = Float64Array | (string | null)[];

function columnCells(type: ColumnType, values: readonly (string | null)[]): Cells {
  if (type === 'numeric' || type === 'boolean') {
    const out = new Float64Array(values.length);
    const parse = type === 'numeric' ? parseNumber : parseBoolean;
    for (let r = 0; r < values.length; r++) {
      const v = values[r];
      out[r] = isMissing(v) ? NaN : parse(v);
    }
    return out;
  }
  return values.map((v) => (isMissing(v) ? null : v.trim()));
}
const absentAt = (c: Cells, r: number) => (c instanceof Float64Array ? Number.isNaN(c[r]) : c[r] === null);

/**
 * Encode one parsed cell as training does: missing (NaN / null) takes the column's fill, numbers are
 * centred and scaled, categories one-hot or indexed (+1, 0 = unknown), text tokenised.
 */
function encodeCell(
  c: ColumnRecipe,
  cell: number | string | null,
  catIndex: Map<string, number> | null,
  vocabIndex: Map<string, number>,
  textLength: number,
  x: Float32Array,
  base: number,
): void {
  if (c.type === 'numeric' || c.type === 'boolean') {
    const v = typeof cell === 'number' && !Number.isNaN(cell) ? cell : (c.fill as number);
    x[base + c.offset] = (v - c.center) / c.scale;
    return;
  }
  const v = typeof cell === 'string' ? cell : (c.fill as string);
  if (c.type === 'text') return encodeText(v, vocabIndex, textLength, x, base + c.offset);
  const idx = catIndex?.get(v) ?? -1;
  if (c.encoding === 'index') x[base + c.offset] = idx + 1;
  else if (idx >= 0) x[base + c.offset + idx] = 1;
}

/** The stored recipe of a table version: enough to encode new raw rows exactly as the import did. */
export interface TableRecipe {
  columns: ColumnRecipe[];
  features: number;
  text: { length: number; vocabulary: string[] } | null;
}

/**
 * Encode raw rows (column name → cell text or number) with a version's recipe: the same parsing,
 * filling, scaling and encodings as the import, so serving predicts exactly like the app.
 */
export function encodeRecipeRows(recipe: TableRecipe, rows: readonly Record<string, unknown>[]): Float32Array {
  const vocabIndex = vocabularyIndex(recipe.text?.vocabulary ?? []);
  const catIndex = recipe.columns.map((c) => (c.categories ? new Map(c.categories.map((v, i) => [v, i])) : null));
  const x = new Float32Array(rows.length * recipe.features);
  rows.forEach((row, i) =>
    recipe.columns.forEach((c, k) => {
      const raw = row[c.name];
      const text = raw === undefined || raw === null ? null : String(raw);
      const [cell] = columnCells(c.type, [text]);
      encodeCell(c, cell, catIndex[k], vocabIndex, recipe.text?.length ?? 0, x, i * recipe.features);
    }),
  );
  return x;
}

/**
 * Turn a raw table into a stored-ready version: drop rows as asked, split (stratified, seeded), fit
 * imputation/scaling/encodings/vocabulary on the training rows only, and encode every row.
 */
export function prepareTable(raw: RawTable, o: TableOptions): PreparedVersion {
  const warnings: string[] = [];
  const labelCol = raw.columns.indexOf(o.label);
  if (labelCol < 0) throw new ApiError('invalid_input', `${raw.source}: there is no column named "${o.label}" to use as the label.`);
  const specs = o.columns ?? {};
  const features = raw.columns
    .map((name, i) => ({ name, i, spec: specs[name] ?? {} }))
    .filter((c) => c.i !== labelCol && c.spec.role !== 'ignore')
    .map((c) => ({ ...c, type: c.spec.type ?? inferColumn(c.name, raw.values[c.i].slice(0, 5000)).type }));
  if (features.length === 0) throw new ApiError('invalid_input', `${raw.source}: no feature columns are left (all are ignored or the label).`);
  const strategy = (f: (typeof features)[number]): MissingStrategy =>
    f.spec.missing ?? (f.type === 'numeric' ? 'mean' : f.type === 'text' ? 'constant' : 'mostFrequent');

  // 1. Rows kept: a label, and a value in every column whose strategy is "drop".
  const cells = features.map((f) => columnCells(f.type, raw.values[f.i]));
  const dropCols = features.map((f, k) => (strategy(f) === 'drop' ? k : -1)).filter((k) => k >= 0);
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

  // 4. Fit every column on the training rows.
  const text = { ...DEFAULT_TEXT, ...o.text };
  const textCols = features.map((f, k) => (f.type === 'text' ? k : -1)).filter((k) => k >= 0);
  let vocabulary: string[] = [];
  if (textCols.length) {
    const trainTexts = function* () {
      for (const k of textCols) {
        const col = cells[k] as (string | null)[];
        for (let r = 0; r < raw.rowCount; r++) if (isTrain(r) && col[r] !== null) yield col[r] as string;
      }
    };
    vocabulary = buildVocabulary(trainTexts(), text.vocabSize);
  }
  let offset = 0;
  const recipes: ColumnRecipe[] = features.map((f, k) => {
    const col = cells[k];
    const missing = strategy(f);
    const base = { name: f.name, type: f.type, missing, scaling: 'none' as const, center: 0, scale: 1, encoding: null, categories: null, offset };
    if (f.type === 'numeric' || f.type === 'boolean') {
      const train: number[] = [];
      for (let r = 0; r < raw.rowCount; r++) if (isTrain(r) && !Number.isNaN(col[r])) train.push(col[r] as number);
      const mean = train.reduce((a, b) => a + b, 0) / (train.length || 1);
      const fill =
        missing === 'median' ? median(train)
        : missing === 'mostFrequent' ? Number(mostFrequent(train) ?? 0)
        : missing === 'constant' ? (f.type === 'boolean' && typeof f.spec.constant === 'string' ? parseBoolean(f.spec.constant) : Number(f.spec.constant ?? 0))
        : mean;
      if (Number.isNaN(fill)) throw new ApiError('invalid_input', `Column "${f.name}": the constant ${JSON.stringify(f.spec.constant)} is not a ${f.type} value.`);
      const scaling = f.type === 'numeric' ? (f.spec.scaling ?? 'none') : 'none';
      let center = 0;
      let scale = 1;
      if (scaling === 'minmax' && train.length) {
        center = train.reduce((a, b) => Math.min(a, b), Infinity);
        scale = train.reduce((a, b) => Math.max(a, b), -Infinity) - center || 1;
      } else if (scaling === 'zscore' && train.length) {
        center = mean;
        scale = Math.sqrt(train.reduce((a, b) => a + (b - mean) ** 2, 0) / train.length) || 1;
      }
      offset += 1;
      return { ...base, fill, scaling, center, scale, width: 1 };
    }
    if (f.type === 'categorical') {
      const counts = new Map<string, number>();
      for (let r = 0; r < raw.rowCount; r++) {
        const v = col[r] as string | null;
        if (isTrain(r) && v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      let categories = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([c]) => c);
      if (categories.length > MAX_CATEGORIES) {
        warnings.push(`Column "${f.name}" has ${categories.length} categories; the ${MAX_CATEGORIES} most frequent are kept, the rest count as unknown.`);
        categories = categories.slice(0, MAX_CATEGORIES);
      }
      const fill = missing === 'constant' ? String(f.spec.constant ?? '') : (categories[0] ?? '');
      if (missing === 'constant' && !categories.includes(fill)) categories.push(fill);
      const encoding = f.spec.encoding ?? 'onehot';
      const width = encoding === 'onehot' ? Math.max(1, categories.length) : 1;
      offset += width;
      return { ...base, missing: missing === 'mean' || missing === 'median' ? 'mostFrequent' : missing, fill, encoding, categories, width };
    }
    offset += text.length;
    return { ...base, fill: missing === 'constant' ? String(f.spec.constant ?? '') : '', width: text.length };
  });
  const width = offset;

  // 5. Encode each split's rows (in a seeded interleaved order).
  const vocabIndex = vocabularyIndex(vocabulary);
  const catIndex = recipes.map((c) => (c.categories ? new Map(c.categories.map((v, i) => [v, i])) : null));
  const order = splitRows(codes, o.seed);
  const splits = Object.fromEntries(
    SPLITS.map((name, s) => {
      const rows = order[s];
      const x = new Float32Array(rows.length * width);
      const y = new Int32Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        y[i] = labels[r];
        const base = i * width;
        for (let k = 0; k < recipes.length; k++) {
          const col = cells[k];
          encodeCell(recipes[k], col instanceof Float64Array ? col[r] : col[r], catIndex[k], vocabIndex, text.length, x, base);
        }
      }
      return [name, { x, y, count: rows.length }];
    }),
  ) as PreparedVersion['splits'];

  const onlyText = recipes.length === 1 && recipes[0].type === 'text';
  const featureNames = new Set(features.map((f) => f.name));
  const columnTypes = raw.columns.map((name, i) => features.find((f) => f.i === i)?.type ?? inferColumn(name, raw.values[i].slice(0, 5000)).type);
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
