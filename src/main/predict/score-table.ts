/**
 * A CSV/TSV file → model features for scoring, row by row: the import's own reader (encoding, delimiter,
 * quotes) and the one encoder. A row that cannot be encoded (a word in a number column, a missing value
 * the model has no fill for, the wrong number of fields) is listed with its row number and the reason.
 */
import { basename } from 'node:path';
import { ApiError } from '../../shared/api/errors';
import type { UnscoredRow } from '../../shared/api/predict-types';
import { readCsv, sniffCsv } from '../engine/data/csv';
import { encodeRawRow, RequestError, type ModelInputs } from './features';

/** Rows of a file ready to predict, with what to write beside each prediction. */
export interface ScoringInput {
  /** Features of the rows that could be encoded, in file order. */
  x: Float32Array;
  n: number;
  /** Row number in the file (header = row 1) of each encoded row; image folders: 0. */
  rowNumbers: number[];
  /** The id column's name and each encoded row's id (image folders: the file). */
  idColumn: string | null;
  ids: (string | null)[] | null;
  /** True class names of the encoded rows, when the file holds the label column. */
  labels: (string | null)[] | null;
  /** Rows (or images) read in all, and those that could not be encoded. */
  total: number;
  unscored: UnscoredRow[];
}

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

/** Data row i (0-based, ragged rows already left out) → its row number in the file. */
function rowNumberer(header: boolean, ragged: number[]): () => number {
  const skipped = [...ragged].sort((a, b) => a - b);
  let at = header ? 1 : 0;
  let k = 0;
  return () => {
    at++;
    while (k < skipped.length && skipped[k] === at) {
      at++;
      k++;
    }
    return at;
  };
}

export async function readTableForScoring(
  file: string,
  mi: ModelInputs,
  o: { label: string | null; idColumn?: string; signal?: AbortSignal; onProgress?: (rows: number) => void },
): Promise<ScoringInput> {
  if (!mi.encoder) throw new ApiError('invalid_input', 'This model takes images: score a folder of images, not a CSV file.');
  const name = basename(file);
  const format = sniffCsv(file);
  const table = await readCsv(file, format, { signal: o.signal, tolerateRagged: true, onProgress: (rows) => o.onProgress?.(rows) }).catch((err: unknown) => {
    throw o.signal?.aborted ? cancelled() : err;
  });
  const modelColumns = mi.encoder.recipe.columns.map((c) => c.name);
  const absent = modelColumns.filter((c) => !table.columns.includes(c));
  if (absent.length)
    throw new ApiError(
      'invalid_input',
      `${name} has no column ${absent.map((c) => `"${c}"`).join(', ')}, which the model reads. Its columns are ${table.columns.map((c) => `"${c}"`).join(', ')}.`,
    );
  const at = modelColumns.map((c) => table.columns.indexOf(c));
  const label = o.label !== null && table.columns.includes(o.label) ? table.columns.indexOf(o.label) : -1;
  const idColumn = pickIdColumn(table.columns, new Set(modelColumns), o.label, o.idColumn);
  const idAt = idColumn === null ? -1 : table.columns.indexOf(idColumn);

  const unscored: UnscoredRow[] = [];
  const nextRow = rowNumberer(format.hasHeader, table.ragged?.rows ?? []);
  for (const r of table.ragged?.rows ?? [])
    unscored.push({ row: r, reason: `it does not have the header's ${table.columns.length} fields` });
  const x = new Float32Array(table.rowCount * mi.size);
  const rowNumbers: number[] = [];
  const ids: (string | null)[] = [];
  const labels: (string | null)[] = [];
  for (let i = 0; i < table.rowCount; i++) {
    const rowNo = nextRow();
    const row = Object.fromEntries(modelColumns.map((c, k) => [c, table.values[at[k]][i]]));
    try {
      encodeRawRow(mi, row, x, rowNumbers.length * mi.size, `Row ${rowNo}`);
    } catch (err) {
      if (!(err instanceof RequestError)) throw err;
      unscored.push({ row: rowNo, reason: err.message.replace(/^Row \d+(: | )/, '') });
      continue;
    }
    rowNumbers.push(rowNo);
    if (idAt >= 0) ids.push(table.values[idAt][i]);
    if (label >= 0) labels.push(table.values[label][i]?.trim() ?? null);
  }
  if (table.ragged && table.ragged.count > table.ragged.rows.length)
    unscored.push({ row: 0, reason: `${table.ragged.count - table.ragged.rows.length} more rows have the wrong number of fields` });
  unscored.sort((a, b) => a.row - b.row);
  const n = rowNumbers.length;
  return {
    x: x.subarray(0, n * mi.size),
    n,
    rowNumbers,
    idColumn,
    ids: idAt >= 0 ? ids : null,
    labels: label >= 0 ? labels : null,
    total: table.rowCount + (table.ragged?.count ?? 0),
    unscored,
  };
}
