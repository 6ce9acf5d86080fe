import { rocCurve, type RocCurve } from './roc';

/** Test predictions of one run: `probs` is count × width row-major (width 1 = a sigmoid's P(class 1)). */
export interface Predictions {
  probs: ArrayLike<number>;
  labels: ArrayLike<number>;
  /** Columns per sample in `probs`. */
  width: number;
}

/** Precision, recall, F1 (all 0..1) and support (true samples) of one class. */
export interface ClassMetrics {
  className: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
  /** Samples predicted as this class. */
  predicted: number;
}

/** Averages of precision, recall and F1 over classes (macro: unweighted; weighted: by support). */
export interface AveragedMetrics {
  precision: number;
  recall: number;
  f1: number;
}

/** Everything measured on a test split. Fractions are 0..1; confusion rows = true, columns = predicted. */
export interface EvaluationMetrics {
  count: number;
  classes: string[];
  accuracy: number;
  /** Mean negative log of the probability given to the true class (probabilities clipped at 1e-15). */
  logLoss: number;
  confusion: number[][];
  perClass: ClassMetrics[];
  macro: AveragedMetrics;
  weighted: AveragedMetrics;
  /** Top-k accuracy for k = 3 and 5 where k < classes. */
  topK: { k: number; accuracy: number }[];
  /** Binary: one curve (positive = class 1); multi-class: one-vs-rest per class. */
  roc: RocCurve[];
  /** Mean AUC over the curves that have one (null when none does). */
  macroAuc: number | null;
}

/** Probabilities as count × classes rows, expanding a one-column sigmoid output to [1 - p, p]. */
export function probabilityRows(p: Predictions): number[][] {
  const n = p.labels.length;
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    if (p.width === 1) rows.push([1 - p.probs[i], p.probs[i]]);
    else rows.push(Array.from({ length: p.width }, (_, c) => p.probs[i * p.width + c]));
  }
  return rows;
}

/** Index of the largest value (first one on ties). */
export function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let c = 1; c < row.length; c++) if (row[c] > row[best]) best = c;
  return best;
}

/** Confusion matrix (rows = true class, columns = predicted) of integer labels over `classes` classes. */
export function confusionMatrix(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < truth.length; i++) m[truth[i]][predicted[i]]++;
  return m;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);

/** Per-class precision / recall / F1 from a confusion matrix; undefined ratios (0/0) count as 0, as scikit-learn does. */
export function perClassMetrics(confusion: number[][], classNames: string[]): ClassMetrics[] {
  return confusion.map((row, c) => {
    const tp = row[c];
    const support = row.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, r) => a + r[c], 0);
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, support);
    const f1 = ratio(2 * precision * recall, precision + recall);
    return { className: classNames[c] ?? String(c), precision, recall, f1, support, predicted };
  });
}

/** Macro and support-weighted averages of per-class metrics. */
export function averages(perClass: ClassMetrics[]): { macro: AveragedMetrics; weighted: AveragedMetrics } {
  const total = perClass.reduce((a, m) => a + m.support, 0);
  const avg = (f: (m: ClassMetrics) => number, w: (m: ClassMetrics) => number, d: number) =>
    ratio(
      perClass.reduce((a, m) => a + f(m) * w(m), 0),
      d,
    );
  const pick = (w: (m: ClassMetrics) => number, d: number): AveragedMetrics => ({
    precision: avg((m) => m.precision, w, d),
    recall: avg((m) => m.recall, w, d),
    f1: avg((m) => m.f1, w, d),
  });
  return { macro: pick(() => 1, perClass.length), weighted: pick((m) => m.support, total) };
}

/** Probability of class c for sample i, reading the flat `probs` (a one-column sigmoid is [1 - p, p]). */
type ProbabilityAt = (i: number, c: number) => number;

/** Mean negative log-likelihood of the true class; rows are renormalised to sum 1 and clipped to [eps, 1 - eps]. */
function logLoss(at: ProbabilityAt, width: number, labels: ArrayLike<number>, eps = 1e-15): number {
  const n = labels.length;
  if (n === 0) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let total = 0;
    for (let c = 0; c < width; c++) total += Math.min(Math.max(at(i, c), eps), 1 - eps);
    sum -= Math.log(Math.min(Math.max(at(i, labels[i]), eps), 1 - eps) / total);
  }
  return sum / n;
}

/** Fraction of samples whose true class is among the k highest probabilities. */
function topKAccuracy(at: ProbabilityAt, width: number, labels: ArrayLike<number>, k: number): number {
  let hits = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = at(i, labels[i]);
    // Rank = how many classes score strictly higher than the true one.
    let higher = 0;
    for (let c = 0; c < width; c++) if (at(i, c) > p) higher++;
    if (higher < k) hits++;
  }
  return ratio(hits, labels.length);
}

/**
 * Every metric of a test split from its stored predictions. Reads the flat probabilities in place (no
 * array per sample): a scored file of a million labelled rows is evaluated this way too.
 */
export function evaluatePredictions(p: Predictions, classNames: string[]): EvaluationMetrics {
  const n = p.labels.length;
  const width = p.width === 1 ? 2 : p.width;
  // A class past the predictions' columns (more names than outputs) has no probability: NaN, never the next sample's.
  const at: ProbabilityAt =
    p.width === 1 ? (i, c) => (c === 1 ? p.probs[i] : c === 0 ? 1 - p.probs[i] : NaN) : (i, c) => (c < width ? p.probs[i * p.width + c] : NaN);
  const classes = Math.max(classNames.length, width);
  const names = Array.from({ length: classes }, (_, c) => classNames[c] ?? String(c));
  const predicted = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < width; c++) if (at(i, c) > at(i, best)) best = c;
    predicted[i] = best;
  }
  const confusion = confusionMatrix(p.labels, predicted, classes);
  const correct = confusion.reduce((a, row, c) => a + row[c], 0);
  const perClass = perClassMetrics(confusion, names);
  const scoresOf = (c: number) => Array.from({ length: n }, (_, i) => at(i, c));
  const roc =
    classes === 2
      ? [rocCurve(scoresOf(1), Array.from(p.labels, (l) => l === 1), names[1])]
      : names.map((name, c) =>
          rocCurve(
            scoresOf(c),
            Array.from(p.labels, (l) => l === c),
            name,
          ),
        );
  const aucs = roc.map((r) => r.auc).filter((a): a is number => a !== null);
  return {
    count: n,
    classes: names,
    accuracy: ratio(correct, n),
    logLoss: logLoss(at, width, p.labels),
    confusion,
    perClass,
    ...averages(perClass),
    topK: [3, 5].filter((k) => k < classes).map((k) => ({ k, accuracy: topKAccuracy(at, width, p.labels, k) })),
    roc,
    macroAuc: aucs.length ? aucs.reduce((a, b) => a + b, 0) / aucs.length : null,
  };
}
