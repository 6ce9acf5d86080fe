import type { ColumnType, CsvColumnInfo, MissingStrategy } from '../../../shared/api/types';
import { ApiError } from '../../../shared/api/errors';
import { textDefaultsOf } from './column-defaults';
import { ColumnFitter, IN_MEMORY, resolve, type Feature } from './column-fit';
import { detectDateOrder, parseDate, type DateOrder } from './dates';
import { absentAt, columnCells, encodeRow, makeEncoder, type ColumnRecipe } from './encode';
import { classBalance, ROWS_PER_PREVIEW_CHUNK, type PreparedVersion } from './prepared';
import { TextTally } from './running-stats';
import { hashSplitCode, normaliseRatios, SPLITS, splitRows, stratifiedSplit } from './split';
import { columnStats, inferColumn, isMissing, sortClassNames, type RawTable } from './table';
import { vocabularyOf } from './tokenize';

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
  /**
   * How rows are split: stratified per class with a seeded shuffle (the default), or per row from a
   * seeded hash of its index, which needs no global shuffle (the streaming import; see hashSplitCode).
   */
  assign?: 'stratified' | 'hash';
  /** Keep preview rows (imports do; built-ins need not). */
  keepRows?: boolean;
}

/** Column types are inferred from this many leading rows (inspect and import alike). */
export const INFER_ROWS = 10_000;
const MAX_CLASSES = 10_000;

/** Which columns become features, which the defaults leave out (with a warning each), and the "drop" columns. */
export interface TablePlan {
  labelCol: number;
  features: Feature[];
  leftOut: { name: string; info: CsvColumnInfo }[];
  /** Feature positions whose missing strategy is "drop". */
  dropCols: number[];
  warnings: string[];
}

/** Decide the features of a table with these columns (both imports; `infoOf` gives a column's inferred type). */
export function planTable(source: string, columns: readonly string[], o: TableOptions, infoOf: (name: string, i: number) => CsvColumnInfo): TablePlan {
  const warnings: string[] = [];
  const labelCol = columns.indexOf(o.label);
  if (labelCol < 0) throw new ApiError('invalid_input', `${source}: there is no column named "${o.label}" to use as the label.`);
  const specs = o.columns ?? {};
  const candidates = columns.map((name, i) => ({ name, i, spec: Object.hasOwn(specs, name) ? specs[name] : {} })).filter((c) => c.i !== labelCol);
  const features: Feature[] = candidates
    .filter((c) => c.spec.role !== 'ignore')
    .map((c) => ({ ...c, info: infoOf(c.name, c.i) }))
    .filter((c) => c.spec.role === 'feature' || c.info.suggestion.role === 'feature')
    .map((c) => ({ ...c, type: c.spec.type ?? c.info.type }));
  const leftOut = candidates
    .filter((c) => c.spec.role === undefined)
    .map((c) => ({ name: c.name, info: infoOf(c.name, c.i) }))
    .filter((c) => c.info.suggestion.role === 'ignore');
  for (const c of leftOut) warnings.push(`Column "${c.name}" ${c.info.suggestion.reason.replace(/^Left out:/, 'was left out:')}`);
  if (features.length === 0) throw new ApiError('invalid_input', `${source}: no feature columns are left (all are ignored, left out by default, or the label).`);
  const dropCols = features.map((f, k) => (resolve(f).missing === 'drop' ? k : -1)).filter((k) => k >= 0);
  return { labelCol, features, leftOut, dropCols, warnings };
}

/** The sorted class names, or a plain refusal when the label cannot train a classifier. */
export function classesOf(names: ReadonlySet<string>, source: string, label: string): string[] {
  if (names.size < 2) {
    const only = [...names][0];
    throw new ApiError('invalid_input', `${source}: the label column "${label}" has ${names.size === 0 ? 'no values' : `only one class ("${only}")`}; a classifier needs at least two.`);
  }
  if (names.size > MAX_CLASSES)
    throw new ApiError('invalid_input', `${source}: the label column "${label}" has ${names.size} classes (limit ${MAX_CLASSES}); is it the right column?`);
  return sortClassNames([...names]);
}

/** The warnings about rows left out and rare classes (both imports word them alike). */
export function rowWarnings(noLabel: number, dropped: number, classes: readonly string[], perClass: ArrayLike<number>): string[] {
  const out: string[] = [];
  if (noLabel) out.push(`${noLabel} row(s) without a label were left out.`);
  if (dropped) out.push(`${dropped} row(s) with missing values were dropped.`);
  const rare = classes.filter((_, c) => perClass[c] < 3);
  if (rare.length) out.push(`Class(es) with fewer than 3 rows: ${rare.slice(0, 5).join(', ')}.`);
  return out;
}

/** A date column's cell order: the inspection's, else detected from `texts`; a plain refusal when none fits. */
export function dateOrderOf(f: Feature, texts: readonly string[]): DateOrder {
  const order = f.info.dateOrder ?? detectDateOrder(texts);
  if (!order) throw new ApiError('invalid_input', `Column "${f.name}": values such as "${texts.find((t) => !parseDate(t, 'ymd')) ?? ''}" are not dates (2024-03-01, 03/01/2024 or 01/03/2024, optionally with a time).`);
  return order;
}

/** Sequence length and vocabulary: as asked, else from the training texts' tally. */
export function textSettings(asked: TableOptions['text'], tally: TextTally): { vocabSize: number; length: number; vocabulary: string[] } {
  const fromData = asked?.length === undefined || asked?.vocabSize === undefined ? textDefaultsOf(tally) : null;
  const vocabSize = asked?.vocabSize ?? fromData?.vocabSize ?? 0;
  return { vocabSize, length: asked?.length ?? fromData?.length ?? 0, vocabulary: vocabularyOf(tally.words, vocabSize) };
}

/** The stored recipe of a table version (both imports). */
export function tableRecipe(a: {
  source: string;
  columns: readonly string[];
  plan: TablePlan;
  o: TableOptions;
  recipes: ColumnRecipe[];
  text: { vocabSize: number; length: number; vocabulary: string[] } | null;
  ratios: [number, number, number];
  classes: string[];
  rowsRead: number;
  rowsDropped: number;
}): Record<string, unknown> {
  const featureNames = new Set(a.plan.features.map((f) => f.name));
  return {
    format: 'table-v1',
    source: a.source,
    label: a.o.label,
    classes: a.classes,
    columns: a.recipes,
    ignored: a.columns.filter((n, i) => i !== a.plan.labelCol && !featureNames.has(n)),
    leftOutByDefault: Object.fromEntries(a.plan.leftOut.map((c) => [c.name, c.info.suggestion.reason])),
    text: a.text,
    split: { train: a.ratios[0], val: a.ratios[1], test: a.ratios[2] },
    ...(a.o.assign === 'hash' ? { splitBy: 'hash' } : {}),
    seed: a.o.seed,
    features: a.recipes.reduce((n, r) => n + r.width, 0),
    rowsRead: a.rowsRead,
    rowsDropped: a.rowsDropped,
  };
}

/**
 * Turn a raw table into a stored-ready version: drop rows as asked, split (stratified, seeded; or per
 * row by hash, as the streaming import does), fit imputation/scaling/encodings/vocabulary on the training
 * rows only, and encode every row with the one encoder (encode.ts) that serving and exports use too.
 */
export function prepareTable(raw: RawTable, o: TableOptions): PreparedVersion {
  const infoOf = (name: string, i: number) => o.inferred?.find((c) => c.name === name) ?? inferColumn(name, raw.values[i].slice(0, INFER_ROWS));
  const plan = planTable(raw.source, raw.columns, o, infoOf);
  const { labelCol, features, dropCols } = plan;
  const warnings = [...plan.warnings];

  // 1. Rows kept: a label, and a value in every column whose strategy is "drop".
  const cells = features.map((f) => columnCells(f.type, raw.values[f.i]));
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

  // 2. Classes and labels.
  const names = new Set<string>();
  for (let r = 0; r < raw.rowCount; r++) if (keep[r]) names.add(raw.values[labelCol][r]!.trim());
  const classes = classesOf(names, raw.source, o.label);
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const labels = new Int32Array(raw.rowCount).fill(-1);
  for (let r = 0; r < raw.rowCount; r++) if (keep[r]) labels[r] = classIndex.get(raw.values[labelCol][r]!.trim())!;

  // 3. Split.
  const ratios = normaliseRatios(o.split);
  let codes: Int8Array;
  if (o.assign === 'hash') {
    codes = new Int8Array(raw.rowCount).fill(-1);
    for (let r = 0; r < raw.rowCount; r++) if (keep[r]) codes[r] = hashSplitCode(r, o.seed, ratios);
  } else codes = stratifiedSplit(labels, classes.length, ratios, o.seed);
  const isTrain = (r: number) => codes[r] === 0;
  const perClass = new Int32Array(classes.length);
  for (const l of labels) if (l >= 0) perClass[l]++;
  warnings.push(...rowWarnings(noLabel, dropped, classes, perClass));

  // 4. Fit every column on the training rows, in row order; text length and vocabulary from the training texts unless given.
  const textCols = features.map((f, k) => (f.type === 'text' ? k : -1)).filter((k) => k >= 0);
  const tally = new TextTally();
  for (const k of textCols) {
    const col = cells[k] as (string | null)[];
    for (let r = 0; r < raw.rowCount; r++) if (isTrain(r) && col[r] !== null) tally.add(col[r] as string);
  }
  const text = textCols.length ? textSettings(o.text, tally) : null;
  let offset = 0;
  const recipes: ColumnRecipe[] = features.map((f, k) => {
    const col = cells[k];
    const trainTexts = () => Array.from({ length: raw.rowCount }, (_, r) => (isTrain(r) ? (col[r] as string | null) : null)).filter((t) => t !== null);
    const fitter = new ColumnFitter(f, IN_MEMORY, f.type === 'date' ? dateOrderOf(f, f.info.dateOrder ? [] : trainTexts()) : null);
    for (let r = 0; r < raw.rowCount; r++) if (isTrain(r)) fitter.add(col[r]);
    const recipe = fitter.finish(offset, text?.length ?? 0);
    offset += recipe.width;
    return recipe;
  });
  const width = offset;

  // 5. Encode each split's rows with the one encoder: stratified splits in a seeded interleaved order,
  // hashed ones in file order (as the streaming import writes them).
  const encoder = makeEncoder({ columns: recipes, features: width, text: text ? { length: text.length, vocabulary: text.vocabulary } : null });
  const order = o.assign === 'hash' ? rowsInFileOrder(codes) : splitRows(codes, o.seed);
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
    recipe: tableRecipe({ source: raw.source, columns: raw.columns, plan, o, recipes, text, ratios, classes, rowsRead: raw.rowCount, rowsDropped: noLabel + dropped }),
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
        chunk.push(previewRow(SPLITS[codes[r]], raw.values.map((col) => col[r])));
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

/** A stored preview row: its split, then the source cells (long ones cut to 200 characters). */
export function previewRow(split: string, cells: readonly (string | null)[]): (string | null)[] {
  // A plain loop: a streaming import makes one of these per row of files with millions of them.
  const out: (string | null)[] = new Array(cells.length + 1);
  out[0] = split;
  for (let c = 0; c < cells.length; c++) {
    const v = cells[c];
    out[c + 1] = v != null && v.length > 200 ? `${v.slice(0, 199)}…` : v;
  }
  return out;
}

function rowsInFileOrder(codes: Int8Array): [Uint32Array, Uint32Array, Uint32Array] {
  const lists: number[][] = [[], [], []];
  codes.forEach((c, r) => {
    if (c >= 0) lists[c].push(r);
  });
  return lists.map((l) => Uint32Array.from(l)) as [Uint32Array, Uint32Array, Uint32Array];
}
