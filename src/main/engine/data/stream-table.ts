import type { ClassBalance, ColumnType, CsvColumnInfo } from '../../../shared/api/types';
import { ApiError } from '../../../shared/api/errors';
import type { SplitName } from '../../db/repos/dataset-data';
import { ColumnFitter, type FitLimits } from './column-fit';
import { scanCsv, type CsvFormat } from './csv';
import { absentCell, encodeRow, makeEncoder, type ColumnRecipe, type Encoder } from './encode';
import { CHUNK_BYTES, ROWS_PER_PREVIEW_CHUNK, type PreparedVersion } from './prepared';
import { classesOf, dateOrderOf, INFER_ROWS, planTable, previewRow, rowWarnings, tableRecipe, textSettings, type TableOptions, type TablePlan } from './preprocess';
import { TextTally } from './running-stats';
import { collectGarbage, ROWS_PER_COLLECTION } from './collect-garbage';
import { hashSplitCode, normaliseRatios, SPLITS } from './split';
import { RowSpool } from './row-spool';
import { ColumnStatsTally, inferColumn, isMissing, parseBoolean, parseNumber } from './table';

/**
 * The streaming table import: two passes, neither holding the file, its rows or the encoded matrix.
 * Pass 1 reads and parses the file once: it infers the column types on the leading rows (as inspect and
 * the in-memory import do), assigns each row its split from a seeded hash of its index, folds the
 * training rows into each column's fitter (column-fit.ts) and the statistics, hands the preview rows to
 * `sink`, and spools each kept row's parsed cells (row-spool.ts). Pass 2 reads the spool back, encodes
 * each row with the one encoder (encode.ts) into a chunk of its split and hands full chunks to `sink`.
 * Given the same split (prepareTable with assign: 'hash'), the in-memory import yields byte-identical chunks.
 */

/** Where the streamed preview rows and chunks go (the datasets service writes them under a hidden version). */
export interface TableSink {
  chunk(c: { split: SplitName; index: number; count: number; x: Float32Array; y: Int32Array }): void;
  /** Preview rows chunk `index` (`count` rows as one JSON array), its first row being row `first` of the version. */
  rows(index: number, first: number, rowsJson: string, count: number): void;
  /** Run a few writes in one transaction. */
  batch(fn: () => void): void;
  /** Wait until every preview row handed over is stored (a sink that writes them in the background). */
  flush?(): Promise<void>;
}

/** Progress of one pass: rows so far, the fraction of the whole import done, speed and time left. */
export type StreamProgress = (p: { pass: 1 | 2; rows: number; fraction: number; rowsPerSecond: number; secondsLeft: number | null }) => void;

/** A streamed version: what PreparedVersion says, with split counts only (the chunks are in the sink). */
export type StreamedTable = Omit<PreparedVersion, 'splits' | 'rows'> & { counts: Record<SplitName, number> };

/** Past these, fits become estimates rather than grow memory: distinct values per column, values kept for a median. */
export const STREAM_LIMITS: FitLimits = { distinct: 100_000, median: 100_000 };
/** Preview chunks written per transaction. */
const WRITES_PER_BATCH = 8;
/** Pass 1's share of the progress bar (it reads and parses; pass 2 encodes spooled rows). */
const PASS1_SHARE = 0.8;

export async function streamTable(
  file: string,
  source: string,
  format: CsvFormat,
  o: TableOptions,
  sink: TableSink,
  opts: { spoolDir: string; signal?: AbortSignal; onProgress?: StreamProgress; limits?: FitLimits },
): Promise<StreamedTable> {
  const limits = opts.limits ?? STREAM_LIMITS;
  const started = performance.now();
  let pass1Seconds = 0;
  const progress = (pass: 1 | 2, rows: number, f: number) => {
    if (!opts.onProgress) return;
    const elapsed = (performance.now() - started) / 1000;
    // Pass 1 reads and parses the file, pass 2 only encodes the spooled rows: about four fifths and one fifth.
    const fraction = pass === 1 ? f * PASS1_SHARE : PASS1_SHARE + f * (1 - PASS1_SHARE);
    const passElapsed = pass === 1 ? elapsed : elapsed - pass1Seconds;
    const passLeft = f > 0.01 ? (passElapsed * (1 - f)) / f : null;
    const pass2Guess = (elapsed / Math.max(f, 1e-3)) * ((1 - PASS1_SHARE) / PASS1_SHARE);
    const secondsLeft = passLeft === null ? null : pass === 1 ? passLeft + pass2Guess : passLeft;
    opts.onProgress({ pass, rows, fraction, rowsPerSecond: rows / Math.max(passElapsed, 1e-3), secondsLeft });
  };

  // Preview rows (the source rows as read, for the data page) are serialised a chunk at a time (the parsed
  // rows become garbage young) and written a few chunks per transaction.
  let preview: (string | null)[][] = [];
  let previewIndex = 0;
  let previewFirst = 0;
  let pending: { index: number; first: number; rows: string; count: number }[] = [];
  const flushPending = () => {
    const writes = pending;
    pending = [];
    if (writes.length) sink.batch(() => writes.forEach((w) => sink.rows(w.index, w.first, w.rows, w.count)));
  };
  const flushPreview = () => {
    if (!preview.length) return;
    pending.push({ index: previewIndex++, first: previewFirst, rows: JSON.stringify(preview), count: preview.length });
    previewFirst += preview.length;
    preview = [];
    if (pending.length >= WRITES_PER_BATCH) flushPending();
  };

  // ---- Pass 1: types, split counts, fits and statistics; each kept row's parsed cells go to the spool.
  let columns: string[] = [];
  const head: (string | null)[][] = [];
  let state: Pass1 | null = null;
  let spool: RowSpool | null = null;
  const start = () => {
    const p1 = beginPass1(source, columns, head, o, limits, (code, label, numbers, strings, row) => {
      spool!.write(code, label, numbers, strings);
      if (o.keepRows === false) return;
      preview.push(previewRow(SPLITS[code], row));
      if (preview.length === ROWS_PER_PREVIEW_CHUNK) flushPreview();
    });
    spool = new RowSpool(opts.spoolDir, p1.layout);
    state = p1;
    head.forEach((h, i) => p1.add(h, i));
  };
  try {
    const scan1 = await scanCsv(
      file,
      format,
      { signal: opts.signal, onProgress: (rows, f) => progress(1, rows, f) },
      (c) => (columns = c),
      (row, r) => {
        if (r % ROWS_PER_COLLECTION === ROWS_PER_COLLECTION - 1) collectGarbage();
        if (state) return state.add(row, r);
        head.push(row.slice());
        if (head.length === INFER_ROWS) start();
      },
    );
    if (!state) start();
    flushPreview();
    flushPending();
    await sink.flush?.();
    const p1 = state as unknown as Pass1;
    pass1Seconds = (performance.now() - started) / 1000;
    const fitted = p1.finish(scan1.rowCount);

    // ---- Pass 2: encode every spooled row into its split's chunk, bin the histograms, write.
    const { encoder, width, labelClass } = fitted;
    const rowsPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / (width * 4)));
    const buffers = SPLITS.map(() => ({ x: new Float32Array(rowsPerChunk * width), y: new Int32Array(rowsPerChunk), n: 0, index: 0 }));
    const flushChunk = (s: number) => {
      const b = buffers[s];
      if (b.n === 0) return;
      sink.chunk({ split: SPLITS[s], index: b.index++, count: b.n, x: b.x.subarray(0, b.n * width), y: b.y.subarray(0, b.n) });
      b.n = 0;
      // The encoder writes only the non-zero one-hot and token slots: a reused buffer must start at zero.
      b.x.fill(0);
    };
    const binned = p1.binned();
    const { featureSlot, numericFeature } = p1;
    const cells: (number | string | null)[] = new Array(featureSlot.length);
    const cellOf = (k: number) => cells[k];
    const kept = spool!.rows;
    await spool!.read(
      (rec) => {
        for (const [stat, slot] of binned) stat.binParsed(rec.numbers[slot]);
        for (let k = 0; k < featureSlot.length; k++) cells[k] = numericFeature[k] ? rec.numbers[featureSlot[k]] : rec.strings[featureSlot[k]];
        const b = buffers[rec.code];
        b.y[b.n] = labelClass[rec.label];
        encodeRow(encoder, cellOf, b.x, b.n * width);
        if (++b.n === rowsPerChunk) flushChunk(rec.code);
      },
      { signal: opts.signal, onProgress: (rows) => progress(2, rows, rows / Math.max(kept, 1)) },
    );
    if (opts.signal?.aborted) throw new ApiError('conflict', 'The import was cancelled.');
    SPLITS.forEach((_, s) => flushChunk(s));

    const { classes, recipes } = fitted;
    const onlyText = recipes.length === 1 && recipes[0].type === 'text';
    return {
      kind: onlyText ? 'text' : 'table',
      inputShape: [width],
      classes,
      counts: p1.splitCounts,
      recipe: fitted.recipe,
      stats: { previewColumns: ['split', ...columns], columns: p1.stats.map((t) => t.result()), classBalance: fitted.classBalance },
      warnings: fitted.warnings,
      skipped: [],
    };
  } finally {
    (spool as RowSpool | null)?.discard();
  }
}

type Pass1 = ReturnType<typeof beginPass1>;

/**
 * parseCell for a row from scanCsv, whose missing cells are already null: the same values without asking
 * again whether each cell spells "missing" (millions of rows, every feature cell).
 */
function parsePresent(type: ColumnType, v: string | null): number | string | null {
  if (type === 'numeric') return v === null ? NaN : parseNumber(v);
  if (type === 'boolean') return v === null ? NaN : parseBoolean(v);
  return v === null ? null : v.trim();
}


/** A kept row's parsed cells as pass 1 hands them to the spool (the arrays are reused for the next row). */
type KeptRow = (code: number, label: number, numbers: Float64Array, strings: (string | null)[], row: (string | null)[]) => void;

/**
 * Pass 1's state once the column types are known (after the leading INFER_ROWS rows). Each kept row's
 * parsed cells go to `keep`, laid out as `layout` says: a number per numeric or yes/no feature and per
 * other numeric column (pass 2 bins its histogram), a string per other feature.
 */
function beginPass1(source: string, columns: string[], head: (string | null)[][], o: TableOptions, limits: FitLimits, keep: KeptRow) {
  const opts: TableOptions = { ...o, assign: 'hash' };
  const inferred: CsvColumnInfo[] =
    o.inferred?.length ? [...o.inferred] : columns.map((name, i) => inferColumn(name, head.map((r) => r[i])));
  const infoOf = (name: string, i: number) => inferred.find((c) => c.name === name) ?? inferColumn(name, head.map((r) => r[i]));
  const plan: TablePlan = planTable(source, columns, opts, infoOf);
  const { features, labelCol, dropCols } = plan;
  const ratios = normaliseRatios(o.split);
  const fitters = features.map(
    (f) => new ColumnFitter(f, limits, f.type === 'date' ? dateOrderOf(f, f.info.dateOrder ? [] : head.map((r) => r[f.i]?.trim() ?? null).filter((t) => t !== null)) : null),
  );
  const textCols = features.map((f, k) => (f.type === 'text' ? k : -1)).filter((k) => k >= 0);
  const tally = new TextTally();
  const featureNames = new Set(features.map((f) => f.name));
  const stats = columns.map(
    (name, i) =>
      new ColumnStatsTally(name, features.find((f) => f.i === i)?.type ?? infoOf(name, i).type, i === labelCol ? 'label' : featureNames.has(name) ? 'feature' : 'ignore', limits.distinct),
  );
  // Column → its numeric feature's index in `cells` (-1: not a numeric feature), so a cell parsed for the
  // encoder is not parsed again for the statistics (millions of rows: parsing is most of the work).
  const numericFeatureAt = columns.map((_, i) => features.findIndex((f) => f.i === i && f.type === 'numeric'));
  // Where each feature's parsed cell, and each numeric column's number, sit in a spooled row.
  const numericFeature = features.map((f) => f.type === 'numeric' || f.type === 'boolean');
  let numberSlots = 0;
  let stringSlots = 0;
  const featureSlot = numericFeature.map((numeric) => (numeric ? numberSlots++ : stringSlots++));
  const statSlot = columns.map((_, i) => (!stats[i].numeric ? -1 : numericFeatureAt[i] >= 0 ? featureSlot[numericFeatureAt[i]] : numberSlots++));
  const layout = { numbers: numberSlots, strings: stringSlots };
  const numbers = new Float64Array(numberSlots);
  const strings: (string | null)[] = new Array(stringSlots).fill(null);
  const labelIds = new Map<string, number>();
  const perLabel = new Map<string, [number, number, number]>();
  const splitCounts: Record<SplitName, number> = { train: 0, val: 0, test: 0 };
  let noLabel = 0;
  let dropped = 0;

  /** The split code of a kept row (its feature cells parsed into `cells`), or -1 when the row is left out. */
  const kept = (row: (string | null)[], r: number, cells: (number | string | null)[]): number => {
    if (row[labelCol] === null) return -1;
    for (let k = 0; k < features.length; k++) cells[k] = parsePresent(features[k].type, row[features[k].i]);
    for (const k of dropCols) if (absentCell(cells[k])) return -2;
    return hashSplitCode(r, o.seed, ratios);
  };
  const cells: (number | string | null)[] = new Array(features.length);
  return {
    plan,
    stats,
    layout,
    featureSlot,
    numericFeature,
    splitCounts,
    add(row: (string | null)[], r: number) {
      const code = kept(row, r, cells);
      if (code === -1) return void noLabel++;
      if (code === -2) return void dropped++;
      const label = row[labelCol]!.trim();
      let counts = perLabel.get(label);
      if (!counts) {
        // A label column of mostly distinct values is refused now rather than counted to the end.
        if (perLabel.size === 10_000) classesOf(new Set([...perLabel.keys(), label]), source, o.label);
        perLabel.set(label, (counts = [0, 0, 0]));
        labelIds.set(label, labelIds.size);
      }
      counts[code]++;
      splitCounts[SPLITS[code]]++;
      for (let k = 0; k < features.length; k++) {
        if (numericFeature[k]) numbers[featureSlot[k]] = cells[k] as number;
        else strings[featureSlot[k]] = cells[k] as string | null;
      }
      for (let i = 0; i < row.length; i++) {
        const k = numericFeatureAt[i];
        if (k >= 0 && stats[i].numeric) stats[i].addParsed(cells[k] as number, row[i]);
        else if (statSlot[i] >= 0) {
          // A numeric column that is not a numeric feature (left out, or the label): parsed here once.
          const v = row[i];
          const n = isMissing(v) ? NaN : parseNumber(v.trim());
          numbers[statSlot[i]] = n;
          stats[i].addParsed(n, v);
        } else stats[i].add(row[i]);
      }
      keep(code, labelIds.get(label)!, numbers, strings, row);
      if (code !== 0) return;
      for (let k = 0; k < features.length; k++) fitters[k].add(cells[k]);
      for (const k of textCols) if (cells[k] !== null) tally.add(cells[k] as string);
    },
    /** The numeric columns whose histogram pass 2 fills, with their number's slot in a spooled row. */
    binned: (): [ColumnStatsTally, number][] => stats.flatMap((t, i) => (statSlot[i] >= 0 && t.needsBinning ? [[t, statSlot[i]] as [ColumnStatsTally, number]] : [])),
    finish(rowsRead: number) {
      const classes = classesOf(new Set(perLabel.keys()), source, o.label);
      const classIndex = new Map(classes.map((c, i) => [c, i]));
      const perClass = classes.map((c) => perLabel.get(c)!.reduce((a, b) => a + b, 0));
      const warnings = [...plan.warnings, ...rowWarnings(noLabel, dropped, classes, perClass)];
      const text = textCols.length ? textSettings(o.text, tally) : null;
      let offset = 0;
      const recipes: ColumnRecipe[] = fitters.map((fitter) => {
        const recipe = fitter.finish(offset, text?.length ?? 0);
        offset += recipe.width;
        return recipe;
      });
      const encoder: Encoder = makeEncoder({ columns: recipes, features: offset, text: text ? { length: text.length, vocabulary: text.vocabulary } : null });
      const classBalance: ClassBalance[] = classes.map((className) => {
        const [train, val, test] = perLabel.get(className)!;
        return { className, train, val, test };
      });
      const recipe = tableRecipe({ source, columns, plan, o: opts, recipes, text, ratios, classes, rowsRead, rowsDropped: noLabel + dropped });
      // Pass 2 writes each row's class from its label's id in the spool.
      const labelClass = Int32Array.from(labelIds.keys(), (label) => classIndex.get(label)!);
      return { classes, recipes, encoder, width: offset, warnings, classBalance, recipe, labelClass };
    },
  };
}
