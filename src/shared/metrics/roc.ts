/** A receiver-operating-characteristic curve of one class against the rest. */
export interface RocCurve {
  className: string;
  /** False-positive rates, from 0 up to 1, one per distinct threshold (plus the origin). */
  fpr: number[];
  /** True-positive rates matching `fpr`. */
  tpr: number[];
  /** Area under the curve (trapezoids); null when the class has no positives or no negatives. */
  auc: number | null;
}

/**
 * ROC curve of scores against binary truth, one point per distinct score (scikit-learn's
 * roc_curve with drop_intermediate=False), starting at (0, 0).
 */
export function rocCurve(scores: number[], positive: boolean[], className: string): RocCurve {
  const order = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const pos = positive.reduce((a, p) => a + (p ? 1 : 0), 0);
  const neg = positive.length - pos;
  const fpr = [0];
  const tpr = [0];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length; i++) {
    if (positive[order[i]]) tp++;
    else fp++;
    // One point per threshold: only after the last sample sharing this score.
    if (i + 1 < order.length && scores[order[i + 1]] === scores[order[i]]) continue;
    fpr.push(neg > 0 ? fp / neg : 0);
    tpr.push(pos > 0 ? tp / pos : 0);
  }
  return { className, fpr, tpr, auc: pos > 0 && neg > 0 ? trapezoid(fpr, tpr) : null };
}

/** Area under a piecewise-linear curve given by x (non-decreasing) and y. */
export function trapezoid(x: number[], y: number[]): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return area;
}

/** Thin a curve to at most `max` points for drawing (keeps the ends). */
export function thinCurve(curve: RocCurve, max = 200): RocCurve {
  if (curve.fpr.length <= max) return curve;
  const step = (curve.fpr.length - 1) / (max - 1);
  const idx = Array.from({ length: max }, (_, i) => Math.round(i * step));
  return { ...curve, fpr: idx.map((i) => curve.fpr[i]), tpr: idx.map((i) => curve.tpr[i]) };
}
