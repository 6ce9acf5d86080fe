import { describe, expect, it } from 'vitest';
import { encodeRecipeRows, prepareTable, type TableRecipe } from './preprocess';
import type { RawTable } from './table';

// Serving encodes raw rows with the import's recipe; both must give the very same features.
const rows = [
  ['1.5', 'red', 'yes', 'good cheap fast', 'a'],
  ['2.5', 'blue', 'no', 'slow', 'b'],
  ['', 'red', 'true', 'cheap', 'a'],
  ['4', null, 'false', '', 'b'],
  ['5', 'green', 'yes', 'fast fast', 'a'],
  ['6.25', 'blue', 'no', 'unknown words here', 'b'],
];
const columns = ['size', 'colour', 'flag', 'review', 'label'];
const raw: RawTable = { source: 'mem.csv', columns, values: columns.map((_, c) => rows.map((r) => r[c])), rowCount: rows.length };

describe('encodeRecipeRows', () => {
  it('encodes raw rows exactly as the import encoded them (numbers, categories, booleans, text, missing cells)', () => {
    const prepared = prepareTable(raw, {
      label: 'label',
      columns: { size: { scaling: 'zscore', type: 'numeric' }, colour: { type: 'categorical' }, flag: { type: 'boolean' }, review: { type: 'text' } },
      split: { train: 1, val: 0, test: 0 },
      seed: 1,
      text: { vocabSize: 20, length: 4 },
    });
    const recipe = prepared.recipe as unknown as TableRecipe;
    const width = recipe.features;
    const fromImport = prepared.splits.train;
    const fromServing = encodeRecipeRows(recipe, rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]]))));
    const asRows = (x: Float32Array, n: number) =>
      Array.from({ length: n }, (_, i) => Array.from(x.subarray(i * width, (i + 1) * width)).join(',')).sort();
    expect(fromImport.count).toBe(rows.length);
    expect(asRows(fromServing, rows.length)).toEqual(asRows(fromImport.x, fromImport.count));
  });

  it('still encodes a recipe stored before the defaults changed (no "other" column, no date parts)', () => {
    const old = {
      columns: [
        { name: 'size', type: 'numeric', missing: 'mean', fill: 3, scaling: 'zscore', center: 3, scale: 2, encoding: null, categories: null, offset: 0, width: 1 },
        { name: 'colour', type: 'categorical', missing: 'mostFrequent', fill: 'red', scaling: 'none', center: 0, scale: 1, encoding: 'onehot', categories: ['red', 'blue'], offset: 1, width: 2 },
      ],
      features: 3,
      text: null,
    } as TableRecipe;
    expect(Array.from(encodeRecipeRows(old, [{ size: 5, colour: 'blue' }, { size: null, colour: 'green' }, { colour: null }]))).toEqual([1, 0, 1, 0, 0, 0, 0, 1, 0]);
  });
});
