import { describe, expect, it } from 'vitest';
import { prepareTable, type ColumnSpec } from './preprocess';
import { stratifiedSplit } from './split';
import { inferColumn, type RawTable } from './table';
import { buildVocabulary, encodeText, vocabularyIndex } from './tokenize';

const table = (columns: Record<string, (string | null)[]>): RawTable => ({
  source: 'test.csv',
  columns: Object.keys(columns),
  values: Object.values(columns),
  rowCount: Object.values(columns)[0].length,
});

/** Everything in the train split (so fitted values are easy to check by hand). */
const ALL_TRAIN = { train: 1, val: 0, test: 0 };
const labels = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 ? 'b' : 'a'));


/** Values of one single-feature column, sorted (order-free checks). */
const sortedFeature = (p: ReturnType<typeof prepareTable>, f = 0) => {
  const per = p.inputShape[0];
  return Array.from({ length: p.splits.train.count }, (_, i) => p.splits.train.x[i * per + f]).sort((a, b) => a - b);
};

describe('type inference', () => {
  it('tells numeric, boolean, categorical, text and id-like columns apart', () => {
    const n = 30;
    expect(inferColumn('x', ['1.5', '-2', '3e2', '', 'NA']).type).toBe('numeric');
    expect(inferColumn('b', ['yes', 'no', 'Yes', 'N']).type).toBe('boolean');
    expect(inferColumn('c', ['red', 'green', 'red', 'blue']).type).toBe('categorical');
    expect(inferColumn('t', ['the quick brown fox', 'jumps over the lazy dog today']).type).toBe('text');
    const id = inferColumn('id', Array.from({ length: n }, (_, i) => String(1000 + i)));
    expect(id).toMatchObject({ type: 'numeric', idLike: true, distinct: n });
    expect(inferColumn('c', ['a', '', null, 'b']).missing).toBe(2);
  });
});

describe('missing values', () => {
  const x = ['1', '2', '', '4', '10', null];
  const strategies: [ColumnSpec['missing'], number[]][] = [
    ['mean', [1, 2, 4, 4.25, 4.25, 10]],
    ['median', [1, 2, 3, 3, 4, 10]],
    ['mostFrequent', [1, 1, 1, 2, 4, 10]],
    ['constant', [-1, -1, 1, 2, 4, 10]],
    ['drop', [1, 2, 4, 10]],
  ];
  for (const [missing, expected] of strategies)
    it(`fills a numeric column by ${missing}`, () => {
      const p = prepareTable(table({ x, y: labels(6) }), { label: 'y', columns: { x: { missing, constant: -1, scaling: 'none' } }, split: ALL_TRAIN, seed: 1 });
      expect(sortedFeature(p).map((v) => +v.toFixed(4))).toEqual(expected);
    });

  it('fills a categorical column with the most frequent value or a constant category', () => {
    const c = ['red', 'red', 'blue', null, 'red', ''];
    const freq = prepareTable(table({ c, y: labels(6) }), { label: 'y', columns: { c: { encoding: 'index' } }, split: ALL_TRAIN, seed: 1 });
    expect(freq.recipe.columns).toMatchObject([{ categories: ['red', 'blue'], fill: 'red' }]);
    expect(sortedFeature(freq)).toEqual([1, 1, 1, 1, 1, 2]);
    const constant = prepareTable(table({ c, y: labels(6) }), {
      label: 'y',
      columns: { c: { encoding: 'index', missing: 'constant', constant: 'unknown' } },
      split: ALL_TRAIN,
      seed: 1,
    });
    expect(sortedFeature(constant)).toEqual([1, 1, 1, 2, 3, 3]);
  });
});

describe('encodings and scaling', () => {
  const c = ['a', 'b', 'c', 'a', 'a', 'b'];
  it('one-hot gives one column per category (most frequent first); index gives 1..K', () => {
    const one = prepareTable(table({ c, y: labels(6) }), { label: 'y', columns: { c: { encoding: 'onehot' } }, split: ALL_TRAIN, seed: 1 });
    expect(one.inputShape).toEqual([3]);
    const rows = Array.from({ length: 6 }, (_, i) => Array.from(one.splits.train.x.subarray(i * 3, i * 3 + 3)));
    expect(rows.every((r) => r.reduce((a, b) => a + b) === 1)).toBe(true);
    expect(rows.filter((r) => r[0] === 1)).toHaveLength(3);
    const idx = prepareTable(table({ c, y: labels(6) }), { label: 'y', columns: { c: { encoding: 'index' } }, split: ALL_TRAIN, seed: 1 });
    expect(idx.inputShape).toEqual([1]);
    expect(sortedFeature(idx)).toEqual([1, 1, 1, 2, 2, 3]);
  });

  it('booleans become 0/1; min-max maps to 0..1; z-score to mean 0, sd 1 (fitted on training rows)', () => {
    const b = prepareTable(table({ b: ['yes', 'no', 'yes', 'no'], y: labels(4) }), { label: 'y', split: ALL_TRAIN, seed: 1 });
    expect(sortedFeature(b)).toEqual([0, 0, 1, 1]);
    const x = ['2', '4', '6', '8'];
    const mm = prepareTable(table({ x, y: labels(4) }), { label: 'y', columns: { x: { scaling: 'minmax' } }, split: ALL_TRAIN, seed: 1 });
    expect(sortedFeature(mm).map((v) => +v.toFixed(4))).toEqual([0, 0.3333, 0.6667, 1]);
    const z = prepareTable(table({ x, y: labels(4) }), { label: 'y', columns: { x: { scaling: 'zscore' } }, split: ALL_TRAIN, seed: 1 });
    const v = sortedFeature(z);
    expect(Math.abs(v.reduce((a, b) => a + b))).toBeLessThan(1e-5);
    expect(v.reduce((a, b) => a + b * b, 0) / 4).toBeCloseTo(1, 5);
  });

  it('tokenises a text column to a fixed length with a train-only vocabulary (0 pad, 1 unknown)', () => {
    const vocab = buildVocabulary(['the cat sat', 'the dog'], 4);
    expect(vocab).toEqual(['the', 'cat']);
    const out = new Float32Array(5);
    encodeText('The dog, the CAT!', vocabularyIndex(vocab), 5, out, 0);
    expect(Array.from(out)).toEqual([2, 1, 2, 3, 0]);
    const p = prepareTable(table({ t: ['good movie, great fun', 'bad movie awful', 'great great', 'awful bad'], y: ['pos', 'neg', 'pos', 'neg'] }), {
      label: 'y',
      columns: { t: { type: 'text' } },
      text: { vocabSize: 50, length: 3 },
      split: ALL_TRAIN,
      seed: 1,
    });
    expect(p.kind).toBe('text');
    expect(p.inputShape).toEqual([3]);
    expect((p.recipe.text as { vocabulary: string[] }).vocabulary).toContain('great');
  });

  it('refuses a label with one class and names the column', () => {
    expect(() => prepareTable(table({ x: ['1', '2'], y: ['a', 'a'] }), { label: 'y', split: ALL_TRAIN, seed: 1 })).toThrow(
      /test\.csv: the label column "y" has only one class \("a"\)/,
    );
  });
});

describe('stratified split', () => {
  it('keeps class ratios within 1 % of the source and gives the same rows for the same seed', () => {
    const n = 10_000;
    const y = Int32Array.from({ length: n }, (_, i) => (i % 10 < 7 ? 0 : i % 10 < 9 ? 1 : 2));
    const a = stratifiedSplit(y, 3, [0.7, 0.15, 0.15], 7);
    for (let s = 0; s < 3; s++) {
      const rows = [...a.keys()].filter((i) => a[i] === s);
      for (const [c, share] of [
        [0, 0.7],
        [1, 0.2],
        [2, 0.1],
      ])
        expect(Math.abs(rows.filter((i) => y[i] === c).length / rows.length - share)).toBeLessThan(0.01);
    }
    expect(Array.from(stratifiedSplit(y, 3, [0.7, 0.15, 0.15], 7))).toEqual(Array.from(a));
    expect(Array.from(stratifiedSplit(y, 3, [0.7, 0.15, 0.15], 8))).not.toEqual(Array.from(a));
  });
});
