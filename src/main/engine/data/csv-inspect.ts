import { VALUE_COUNT_LIMIT, type CsvColumnInfo, type CsvInspection } from '../../../shared/api/types';
import { ApiError } from '../../../shared/api/errors';
import { suggestLabel, textDefaults } from './column-defaults';
import { raggedMessage, readCsv, sniffCsv, type CsvRead } from './csv';
import { INFER_ROWS, prepareTable } from './preprocess';
import { inferColumn, type RawTable } from './table';

/** The split and seed an import uses unless told otherwise (the dialog, the CLI and inspect's dry run). */
export const DEFAULT_SPLIT = { train: 0.8, val: 0.1, test: 0.1 };
export const DEFAULT_SEED = 42;

/** Column types and defaults of a read table: inspect shows these, and the import applies the same. */
export const inferTable = (raw: RawTable): CsvColumnInfo[] => raw.columns.map((name, i) => inferColumn(name, raw.values[i].slice(0, INFER_ROWS)));

/** Each value's row count, most frequent first; null once a column has more than VALUE_COUNT_LIMIT values. */
export function valueCounts(values: readonly (string | null)[]): { value: string; count: number }[] | null {
  const counts = new Map<string, number>();
  for (const v of values) {
    if (v === null || v === '') continue;
    counts.set(v, (counts.get(v) ?? 0) + 1);
    if (counts.size > VALUE_COUNT_LIMIT) return null;
  }
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
}

/**
 * What a CSV file holds and whether it imports. It reads the whole file with the import's parser
 * (readCsv), infers the columns as the import does, and runs the import's preprocessing with the
 * suggested label and the defaults without storing anything, so its verdict is the import's: every
 * reason the import would refuse the file is in `problems`. Fatal format problems (empty, binary,
 * UTF-16, missing file) throw, as the import does.
 */
export async function inspectCsv(file: string, opts: { delimiter?: string; signal?: AbortSignal } = {}): Promise<CsvInspection> {
  const sniff = sniffCsv(file, opts);
  const problems: string[] = [];
  let raw: CsvRead | null = null;
  try {
    raw = await readCsv(file, sniff, { tolerateRagged: true, signal: opts.signal });
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    problems.push(err.message);
  }
  // When the file cannot be read to the end, the first rows still show what it holds.
  const table: RawTable = raw ?? {
    source: file,
    columns: sniff.columns,
    values: sniff.columns.map((_, c) => sniff.body.map((r) => r[c] ?? null)),
    rowCount: sniff.body.length,
  };
  const columns = inferTable(table).map((c, i) => {
    const counts = valueCounts(table.values[i]);
    return counts ? { ...c, counts } : c;
  });
  // With no plausible label the dialog starts on the last column, so the verdict is given for that one.
  const last = columns.at(-1)?.name;
  const label =
    suggestLabel(columns, table.rowCount) ??
    (last ? { name: last, reason: 'No column looks like a class column (a class-like name with a few repeated values); the last column is the usual place for the label.' } : null);
  if (raw?.ragged) problems.push(raggedMessage(file, raw.ragged, raw.columns.length));
  if (raw && !raw.ragged) {
    if (label)
      try {
        prepareTable(raw, { label: label.name, inferred: columns, split: DEFAULT_SPLIT, seed: DEFAULT_SEED, keepRows: false });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        problems.push(err.message);
      }
  }
  const textCols = columns.map((c, i) => (c.type === 'text' && c.suggestion.role === 'feature' && c.name !== label?.name ? i : -1)).filter((i) => i >= 0);
  const texts = function* () {
    for (const i of textCols) for (const v of table.values[i]) if (v !== null) yield v;
  };
  return {
    path: file,
    encoding: sniff.encoding,
    delimiter: sniff.delimiter,
    hasHeader: sniff.hasHeader,
    columns,
    sample: sniff.body.slice(0, 20).map((r) => r.map((v) => (v.length > 200 ? `${v.slice(0, 199)}…` : v))),
    sampledRows: Math.min(table.rowCount, INFER_ROWS),
    rows: raw?.rowCount ?? 0,
    suggestedLabel: label?.name ?? null,
    labelReason: label?.reason ?? null,
    text: textCols.length ? textDefaults(texts()) : null,
    raggedRows: raw?.ragged?.rows ?? [],
    problems,
    importable: problems.length === 0,
  };
}
