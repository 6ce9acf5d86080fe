import { describe, expect, it } from 'vitest';
import { permutationImportance, scoreOf } from './permutation-importance';

/**
 * A "model" that reads only column a: p(class 1) = σ(10a). Rows alternate a = ±1 with the label following
 * a, so the model is right on every row; b and c are noise it never reads.
 */
const rows = Array.from({ length: 40 }, (_, i) => ({ a: i % 2 ? '1' : '-1', b: String((i * 7) % 5), c: String((i * 3) % 11) }));
const labels = rows.map((r) => (r.a === '1' ? 1 : 0));
const model = {
  columns: ['b', 'a', 'c'],
  rows,
  labels,
  size: 3,
  encode: (row: Record<string, string | null>, x: Float32Array, base: number) => {
    x[base] = Number(row.a);
    x[base + 1] = Number(row.b);
    x[base + 2] = Number(row.c);
  },
  predict: async (x: Float32Array, n: number) =>
    Array.from({ length: n }, (_, i) => {
      const p = 1 / (1 + Math.exp(-10 * x[i * 3]!));
      return [1 - p, p];
    }),
};

describe('permutation importance', () => {
  it('the deciding column first; columns the model ignores exactly zero', async () => {
    const r = await permutationImportance({ ...model, repeats: 4, seed: 3 });
    expect(r.accuracy).toBe(1);
    expect(r.rows).toBe(40);
    expect(r.columns[0]!.column).toBe('a');
    // Shuffling a sends about half the rows to the wrong side: accuracy falls by about a half.
    expect(r.columns[0]!.accuracyDrop).toBeGreaterThan(0.25);
    expect(r.columns[0]!.logLossRise).toBeGreaterThan(1);
    for (const c of r.columns.slice(1)) expect(c).toMatchObject({ accuracyDrop: 0, accuracyDropSd: 0, logLossRise: 0, logLossRiseSd: 0 });
  });

  it('the same seed gives the same answer', async () => {
    expect(await permutationImportance({ ...model, seed: 9 })).toEqual(await permutationImportance({ ...model, seed: 9 }));
  });

  it('scores accuracy and log loss as known', () => {
    const s = scoreOf(
      [
        [0.9, 0.1],
        [0.4, 0.6],
        [0.5, 0.5],
      ],
      [0, 0, 0],
    );
    expect(s.accuracy).toBeCloseTo(2 / 3, 12);
    expect(s.logLoss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.4) + Math.log(0.5)) / 3, 12);
  });
});
