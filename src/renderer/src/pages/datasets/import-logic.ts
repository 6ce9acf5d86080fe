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
}

/** Sensible first choices from the inferred schema: id-like columns ignored, numbers z-scored. */
export function defaultChoices(inspection: CsvInspection): Record<string, ColumnChoice> {
  return Object.fromEntries(
    inspection.columns.map((c) => [
      c.name,
      {
        role: c.idLike ? 'ignore' : 'feature',
        type: c.type,
        missing: c.type === 'numeric' ? 'mean' : c.type === 'text' ? 'constant' : 'mostFrequent',
        constant: '',
        scaling: c.type === 'numeric' ? 'zscore' : 'none',
        encoding: 'onehot',
      } satisfies ColumnChoice,
    ]),
  );
}

/** The importCsv input for the dialog's state. */
export function importRequest(
  path: string,
  name: string,
  label: string,
  choices: Record<string, ColumnChoice>,
  split: { train: number; val: number; test: number },
  seed: number,
  text: { vocabSize: number; length: number },
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
            ...(c.type === 'numeric' ? { scaling: c.scaling } : {}),
            ...(c.type === 'categorical' ? { encoding: c.encoding } : {}),
          };
  }
  return { path, name, label, columns, split, seed, text, importId };
}

/** A file name without folders or extension, as a default dataset name. */
export const baseName = (path: string) => path.split(/[\\/]/).pop()?.replace(/\.[^.]+$/, '') || 'dataset';

/**
 * How many numbers one row becomes for the model (the width of its input), from the inspected sample:
 * numbers and booleans 1, a one-hot column one per category seen, an indexed column 1, text `length`.
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
      width += Math.max(1, col.distinct);
      estimate = true;
    } else width += 1;
  }
  return { width, estimate };
}
