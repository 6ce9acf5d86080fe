/**
 * Permutation feature importance: how much worse the model does on the test split when one raw column's
 * values are shuffled among the rows (so the column says nothing about the row, while its values keep
 * their spread). Measured as the drop in accuracy and the rise in log loss, averaged over repeats with a
 * different shuffle each, with their standard deviation. A column the model ignores scores exactly zero.
 */
import type { ColumnImportance, PermutationImportance } from '../../shared/api/predict-types';

export interface ImportanceInput {
  /** The raw columns to shuffle, one at a time. */
  columns: string[];
  /** Test rows (column → raw cell) and their true class indices. */
  rows: Record<string, string | null>[];
  labels: number[];
  /** Features per row, and raw row → features at `base` of `x` (the encoder training used). */
  size: number;
  encode(row: Record<string, string | null>, x: Float32Array, base: number): void;
  /** n rows of features → n rows of class probabilities. */
  predict(x: Float32Array, n: number): Promise<number[][]>;
  repeats?: number;
  seed?: number;
  /** Called after each shuffled column is scored; returning false stops (an error is thrown by the caller). */
  onColumn?(done: number, total: number): boolean | void;
}

/** Accuracy and mean log loss (probabilities clipped at 1e-7, as Keras does) of predictions against labels. */
export function scoreOf(probabilities: number[][], labels: number[]): { accuracy: number; logLoss: number } {
  let right = 0;
  let loss = 0;
  probabilities.forEach((p, i) => {
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
    if (best === labels[i]) right++;
    loss -= Math.log(Math.min(1, Math.max(1e-7, p[labels[i]!] ?? 0)));
  });
  const n = Math.max(1, labels.length);
  return { accuracy: right / n, logLoss: loss / n };
}

const meanSd = (v: number[]) => {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : 0;
  return { mean, sd };
};

export async function permutationImportance(input: ImportanceInput): Promise<PermutationImportance> {
  const { rows, labels, columns, size } = input;
  const repeats = Math.max(1, input.repeats ?? 5);
  const n = rows.length;
  let s = (input.seed ?? 1) >>> 0;
  const random = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const x = new Float32Array(n * size);
  rows.forEach((r, i) => input.encode(r, x, i * size));
  const base = scoreOf(await input.predict(x, n), labels);

  const out: ColumnImportance[] = [];
  for (const [c, column] of columns.entries()) {
    const drops: number[] = [];
    const rises: number[] = [];
    for (let r = 0; r < repeats; r++) {
      // Fisher–Yates over the row indices: row i takes the column's cell from row order[i].
      const order = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      const shuffled = new Float32Array(n * size);
      rows.forEach((row, i) => input.encode({ ...row, [column]: rows[order[i]!]![column] ?? null }, shuffled, i * size));
      const score = scoreOf(await input.predict(shuffled, n), labels);
      drops.push(base.accuracy - score.accuracy);
      rises.push(score.logLoss - base.logLoss);
    }
    const d = meanSd(drops);
    const l = meanSd(rises);
    out.push({ column, accuracyDrop: d.mean, accuracyDropSd: d.sd, logLossRise: l.mean, logLossRiseSd: l.sd });
    if (input.onColumn?.(c + 1, columns.length) === false) break;
  }
  out.sort((a, b) => b.accuracyDrop - a.accuracyDrop || b.logLossRise - a.logLossRise);
  return { rows: n, repeats, accuracy: base.accuracy, logLoss: base.logLoss, columns: out };
}
