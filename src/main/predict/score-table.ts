/**
 * A CSV/TSV file → model features for scoring, row by row: the import's own reader (encoding, delimiter,
 * quotes) and the one encoder. A row that cannot be encoded (a word in a number column, a missing value
 * the model has no fill for, the wrong number of fields) is listed with its row number and the reason.
 */
import { basename } from 'node:path';
import { ApiError } from '../../shared/api/errors';
import type { UnscoredRow } from '../../shared/api/predict-types';
import { scanCsv, sniffCsv } from '../engine/data/csv';
import { encodeRawRow, RequestError, type ModelInputs } from './features';

/** The error of a scoring run stopped by its user. */
export const cancelled = () => new ApiError('conflict', 'Scoring was cancelled; no predictions file was written.');

const ID_NAME = /^(id|ids|uuid|guid|key|row_?id|record_?id|.*[_\s-]id)$/i;

/** The column to copy into the predictions file so they can be matched back: asked for, or an id-like one. */
function pickIdColumn(columns: string[], used: Set<string>, label: string | null, asked?: string): string | null {
  if (asked !== undefined) {
    if (!columns.includes(asked)) throw new ApiError('invalid_input', `The file has no column "${asked}" to use as the id.`);
    return asked;
  }
  return columns.find((c) => !used.has(c) && c !== label && ID_NAME.test(c.trim())) ?? null;
}

/** Rows listed as unscored, at most (the rest are counted in one more line): a bad file lists a few, not millions. */
const MAX_UNSCORED_LISTED = 1000;

/** One batch of a CSV file's rows, encoded: what to predict and what to write beside each prediction. */
export interface ScoringBatch {
  x: Float32Array;
  n: number;
  /** Row number in the file (header = row 1) of each row. */
  rowNumbers: number[];
  ids: (string | null)[] | null;
  /** True class names, when the file holds the label column. */
  labels: (string | null)[] | null;
}

/**
 * Score a CSV file a piece at a time (about a megabyte of rows): each piece's rows that can be encoded go
 * to `onBatch` (which predicts and writes them) before more of the file is read, so neither the file,
 * its rows nor its predictions are held whole. `onColumns` learns the id column once the header is read.
 */
export async function scoreTable(
  file: string,
  mi: ModelInputs,
  o: { label: string | null; idColumn?: string; signal?: AbortSignal; onProgress?: (rows: number, fraction: number) => void },
  onColumns: (idColumn: string | null) => void,
  onBatch: (b: ScoringBatch) => Promise<void>,
): Promise<{ total: number; scored: number; unscored: UnscoredRow[] }> {
  const encoder = mi.encoder;
  if (!encoder) throw new ApiError('invalid_input', 'This model takes images: score a folder of images, not a CSV file.');
  const name = basename(file);
  const format = sniffCsv(file);
  const modelColumns = encoder.recipe.columns.map((c) => c.name);
  let at: number[] = [];
  let labelAt = -1;
  let idAt = -1;
  const unscored: UnscoredRow[] = [];
  let unlisted = 0;
  let scored = 0;
  let batch: ScoringBatch = { x: new Float32Array(1024 * mi.size), n: 0, rowNumbers: [], ids: null, labels: null };
  const emptyBatch = (): ScoringBatch => ({ x: new Float32Array(batch.x.length), n: 0, rowNumbers: [], ids: idAt >= 0 ? [] : null, labels: labelAt >= 0 ? [] : null });
  const flush = async () => {
    if (batch.n === 0) return;
    const full = batch;
    batch = emptyBatch();
    scored += full.n;
    await onBatch({ ...full, x: full.x.subarray(0, full.n * mi.size) });
  };
  const row: Record<string, string | null> = {};
  const scan = await scanCsv(
    file,
    format,
    { signal: o.signal, tolerateRagged: true, onProgress: o.onProgress, afterPiece: flush },
    (columns) => {
      const absent = modelColumns.filter((c) => !columns.includes(c));
      if (absent.length)
        throw new ApiError(
          'invalid_input',
          `${name} has no column ${absent.map((c) => `"${c}"`).join(', ')}, which the model reads. Its columns are ${columns.map((c) => `"${c}"`).join(', ')}.`,
        );
      at = modelColumns.map((c) => columns.indexOf(c));
      labelAt = o.label !== null && columns.includes(o.label) ? columns.indexOf(o.label) : -1;
      const idColumn = pickIdColumn(columns, new Set(modelColumns), o.label, o.idColumn);
      idAt = idColumn === null ? -1 : columns.indexOf(idColumn);
      batch = emptyBatch();
      onColumns(idColumn);
    },
    (cells, _i, record) => {
      const rowNo = record;
      for (let k = 0; k < modelColumns.length; k++) row[modelColumns[k]] = cells[at[k]];
      if ((batch.n + 1) * mi.size > batch.x.length) {
        const grown = new Float32Array(batch.x.length * 2);
        grown.set(batch.x);
        batch.x = grown;
      }
      try {
        encodeRawRow(mi, row, batch.x, batch.n * mi.size, `Row ${rowNo}`);
      } catch (err) {
        if (!(err instanceof RequestError)) throw err;
        if (unscored.length < MAX_UNSCORED_LISTED) unscored.push({ row: rowNo, reason: err.message.replace(/^Row \d+(: | )/, '') });
        else unlisted++;
        return;
      }
      batch.n++;
      batch.rowNumbers.push(rowNo);
      batch.ids?.push(cells[idAt]);
      batch.labels?.push(cells[labelAt]?.trim() ?? null);
    },
  ).catch((err: unknown) => {
    throw o.signal?.aborted ? cancelled() : err;
  });
  await flush();
  const ragged = scan.ragged;
  for (const r of ragged?.rows ?? []) unscored.push({ row: r, reason: `it does not have the header's ${scan.columns.length} fields` });
  if (ragged && ragged.count > ragged.rows.length) unscored.push({ row: 0, reason: `${ragged.count - ragged.rows.length} more rows have the wrong number of fields` });
  if (unlisted) unscored.push({ row: 0, reason: `${unlisted.toLocaleString('en')} more rows could not be encoded` });
  unscored.sort((a, b) => a.row - b.row);
  return { total: scan.rowCount + (ragged?.count ?? 0), scored, unscored };
}
