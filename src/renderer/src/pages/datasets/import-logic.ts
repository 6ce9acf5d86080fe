import type { MethodInput } from '../../../../shared/api/contract';
import type { CsvColumnInfo, CsvInspection } from '../../../../shared/api/types';

/** What the user chose for one column in the import dialog. */
export interface ColumnChoice {
  role: 'feature' | 'ignore';
  type: CsvColumnInfo['type'];
  missing: 'drop' | 'mean' | 'median' | 'mostFrequent' | 'constant';
  constant: string;
  scaling: 'none' | 'minmax' | 'zscore';
  encoding: 'onehot' | 'index';
  /** One-hot: the most frequent categories kept; the rest share an "other" column. */
  maxCategories: number;
}

/**
 * The import's own defaults, as inspect reports them for each column (id-like, constant and mostly-unique
 * columns left out, numbers and date parts z-scored, large categoricals capped), so the dialog starts
 * from exactly what `layerlab import` would do.
 */
export function defaultChoices(inspection: CsvInspection): Record<string, ColumnChoice> {
  return Object.fromEntries(
    inspection.columns.map((c) => {
      const s = c.suggestion;
      return [
        c.name,
        { role: s.role, type: s.type, missing: s.missing, constant: '', scaling: s.scaling, encoding: s.encoding, maxCategories: s.maxCategories } satisfies ColumnChoice,
      ];
    }),
  );
}

/** The default choice for a column once the user changes its type (mean and median only exist for numbers). */
export function retyped(c: ColumnChoice, type: ColumnChoice['type']): ColumnChoice {
  const numericOnly = c.missing === 'mean' || c.missing === 'median';
  return {
    ...c,
    type,
    missing: type !== 'numeric' && numericOnly ? (type === 'text' ? 'constant' : 'mostFrequent') : c.missing,
    scaling: type === 'numeric' || type === 'date' ? (c.scaling === 'none' && c.type !== 'numeric' ? 'zscore' : c.scaling) : 'none',
  };
}

/** The importCsv input for the dialog's state. */
export function importRequest(
  path: string,
  name: string,
  label: string,
  choices: Record<string, ColumnChoice>,
  split: { train: number; val: number; test: number },
  seed: number,
  /** Unset = derived from the training texts by the import. */
  text: { vocabSize: number; length: number } | undefined,
  importId: string,
): MethodInput<'datasets.importCsv'> {
  const columns: MethodInput<'datasets.importCsv'>['columns'] = {};
  for (const [col, c] of Object.entries(choices)) {
    if (col === label) continue;
    columns[col] =
      c.role === 'ignore'
        ? { role: 'ignore' }
        : {
            role: 'feature',
            type: c.type,
            missing: c.missing,
            ...(c.missing === 'constant' ? { constant: c.type === 'numeric' ? Number(c.constant) || 0 : c.constant } : {}),
            ...(c.type === 'numeric' || c.type === 'date' ? { scaling: c.scaling } : {}),
            ...(c.type === 'categorical' ? { encoding: c.encoding, maxCategories: c.maxCategories } : {}),
          };
  }
  return { path, name, label, columns, split, seed, ...(text ? { text } : {}), importId };
}

/** A file name without folders or extension, as a default dataset name. */
export const baseName = (path: string) => path.split(/[\\/]/).pop()?.replace(/\.[^.]+$/, '') || 'dataset';

/**
 * How many numbers one row becomes for the model (the width of its input), from the inspected sample:
 * numbers and booleans 1, a one-hot column one per category seen (at most maxCategories, plus "other"),
 * a date 4 parts (5 with times), an indexed column 1, text `length`.
 * `estimate` is true when one-hot columns make it depend on the categories of the training rows.
 */
export function inputWidth(
  inspection: CsvInspection,
  label: string,
  choices: Record<string, ColumnChoice>,
  textLength: number,
): { width: number; estimate: boolean } {
  let width = 0;
  let estimate = false;
  for (const col of inspection.columns) {
    const c = choices[col.name];
    if (col.name === label || !c || c.role === 'ignore') continue;
    if (c.type === 'text') width += textLength;
    else if (c.type === 'categorical' && c.encoding === 'onehot') {
      width += Math.max(1, Math.min(col.distinct, c.maxCategories) + (col.distinct > c.maxCategories ? 1 : 0));
      estimate = true;
    } else if (c.type === 'date') width += col.examples.some((e) => /\d:\d/.test(e)) ? 5 : 4;
    else width += 1;
  }
  return { width, estimate };
}
