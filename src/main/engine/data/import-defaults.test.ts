import { describe, expect, it } from 'vitest';
import { buildPreprocessing } from '../../export/preprocessing';
import { toFeatures } from '../../serving/preprocess';
import { classLikeName, suggestLabel, textDefaults } from './column-defaults';
import { dateParts, detectDateOrder, parseDate } from './dates';
import { encodeRecipeRows, type TableRecipe } from './encode';
import { prepareTable } from './preprocess';
import { inferColumn, type RawTable } from './table';

/** The documented defaults of the CSV import (see column-defaults.ts and the README's "Import a CSV/TSV"). */
const table = (columns: Record<string, (string | null)[]>): RawTable => ({
  source: 'test.csv',
  columns: Object.keys(columns),
  values: Object.values(columns),
  rowCount: Object.values(columns)[0].length,
});
const SPLIT = { train: 0.6, val: 0.2, test: 0.2 };
const n = 200;
const range = (k: number, f: (i: number) => string | null) => Array.from({ length: k }, (_, i) => f(i));
const labels = range(n, (i) => ['a', 'b', 'c'][i % 3]);
const recipeOf = (p: ReturnType<typeof prepareTable>) => p.recipe as unknown as TableRecipe & { leftOutByDefault: Record<string, string> };
const col = (p: ReturnType<typeof prepareTable>, name: string) => recipeOf(p).columns.find((c) => c.name === name);

describe('date and time columns', () => {
  it('parses ISO, month-first and day-first dates (with times), refusing impossible ones', () => {
    expect(parseDate('2024-02-29', 'ymd')).toMatchObject({ year: 2024, month: 2, day: 29, hasTime: false });
    expect(parseDate('2023-02-29', 'ymd')).toBeNull();
    expect(parseDate('2024-03-01T14:30:00Z', 'ymd')).toMatchObject({ hour: 14, minute: 30, hasTime: true });
    expect(parseDate('03/01/2024 2:15 PM', 'mdy')).toMatchObject({ month: 3, day: 1, hour: 14 });
    expect(detectDateOrder(['03/01/2024', '12/31/2024'])).toBe('mdy');
    expect(detectDateOrder(['03/01/2024', '31/12/2024'])).toBe('dmy');
    expect(detectDateOrder(['2024-01-01', 'soon'])).toBeNull();
    expect(dateParts(parseDate('2024-03-01', 'ymd')!)).toEqual({ year: 2024, month: 3, dayOfYear: 61, weekday: 5, hour: 0 });
  });

  it('a date column is typed "date" (not id-like although every day differs) and becomes 4 z-scored parts, never one-hot', () => {
    const days = range(n, (i) => new Date(Date.UTC(2020, 0, 1 + i * 3)).toISOString().slice(0, 10));
    const info = inferColumn('day', days);
    expect(info).toMatchObject({ type: 'date', idLike: false, dateOrder: 'ymd', suggestion: { role: 'feature', type: 'date', scaling: 'zscore' } });
    expect(info.suggestion.reason).toMatch(/year, month, day of the year and weekday/);
    const p = prepareTable(table({ day: days, y: labels }), { label: 'y', split: SPLIT, seed: 1 });
    expect(p.inputShape).toEqual([4]);
    expect(col(p, 'day')?.parts?.map((x) => x.name)).toEqual(['year', 'month', 'dayOfYear', 'weekday']);
    // Each part is z-scored on the training rows: mean 0 there.
    const per = 4;
    for (let k = 0; k < per; k++) {
      let sum = 0;
      for (let i = 0; i < p.splits.train.count; i++) sum += p.splits.train.x[i * per + k];
      expect(Math.abs(sum / p.splits.train.count)).toBeLessThan(1e-4);
    }
  });

  it('adds the hour when times are present; a missing or unreadable date takes the training mean (0)', async () => {
    const stamps = range(n, (i) => (i === 5 ? '' : `2021-06-${String(1 + (i % 28)).padStart(2, '0')} ${String(i % 24).padStart(2, '0')}:30`));
    const p = prepareTable(table({ at: stamps, y: labels }), { label: 'y', split: { train: 1, val: 0, test: 0 }, seed: 1 });
    expect(p.inputShape).toEqual([5]);
    expect(Array.from(encodeRecipeRows(recipeOf(p), [{ at: '' }, { at: 'not a date' }]))).toEqual(new Array(10).fill(0));
    // Serving encodes with the same recipe but tells an API caller that a date is unreadable.
    const prep = buildPreprocessing({ inputNames: ['in'], inputShape: [5], kind: 'table', labels: p.classes, recipe: p.recipe });
    expect(Array.from(await toFeatures(prep, { at: stamps[7] }))).toEqual(Array.from(encodeRecipeRows(recipeOf(p), [{ at: stamps[7] }])));
    await expect(toFeatures(prep, { at: 'next tuesday' })).rejects.toThrow(/Column "at" needs a date written like the training data's \(2024-03-01\)/);
  });
});

describe('id-like, constant and high-cardinality columns', () => {
  it('leaves id-like columns out by default, with the reason, unless the user keeps them', () => {
    const raw = table({
      row: range(n, (i) => String(i + 1)),
      customer_id: range(n, (i) => `C-${(i * 7919) % 100_003}`),
      x: range(n, (i) => String((i % 3) + Math.sin(i))),
      y: labels,
    });
    expect(inferColumn('row', raw.values[0]).suggestion.reason).toMatch(/consecutive numbers 1–200/);
    expect(inferColumn('customer_id', raw.values[1])).toMatchObject({ idLike: true, suggestion: { role: 'ignore' } });
    const p = prepareTable(raw, { label: 'y', split: SPLIT, seed: 1 });
    expect(recipeOf(p).columns.map((c) => c.name)).toEqual(['x']);
    expect(Object.keys(recipeOf(p).leftOutByDefault)).toEqual(['row', 'customer_id']);
    expect(p.warnings.join(' ')).toMatch(/Column "row" was left out: its values are the consecutive numbers/);
    const kept = prepareTable(raw, { label: 'y', split: SPLIT, seed: 1, columns: { row: { role: 'feature' } } });
    expect(recipeOf(kept).columns.map((c) => c.name)).toEqual(['row', 'x']);
    // Distinct measurements are not ids.
    expect(inferColumn('mass', range(n, (i) => String(3000 + i * 17))).idLike).toBe(false);
  });

  it('leaves out a constant column and a mostly-unique categorical one (names), saying why', () => {
    const constant = inferColumn('site', range(n, () => 'north'));
    expect(constant.suggestion).toMatchObject({ role: 'ignore' });
    expect(constant.suggestion.reason).toMatch(/same value/);
    const names = inferColumn('name', range(n, (i) => `person ${i % 150}`));
    expect(names).toMatchObject({ type: 'categorical', idLike: false, suggestion: { role: 'ignore' } });
    expect(names.suggestion.reason).toMatch(/150 different values in 200 rows/);
  });

  it('caps a high-cardinality categorical to the 20 most frequent + one "other" column', () => {
    // 39 cities of unequal frequency.
    const cities = range(n * 2, (i) => `c${Math.floor(Math.sqrt(i * 4)) % 40}`);
    const distinct = new Set(cities).size;
    expect(distinct).toBe(39);
    const info = inferColumn('city', cities);
    expect(info.suggestion).toMatchObject({ role: 'feature', encoding: 'onehot', maxCategories: 20 });
    expect(info.suggestion.reason).toMatch(/39 categories; the 20 most frequent/);
    const p = prepareTable(table({ city: cities, y: range(n * 2, (i) => ['a', 'b'][i % 2]) }), { label: 'y', split: { train: 1, val: 0, test: 0 }, seed: 1 });
    const c = col(p, 'city')!;
    expect(p.inputShape).toEqual([21]);
    expect(c).toMatchObject({ other: true, width: 21 });
    expect(c.categories).toHaveLength(20);
    const rare = [...new Set(cities)].find((v) => v !== null && !c.categories!.includes(v))!;
    const x = encodeRecipeRows(recipeOf(p), [{ city: rare }, { city: 'never seen' }, { city: c.categories![0] }]);
    expect(x[20]).toBe(1);
    expect(x[21 + 20]).toBe(1);
    expect(x[42]).toBe(1);
    // The cap is a choice: 50 keeps every city.
    expect(prepareTable(table({ city: cities, y: range(n * 2, (i) => ['a', 'b'][i % 2]) }), { label: 'y', columns: { city: { maxCategories: 50 } }, split: { train: 1, val: 0, test: 0 }, seed: 1 }).inputShape).toEqual([39]);
  });
});

describe('label suggestion', () => {
  it('prefers a class-like name and few values over position (penguins: species, not sex)', () => {
    const cols = [
      inferColumn('species', range(n, (i) => ['Adelie', 'Gentoo', 'Chinstrap'][i % 3])),
      inferColumn('island', range(n, (i) => ['Biscoe', 'Dream', 'Torgersen'][i % 3])),
      inferColumn('bill_length_mm', range(n, (i) => String(35 + (i % 17) * 0.7))),
      inferColumn('sex', range(n, (i) => (i % 9 === 0 ? null : i % 2 ? 'MALE' : 'FEMALE'))),
    ];
    expect(suggestLabel(cols, n)).toMatchObject({ name: 'species', reason: expect.stringMatching(/class-like name/) });
    expect(classLikeName('Species')).toBe(true);
    expect(classLikeName('Class Label')).toBe(true);
    expect(classLikeName('Island')).toBe(false);
    // Without a class-like name: the categorical column with few values; a numeric "target" 0/1 counts.
    expect(suggestLabel(cols.slice(1, 3), n)?.name).toBe('island');
    expect(suggestLabel([inferColumn('target', range(n, (i) => String(i % 2))), cols[2]], n)?.name).toBe('target');
    expect(suggestLabel([cols[2]], n)).toBeNull();
  });
});

describe('text settings from the data', () => {
  it('sequence length is the 95th-percentile word count (bounded); the vocabulary every repeated word', () => {
    const texts = range(100, (i) => Array.from({ length: i < 95 ? 10 : 400 }, (_, k) => `w${(i + k) % 60}`).join(' '));
    expect(textDefaults(texts as string[])).toMatchObject({ length: 10, vocabSize: 62 });
    expect(textDefaults(range(100, () => 'word '.repeat(1000)) as string[]).length).toBe(256);
    // Imported without settings: the same rule on the training texts.
    const p = prepareTable(table({ t: texts, y: range(100, (i) => ['a', 'b'][i % 2]) }), { label: 'y', split: { train: 1, val: 0, test: 0 }, seed: 1 });
    expect(p.inputShape).toEqual([10]);
    expect((p.recipe as { text: { length: number; vocabSize: number } }).text).toMatchObject({ length: 10, vocabSize: 62 });
  });
});

describe('one encoder: training-split statistics at import, evaluation, export and serving', () => {
  it('z-scores with the training rows only; stored test rows, serving and preprocessing.json use those statistics', async () => {
    // Training rows come from a different range than the others would pull the mean: the fitted
    // mean must be the training mean, not the whole column's.
    const values = range(n, (i) => String(i * i));
    const raw = table({ v: values, colour: range(n, (i) => ['red', 'blue', null][i % 3]), y: labels });
    const p = prepareTable(raw, { label: 'y', split: SPLIT, seed: 7 });
    const recipe = recipeOf(p);
    const v = recipe.columns[0];
    expect(v).toMatchObject({ name: 'v', scaling: 'zscore' });
    // Recover the training rows' raw values from their encodings, then check mean and sd by hand.
    const per = recipe.features;
    const trainRaw = Array.from({ length: p.splits.train.count }, (_, i) => p.splits.train.x[i * per] * v.scale + v.center);
    const mean = trainRaw.reduce((a, b) => a + b, 0) / trainRaw.length;
    const sd = Math.sqrt(trainRaw.reduce((a, b) => a + (b - mean) ** 2, 0) / trainRaw.length);
    expect(v.center).toBeCloseTo(mean, 3);
    expect(v.scale).toBeCloseTo(sd, 3);
    const all = values.map(Number);
    expect(Math.abs(v.center - all.reduce((a, b) => a + b, 0) / n)).toBeGreaterThan(1);
    for (const x of trainRaw) expect(all.some((a) => Math.abs(a - x) < 0.5)).toBe(true);

    // Evaluation reads the stored test rows; serving encodes raw rows; both give the same numbers.
    const testRows = Array.from({ length: p.splits.test.count }, (_, i) => p.splits.test.x.subarray(i * per, (i + 1) * per));
    const prep = buildPreprocessing({ inputNames: ['in'], inputShape: [per], kind: 'table', labels: p.classes, recipe: JSON.parse(JSON.stringify(p.recipe)) as Record<string, unknown> });
    expect((prep.recipe.columns as TableRecipe['columns'])[0]).toMatchObject({ center: v.center, scale: v.scale });
    const testRaw = testRows.map((x) => Math.round(x[0] * v.scale + v.center));
    for (let i = 0; i < testRows.length; i++) {
      const colour = testRows[i][1] === 1 ? recipe.columns[1].categories![0] : recipe.columns[1].categories![1];
      const served = await toFeatures(prep, { v: testRaw[i], colour });
      expect(Array.from(served).map((z) => z.toFixed(4))).toEqual(Array.from(testRows[i]).map((z) => z.toFixed(4)));
    }
  });
});
