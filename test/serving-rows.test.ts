import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { encodeRecipeRows, type TableRecipe } from '../src/main/engine/data/encode';
import { prepareTable } from '../src/main/engine/data/preprocess';
import type { RawTable } from '../src/main/engine/data/table';
import { buildPreprocessing } from '../src/main/export/preprocessing';
import { fastestTfjsBackend } from '../src/main/serving/runner';
import { startModelServer, type ModelServer } from '../src/main/serving/server';

/**
 * Table rows sent to :classify are checked strictly before the one encoder (the import's) turns them
 * into features: a column the model does not use, a missing column without a fill rule, an empty row
 * or an unreadable value is refused by name instead of answered with a confident guess.
 */
await fastestTfjsBackend();
const n = 90;
const range = <T,>(k: number, f: (i: number) => T) => Array.from({ length: k }, (_v, i) => f(i));
const raw: RawTable = {
  source: 'plants.csv',
  columns: ['height', 'colour', 'weight', 'kind'],
  values: [
    range(n, (i) => String(10 + (i % 7) + (i % 3) * 5)),
    range(n, (i) => ['red', 'green', 'blue'][i % 3]),
    range(n, (i) => String(1 + (i % 11) / 2)),
    range(n, (i) => ['rose', 'fern', 'iris'][i % 3]),
  ],
  rowCount: n,
};
const prepared = prepareTable(raw, {
  label: 'kind',
  split: { train: 1, val: 0, test: 0 },
  seed: 1,
  // height: missing → training mean; weight: training dropped rows without it, so there is no fill rule.
  columns: { height: { missing: 'mean' }, weight: { missing: 'drop' } },
});
const recipe = prepared.recipe as unknown as TableRecipe;
const features = recipe.features;
const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [features], units: 3, activation: 'softmax' })] });
const prep = buildPreprocessing({ inputNames: ['row'], inputShape: [features], kind: 'table', labels: prepared.classes, recipe: prepared.recipe });
let server: ModelServer;
beforeAll(async () => {
  server = await startModelServer({ model, name: 'plants', preprocessing: prep });
});
afterAll(() => server.close());

const classify = async (body: unknown) => {
  const res = await fetch(`${server.url}/v1/models/plants:classify`, { method: 'POST', body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as { result?: [string, number][][]; error?: string } };
};
const scoresOf = (row: Record<string, unknown>) => {
  const p = (model.predict(tf.tensor(encodeRecipeRows(recipe, [row]), [1, features])) as tf.Tensor).dataSync();
  return Object.fromEntries(prepared.classes.map((c, i) => [c, p[i]]));
};

describe('strict table rows on :classify', () => {
  it('a complete row is encoded by the import\'s encoder: the scores the app computes', async () => {
    const row = { height: 17, colour: 'green', weight: '2.5' };
    const { status, json } = await classify({ examples: [row] });
    expect(status).toBe(200);
    const want = scoresOf(row);
    for (const [label, score] of json.result![0]) expect(Math.abs(score - want[label])).toBeLessThan(1e-5);
  });

  it('a missing column with a fill rule takes it; one-value lists, numbers as text and context work', async () => {
    const { status, json } = await classify({ context: { colour: ['red'] }, examples: [{ weight: 3 }, { weight: '3', height: null }] });
    expect(status).toBe(200);
    const want = scoresOf({ colour: 'red', weight: 3 });
    for (const r of json.result!) for (const [label, score] of r) expect(Math.abs(score - want[label])).toBeLessThan(1e-5);
  });

  it('refuses, by name: {}, unknown columns, a missing column without a fill rule, unreadable values', async () => {
    const cases: [unknown[], RegExp][] = [
      [[{}], /^Example 0 is empty; this model takes the columns "height", "colour", "weight"\.$/],
      [[{ height: 17, colour: 'red', weight: 2, kind: 'rose' }], /^Example 0 has a column this model does not use: "kind"\. Its columns are "height", "colour", "weight"\.$/],
      [[{ height: 1, colour: 'red', weight: 2 }, { hieght: 17, colour: 'red', weight: 2, size: 3 }], /^Example 1 has columns this model does not use: "hieght", "size"/],
      [[{ height: 17, colour: 'red' }], /^Example 0 has no value for column "weight", and the model has no rule to fill it/],
      [[{ height: 17, colour: 'red', weight: '' }], /no value for column "weight"/],
      [[{ height: 'tall', colour: 'red', weight: 2 }], /^Example 0: column "height" needs a number \(got "tall"\)\.$/],
      [[{ height: 17, colour: ['red', 'blue'], weight: 2 }], /column "colour" takes one value, got a list of 2/],
      [[{ height: 17, colour: { name: 'red' }, weight: 2 }], /column "colour" takes a number or text/],
    ];
    for (const [examples, message] of cases) {
      const { status, json } = await classify({ examples });
      expect(status, JSON.stringify(examples)).toBe(400);
      expect(json.error, JSON.stringify(examples)).toMatch(message);
    }
  });
});
