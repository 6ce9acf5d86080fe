import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import Papa from 'papaparse';
import type { CsvInspection } from '../../../shared/api/types';
import { plainReadReason } from '../../fs/write-user-file';
import { ApiError } from '../../../shared/api/errors';
import { CsvRecords, CsvSyntaxError, MAX_RECORD_CHARS } from './csv-records';
import { isMissing, parseNumber, type RawTable } from './table';

/** A field longer than this is refused: real cells are never this big, hostile files are. */
export const MAX_FIELD_CHARS = 1024 * 1024;
export const MAX_COLUMNS = 10_000;
const SNIFF_BYTES = 64 * 1024;
const SAMPLE_ROWS = 1000;

export type CsvEncoding = CsvInspection['encoding'];

/** How to read a file, as detected (and possibly overridden by the user). */
export interface CsvFormat {
  encoding: CsvEncoding;
  delimiter: string;
  hasHeader: boolean;
}

const bad = (file: string, what: string) => new ApiError('invalid_input', `${basename(file)}: ${what}`);

function readHead(file: string): { head: Buffer; size: number } {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw bad(file, 'is not a file.');
    size = st.size;
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError('not_found', `Cannot read ${file}: ${plainReadReason(err, file)}`);
  }
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(SNIFF_BYTES, size));
    readSync(fd, head, 0, head.length, 0);
    return { head, size };
  } finally {
    closeSync(fd);
  }
}

/** UTF-8 (with or without BOM) when the bytes are valid UTF-8, else Latin-1. UTF-16 and binary files are refused. */
export function detectEncoding(file: string, head: Buffer): CsvEncoding {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8-bom';
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)))
    throw bad(file, 'is UTF-16 text; save it as UTF-8 and import it again.');
  if (head.includes(0)) throw bad(file, 'looks like a binary file, not CSV text.');
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'latin1';
  }
}

const decode = (head: Buffer, enc: CsvEncoding) => (enc === 'latin1' ? head.toString('latin1') : new TextDecoder('utf-8').decode(enc === 'utf-8-bom' ? head.subarray(3) : head));

/** Column names: blanks become column_N and duplicates get a suffix. */
function columnNames(first: string[], hasHeader: boolean): string[] {
  const seen = new Set<string>();
  return first.map((raw, i) => {
    let name = hasHeader ? raw.trim() || `column_${i + 1}` : `column_${i + 1}`;
    for (let k = 2; seen.has(name); k++) name = `${hasHeader ? raw.trim() : 'column'}_${k}`;
    seen.add(name);
    return name;
  });
}

/** A line of nothing but spaces and delimiters (what skipEmptyLines: 'greedy' skips), checked cheaply. */
function isBlankRow(row: readonly string[]): boolean {
  for (let c = 0; c < row.length; c++) if (row[c].length > 0 && row[c].trim() !== '') return false;
  return true;
}

/** What the first 64 KB of a file say: its format, column names and first rows. */
export interface CsvSniff extends CsvFormat {
  path: string;
  columns: string[];
  /** Up to SAMPLE_ROWS data rows as text. */
  body: string[][];
}

/** Detect encoding, delimiter and header from the start of the file. */
export function sniffCsv(file: string, opts: { delimiter?: string } = {}): CsvSniff {
  const { head, size } = readHead(file);
  if (size === 0 || head.toString('latin1').trim() === '') throw bad(file, 'is empty.');
  const encoding = detectEncoding(file, head);
  let text = decode(head, encoding);
  // Drop a last line that the sniff window cut in half.
  if (size > head.length) text = text.slice(0, Math.max(text.lastIndexOf('\n'), 0));
  const tsv = /\.(tsv|tab)$/i.test(file);
  const parsed = Papa.parse<string[]>(text, {
    delimiter: opts.delimiter ?? (tsv ? '\t' : ''),
    delimitersToGuess: [',', '\t', ';', '|'],
    skipEmptyLines: true,
    preview: SAMPLE_ROWS + 1,
  });
  const rows = parsed.data;
  if (rows.length === 0) throw bad(file, 'is empty.');
  const delimiter = parsed.meta.delimiter || ',';
  const first = rows[0];
  const hasHeader = first.every((c) => c.trim() !== '' && Number.isNaN(parseNumber(c))) && (rows.length > 1 || first.length > 0);
  const columns = columnNames(first, hasHeader);
  const body = hasHeader ? rows.slice(1) : rows;
  if (body.length === 0 && size <= head.length) throw bad(file, 'has a header row but no data rows.');
  return { path: file, encoding, delimiter, hasHeader, columns, body };
}

/** Rows whose field count differs from the header's, in one sentence naming them. */
export function raggedMessage(file: string, r: NonNullable<CsvRead['ragged']>, header: number): string {
  const list = r.rows.slice(0, 10).join(', ') + (r.count > 10 ? ', …' : '');
  const more = r.count > 1 ? `; ${r.count} ragged rows in all: ${list}` : '';
  return `${basename(file)}: row ${r.rows[0]} has ${r.firstFields} field(s) but the header has ${header} (ragged rows${more}). Fix or remove those rows and import again.`;
}

/** A read table, and the rows skipped as ragged when they were tolerated. */
export interface CsvRead extends RawTable {
  ragged: { rows: number[]; count: number; firstFields: number } | null;
}

/** Options of a pass over a CSV file. */
export interface ScanOptions {
  signal?: AbortSignal;
  onProgress?: (rows: number, fraction: number) => void;
  maxFieldChars?: number;
  tolerateRagged?: boolean;
  /**
   * Called after each piece of the file (about a megabyte of rows) has been handed over; while the promise
   * it returns is pending the file is not read further (a caller that predicts rows in batches).
   */
  afterPiece?: () => Promise<void> | void;
}

/** What a pass over a CSV file saw. */
export interface CsvScan {
  source: string;
  columns: string[];
  rowCount: number;
  ragged: CsvRead['ragged'];
}

/**
 * Read a whole CSV file into columns, streamed from disk. Refuses, naming the file and row: ragged rows,
 * an unterminated quote, a field over MAX_FIELD_CHARS, no data rows.
 */
export async function readCsv(file: string, format: CsvFormat, opts: ScanOptions = {}): Promise<CsvRead> {
  let values: (string | null)[][] = [];
  const scan = await scanCsv(file, format, opts, (columns) => (values = columns.map(() => [])), (row) => {
    for (let c = 0; c < row.length; c++) values[c].push(row[c]);
  });
  return { ...scan, values };
}

/**
 * One pass over a CSV file, row by row, holding nothing of it: `onColumns` gets the column names, then
 * `onRow` each data row (missing cells as null; the array is the parser's, reused by nobody), its index
 * among the data rows and its record number in the file (the header is record 1; blank lines are not
 * counted). The same refusals as readCsv; ragged rows are skipped (and reported) only when tolerated.
 */
export function scanCsv(
  file: string,
  format: CsvFormat,
  opts: ScanOptions,
  onColumns: (columns: string[]) => void,
  onRow: (row: (string | null)[], index: number, record: number) => void,
): Promise<CsvScan> {
  const { size } = readHead(file);
  if (size === 0) return Promise.reject(bad(file, 'is empty.'));
  const name = basename(file);
  const maxField = opts.maxFieldChars ?? MAX_FIELD_CHARS;
  const stream = createReadStream(file, {
    encoding: format.encoding === 'latin1' ? 'latin1' : 'utf8',
    start: format.encoding === 'utf-8-bom' ? 3 : 0,
    highWaterMark: 1024 * 1024,
  });
  return new Promise<CsvScan>((resolve, reject) => {
    let columns: string[] | null = null;
    const ragged = { rows: [] as number[], count: 0, firstFields: 0 };
    let record = 0;
    let rowCount = 0;
    let failure: Error | null = null;
    let lastReport = 0;
    const fail = (err: Error) => {
      failure = err;
      stream.destroy();
      reject(err);
      return false;
    };
    const records = new CsvRecords(format.delimiter, (row) => {
      if (isBlankRow(row)) return true;
      record++;
      if (opts.signal?.aborted) return fail(new ApiError('conflict', 'The import was cancelled.'));
      for (let c = 0; c < row.length; c++)
        if (row[c].length > maxField)
          return fail(bad(file, `row ${record}, field ${c + 1}: ${row[c].length.toLocaleString('en')} characters is over the limit of ${maxField.toLocaleString('en')}.`));
      if (!columns) {
        if (row.length > MAX_COLUMNS) return fail(bad(file, `row 1 has ${row.length} columns (limit ${MAX_COLUMNS}).`));
        columns = columnNames(row, format.hasHeader);
        try {
          onColumns(columns);
        } catch (e) {
          return fail(e as Error);
        }
        if (format.hasHeader) return true;
      }
      // Every ragged row is counted (not just the first) so the message can name them all.
      if (row.length !== columns.length) {
        if (ragged.count++ === 0) ragged.firstFields = row.length;
        if (ragged.rows.length < 100) ragged.rows.push(record);
        return true;
      }
      const cells = row as (string | null)[];
      for (let c = 0; c < row.length; c++) if (isMissing(row[c])) cells[c] = null;
      try {
        onRow(cells, rowCount, record);
      } catch (e) {
        return fail(e as Error);
      }
      rowCount++;
      if (opts.onProgress && rowCount - lastReport >= 5000) {
        lastReport = rowCount;
        opts.onProgress(rowCount, Math.min(1, records.cursor / size));
      }
      return true;
    });
    /** Feed text to the parser; a malformed record fails the pass, named by its row. */
    const feed = (step: () => void) => {
      if (failure) return;
      try {
        step();
      } catch (err) {
        if (!(err instanceof CsvSyntaxError)) throw err;
        const what =
          err.code === 'MissingQuotes' ? 'a quoted field is never closed (unterminated quote)'
          : err.code === 'InvalidQuotes' ? 'a quoted field has a stray quote in it (a quote inside quotes must be doubled: "")'
          : `a record is over ${MAX_RECORD_CHARS.toLocaleString('en')} characters long (is a quote never closed?)`;
        fail(bad(file, `row ${record + 1}: ${what}.`));
      }
    };
    stream.on('error', (err) => {
      if (!failure) reject(new ApiError('unavailable', `Cannot read ${name}: ${plainReadReason(err, name)}`));
    });
    /** The caller's work after a piece, one at a time: the file waits for it. */
    let afterPieces: Promise<void> = Promise.resolve();
    const after = () =>
      (afterPieces = afterPieces.then(async () => {
        if (failure || !opts.afterPiece) return;
        try {
          await opts.afterPiece();
        } catch (err) {
          fail(err as Error);
        }
      }));
    stream.on('data', (piece) => {
      feed(() => records.push(piece as string));
      if (failure || !opts.afterPiece) return;
      stream.pause();
      void after().then(() => failure || stream.resume());
    });
    stream.on('end', async () => {
      // 'end' may come while the last piece's work is still running: the last records wait for it.
      await afterPieces;
      feed(() => records.end());
      await after();
      if (failure) return;
      if (!columns) return reject(bad(file, 'is empty.'));
      if (ragged.count && (!opts.tolerateRagged || rowCount === 0)) return reject(new ApiError('invalid_input', raggedMessage(file, ragged, columns.length)));
      if (rowCount === 0) return reject(bad(file, 'has a header row but no data rows.'));
      opts.onProgress?.(rowCount, 1);
      resolve({ source: name, columns, rowCount, ragged: ragged.count ? ragged : null });
    });
  });
}
