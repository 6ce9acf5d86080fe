import { describe, expect, it } from 'vitest';
import { evaluatePredictions } from './classification';
import { groupStats, studentTCdf, studentTQuantile, welchTTest } from './stats';

// Every expected value below was computed once, independently, with scikit-learn 1.2.1 and SciPy 1.10.1
// (Debian python3-sklearn): precision_recall_fscore_support(zero_division=0), confusion_matrix, log_loss,
// top_k_accuracy_score, roc_auc_score, roc_curve(drop_intermediate=False), scipy.stats.ttest_ind(equal_var=False),
// scipy.stats.t.interval / t.ppf / t.cdf. They are recorded here as literals.

// 4 classes: class 2 ("c") is never predicted, class 3 ("d") never occurs (zero support).
const P = [
  [0.7, 0.1, 0.15, 0.05],
  [0.2, 0.5, 0.1, 0.2],
  [0.1, 0.6, 0.2, 0.1],
  [0.3, 0.25, 0.05, 0.4],
  [0.5, 0.2, 0.25, 0.05],
  [0.15, 0.35, 0.3, 0.2],
  [0.05, 0.8, 0.1, 0.05],
  [0.4, 0.3, 0.2, 0.1],
  [0.25, 0.35, 0.15, 0.25],
  [0.6, 0.05, 0.3, 0.05],
];
const Y = [0, 1, 1, 0, 2, 2, 1, 2, 0, 0];

describe('evaluatePredictions vs scikit-learn', () => {
  const m = evaluatePredictions({ probs: P.flat(), labels: Y, width: 4 }, ['a', 'b', 'c', 'd']);

  it('accuracy, confusion, per-class and averaged precision / recall / F1', () => {
    expect(m.accuracy).toBeCloseTo(0.5, 12);
    expect(m.confusion).toEqual([
      [2, 1, 0, 1],
      [0, 3, 0, 0],
      [2, 1, 0, 0],
      [0, 0, 0, 0],
    ]);
    const close = (got: number[], want: number[]) =>
      got.forEach((g, i) => expect(g).toBeCloseTo(want[i], 12));
    close(
      m.perClass.map((c) => c.precision),
      [0.5, 0.6, 0.0, 0.0],
    );
    close(
      m.perClass.map((c) => c.recall),
      [0.5, 1.0, 0.0, 0.0],
    );
    close(
      m.perClass.map((c) => c.f1),
      [0.5, 0.7499999999999999, 0.0, 0.0],
    );
    expect(m.perClass.map((c) => c.support)).toEqual([4, 3, 3, 0]);
    close([m.macro.precision, m.macro.recall, m.macro.f1], [0.275, 0.375, 0.3125]);
    close([m.weighted.precision, m.weighted.recall, m.weighted.f1], [0.38, 0.5, 0.425]);
  });

  it('log loss, top-3, one-vs-rest ROC and AUC (none for the class without support)', () => {
    expect(m.logLoss).toBeCloseTo(0.9084589166670621, 12);
    expect(m.topK).toEqual([{ k: 3, accuracy: 1 }]);
    expect(m.roc.map((r) => r.auc)).toEqual([
      expect.closeTo(0.8333333333333334, 12),
      1,
      expect.closeTo(0.8571428571428571, 12),
      null,
    ]);
    expect(m.roc[0].fpr).toEqual(
      [
        0.0, 0.0, 0.0, 0.16666666666666666, 0.3333333333333333, 0.3333333333333333, 0.3333333333333333, 0.5,
        0.6666666666666666, 0.8333333333333334, 1.0,
      ].map((v) => expect.closeTo(v, 12)),
    );
    expect(m.roc[0].tpr).toEqual([0.0, 0.25, 0.5, 0.5, 0.5, 0.75, 1.0, 1.0, 1.0, 1.0, 1.0]);
    // Class "b" has a tie at 0.35: one point per distinct threshold, as roc_curve gives.
    expect(m.roc[1].tpr).toEqual(
      [0.0, 0.3333333333333333, 0.6666666666666666, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0].map((v) =>
        expect.closeTo(v, 12),
      ),
    );
    expect(m.roc[2].fpr).toEqual(
      [
        0.0, 0.14285714285714285, 0.14285714285714285, 0.2857142857142857, 0.5714285714285714,
        0.8571428571428571, 1.0,
      ].map((v) => expect.closeTo(v, 12)),
    );
    expect(m.macroAuc).toBeCloseTo((0.8333333333333334 + 1 + 0.8571428571428571) / 3, 12);
  });

  it('a one-column sigmoid output is a binary problem', () => {
    const b = evaluatePredictions(
      { probs: [0.9, 0.2, 0.65, 0.4, 0.8, 0.1, 0.55, 0.3], labels: [1, 0, 1, 1, 0, 0, 1, 0], width: 1 },
      ['neg', 'pos'],
    );
    expect(b.accuracy).toBeCloseTo(0.75, 12);
    expect(b.perClass.map((c) => c.f1)).toEqual([expect.closeTo(0.75, 12), expect.closeTo(0.75, 12)]);
    expect(b.logLoss).toBeCloseTo(0.5431110109656156, 12);
    expect(b.roc).toHaveLength(1);
    expect(b.roc[0].auc).toBeCloseTo(0.8125, 12);
    expect(b.roc[0].fpr).toEqual([0.0, 0.0, 0.25, 0.25, 0.25, 0.25, 0.5, 0.75, 1.0]);
    expect(b.roc[0].tpr).toEqual([0.0, 0.25, 0.25, 0.5, 0.75, 1.0, 1.0, 1.0, 1.0]);
    expect(b.topK).toEqual([]);
  });

  it('top-3 and top-5 apply only when k < classes', () => {
    const rows = Array.from({ length: 6 }, (_, i) =>
      Array.from({ length: 6 }, (_, c) => (c === i ? 0.05 : 0.19)),
    );
    const e = evaluatePredictions({ probs: rows.flat(), labels: [0, 1, 2, 3, 4, 5], width: 6 }, []);
    expect(e.topK.map((t) => t.k)).toEqual([3, 5]);
    expect(e.topK[0].accuracy).toBe(0);
  });
});

describe('t-distribution and Welch', () => {
  it('quantile, CDF and a 95 % interval match SciPy', () => {
    expect(studentTQuantile(0.975, 4)).toBeCloseTo(2.7764451051977987, 9);
    expect(studentTCdf(1.3, 7.5)).toBeCloseTo(0.8839366105921957, 10);
    const g = groupStats([0.912, 0.905, 0.918, 0.909, 0.915]);
    expect(g.mean).toBeCloseTo(0.9118, 12);
    expect(g.sd).toBeCloseTo(0.005069516742254635, 12);
    expect(g.ci95[0]).toBeCloseTo(0.9055053635728513, 9);
    expect(g.ci95[1]).toBeCloseTo(0.9180946364271488, 9);
  });

  it("Welch's t-test on fixed numbers matches scipy.stats.ttest_ind(equal_var=False)", () => {
    const w = welchTTest([0.912, 0.905, 0.918, 0.909, 0.915], [0.921, 0.927, 0.919, 0.925]);
    expect(w.t).toBeCloseTo(-3.8476085126632955, 9);
    expect(w.p).toBeCloseTo(0.0063731589506014095, 9);
    expect(w.significant).toBe(true);
    expect(w.verdict).toMatch(/larger than the seed-to-seed noise/);
    const n = welchTTest([0.9, 0.91, 0.92], [0.905, 0.915, 0.925]);
    expect(n.t).toBeCloseTo(-0.6123724356957945, 9);
    expect(n.p).toBeCloseTo(0.5733922538253555, 9);
    expect(n.verdict).toMatch(/within the seed-to-seed noise/);
  });
});
