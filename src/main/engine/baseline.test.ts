import { describe, expect, it } from 'vitest';
import { baselineVerdict, majorityBaseline, type BaselineFigures } from '../../shared/metrics/baseline';
import { seededRandom } from '../../shared/random';
import { fitLogistic, predictLogistic, runBaseline, tfidfRows, type FeatureMatrix } from './baseline';
import type { SampleSet } from './data/types';

/** Two Gaussian blobs per class in `d` dimensions, class c centred at +2 on axis c: separable up to noise. */
function blobs(n: number, d: number, k: number, seed: number): SampleSet {
  const rand = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const x = new Float32Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % k;
    for (let j = 0; j < d; j++) x[i * d + j] = gauss() * 0.7 + (j === y[i] ? 2 : 0);
  }
  return { x, y, count: n };
}

describe('majority-class figure', () => {
  it('is the most common training label, scored on the test labels', () => {
    const m = majorityBaseline([0, 2, 2, 1, 2, 0], [2, 2, 0, 1, 2], ['a', 'b', 'c']);
    expect(m.classIndex).toBe(2);
    expect(m.className).toBe('c');
    expect(m.accuracy).toBeCloseTo(3 / 5, 12);
    // Only class c is ever predicted: precision 3/5, recall 1 → F1 0.75; a and b score 0.
    expect(m.macroF1).toBeCloseTo(0.75 / 3, 12);
    expect(m.confusion).toEqual([
      [0, 0, 1],
      [0, 0, 1],
      [0, 0, 3],
    ]);
  });

  it('takes the lowest class on a tie', () => {
    expect(majorityBaseline([1, 0, 1, 0], [0], ['x', 'y']).classIndex).toBe(0);
  });
});

describe('logistic-regression baseline', () => {
  it('separates separable classes and is the same for the same seed', () => {
    const train = blobs(600, 5, 3, 1);
    const test = blobs(300, 5, 3, 2);
    const run = () => runBaseline({ train, test: [test], per: 5, classes: ['a', 'b', 'c'], text: false, seed: 7 });
    const a = run();
    const b = run();
    expect(a.logistic.accuracy).toBeGreaterThan(0.9);
    expect(a.logistic.confusion).toEqual(b.logistic.confusion);
    expect(a.logistic.trainCount).toBe(600);
    expect(a.majority.accuracy).toBeCloseTo(1 / 3, 12);
  });

  it('is not thrown by an unscaled column (a budget in dollars beside z-scores)', () => {
    const scaled = (set: SampleSet): SampleSet => ({ ...set, x: set.x.map((v, i) => (i % 5 === 0 ? v * 1e8 : v)) });
    const train = blobs(600, 5, 3, 1);
    const test = blobs(300, 5, 3, 2);
    const plain = runBaseline({ train, test: [test], per: 5, classes: ['a', 'b', 'c'], text: false, seed: 7 });
    const wide = runBaseline({ train: scaled(train), test: [scaled(test)], per: 5, classes: ['a', 'b', 'c'], text: false, seed: 7 });
    expect(Math.abs(wide.logistic.accuracy - plain.logistic.accuracy)).toBeLessThan(0.02);
  });

  it('matches the closed-form answer on a one-feature problem (the L2 optimum of scikit-learn at C = 1)', () => {
    // x = -1 → class 0, x = +1 → class 1, 50 rows each, with 5 mislabelled on each side. The optimum
    // of sum CE + ½‖W‖² (2 classes, softmax) puts the decision boundary at 0 by symmetry, so every
    // correctly labelled test row is right.
    const n = 100;
    const x = new Float32Array(n);
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = i < 50 ? -1 : 1;
      y[i] = (i < 50 ? 0 : 1) ^ (i % 10 === 0 ? 1 : 0);
    }
    const m: FeatureMatrix = { rows: n, cols: 1, values: x };
    const model = fitLogistic(m, y, 2, 3);
    // Symmetric data: biases stay equal, and the weights are opposite.
    expect(model.b[0] - model.b[1]).toBeCloseTo(0, 2);
    expect(model.w[0] + model.w[1]).toBeCloseTo(0, 6);
    // Independent check of the optimum: for margin t = w1 - w0, the gradient of
    // 100 · mean CE + ½(w0² + w1²) vanishes where 90·σ(-t) - 10·σ(t) = t / 2 (per-class weight ±t/2).
    const sigma = (v: number) => 1 / (1 + Math.exp(-v));
    let [lo, hi] = [0, 10];
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      if (90 * sigma(-mid) - 10 * sigma(mid) > mid / 2) lo = mid;
      else hi = mid;
    }
    expect(Math.abs(model.w[1] - model.w[0] - lo)).toBeLessThan(0.05);
    expect(Array.from(predictLogistic(model, { rows: 2, cols: 1, values: Float32Array.from([-1, 1]) }))).toEqual([0, 1]);
  });

  it('reads word ids as a TF-IDF bag of words like scikit-learn (smooth IDF, unit rows)', () => {
    // Three documents of 4 ids (0 = padding): idf(w) = ln(4 / (1 + df)) + 1.
    const train: SampleSet = { x: Float32Array.from([2, 2, 3, 0, 3, 4, 0, 0, 2, 0, 0, 0]), y: Int32Array.from([0, 1, 0]), count: 3 };
    const df = Float64Array.from([0, 0, 2, 2, 1]);
    const rows = tfidfRows(train, 4, df, 3);
    const idf2 = Math.log(4 / 3) + 1;
    const idf4 = Math.log(4 / 2) + 1;
    const norm0 = Math.hypot(2 * idf2, idf2);
    expect(Array.from(rows.sparse!.ptr)).toEqual([0, 2, 4, 5]);
    expect(Array.from(rows.sparse!.index)).toEqual([2, 3, 3, 4, 2]);
    expect(rows.values[0]).toBeCloseTo((2 * idf2) / norm0, 6);
    expect(rows.values[1]).toBeCloseTo(idf2 / norm0, 6);
    expect(rows.values[3]).toBeCloseTo(idf4 / Math.hypot(idf2, idf4), 6);
    expect(rows.values[4]).toBeCloseTo(1, 6);
  });

  it('learns a text rule from word ids (spam says word 5)', () => {
    const rand = seededRandom(4);
    const make = (n: number): SampleSet => {
      const x = new Float32Array(n * 10);
      const y = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        y[i] = i % 2;
        for (let j = 0; j < 8; j++) x[i * 10 + j] = 6 + Math.floor(rand() * 40);
        if (y[i] === 1) x[i * 10 + Math.floor(rand() * 8)] = 5;
      }
      return { x, y, count: n };
    };
    const b = runBaseline({ train: make(400), test: [make(200)], per: 10, classes: ['ham', 'spam'], text: true, seed: 1 });
    expect(b.logistic.accuracy).toBeGreaterThan(0.95);
    expect(b.logistic.features).toMatch(/TF-IDF/);
  });
});

describe('baseline verdict', () => {
  const figures = (logistic: number, majority: number): BaselineFigures => ({
    logistic: { accuracy: logistic, macroF1: 0, confusion: [], features: '', trainCount: 1, epochs: 1, seconds: 0 },
    majority: { accuracy: majority, macroF1: 0, confusion: [], classIndex: 0, className: 'ham' },
  });
  it('says plainly when the network does not beat the regression', () => {
    expect(baselineVerdict(0.841, figures(0.85, 0.5))).toBe(
      'This model is no better than a simple logistic regression (84.1 % vs 85.0 %).',
    );
    expect(baselineVerdict(0.85, figures(0.85, 0.5))).toMatch(/no better than a simple logistic regression/);
  });
  it('names the majority class when the network learned nothing', () => {
    expect(baselineVerdict(0.6, figures(0.9, 0.6))).toMatch(/always answering "ham" \(60\.0 % vs 60\.0 %\)/);
  });
  it('is silent when the network beats both', () => {
    expect(baselineVerdict(0.95, figures(0.9, 0.6))).toBeNull();
  });
});
