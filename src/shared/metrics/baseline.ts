import { averages, perClassMetrics } from './classification';

/** Test figures of one reference model (the logistic regression, or always answering one class). */
export interface BaselineScore {
  accuracy: number;
  macroF1: number;
  /** Rows = true class, columns = predicted (test split). */
  confusion: number[][];
}

/** The simple models every run is measured against, trained on the same training rows as the network. */
export interface BaselineFigures {
  logistic: BaselineScore & {
    /** Plain words: what the regression read (e.g. "TF-IDF of the word ids", "the preprocessed features"). */
    features: string;
    /** Training rows it saw (all of the network's training rows, or a seeded sample of them when large). */
    trainCount: number;
    epochs: number;
    seconds: number;
  };
  /** Always predicting the most common class of the training rows. */
  majority: BaselineScore & { classIndex: number; className: string };
}

/** Accuracy and macro F1 of a confusion matrix (rows = true class). */
export function scoreConfusion(confusion: number[][]): BaselineScore {
  const count = confusion.flat().reduce((a, b) => a + b, 0);
  const correct = confusion.reduce((a, row, c) => a + (row[c] ?? 0), 0);
  const perClass = perClassMetrics(
    confusion,
    confusion.map((_, c) => String(c)),
  );
  return { accuracy: count ? correct / count : 0, macroF1: averages(perClass).macro.f1, confusion };
}

/** The majority-class figure: the most common training label (lowest index on ties), scored on the test labels. */
export function majorityBaseline(
  trainLabels: ArrayLike<number>,
  testLabels: ArrayLike<number>,
  classNames: readonly string[],
): BaselineFigures['majority'] {
  const k = Math.max(classNames.length, 2);
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < trainLabels.length; i++) counts[trainLabels[i]]++;
  let best = 0;
  for (let c = 1; c < k; c++) if (counts[c] > counts[best]) best = c;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < testLabels.length; i++) confusion[testLabels[i]][best]++;
  return { ...scoreConfusion(confusion), classIndex: best, className: classNames[best] ?? String(best) };
}

const pct1 = (v: number) => `${(v * 100).toFixed(1)} %`;

/**
 * The plain sentence shown beside a run's test metrics when the network does not beat the baselines,
 * or null when it does. Compared at the shown precision (0.1 %), so the sentence never contradicts the figures.
 */
export function baselineVerdict(modelAccuracy: number, b: BaselineFigures): string | null {
  const shown = (v: number) => Math.round(v * 1000);
  if (shown(modelAccuracy) <= shown(b.majority.accuracy))
    return `This model is no better than always answering "${b.majority.className}" (${pct1(modelAccuracy)} vs ${pct1(b.majority.accuracy)}): it has not learned from the data. Check the data's preprocessing, or try the recommended model.`;
  if (shown(modelAccuracy) <= shown(b.logistic.accuracy))
    return `This model is no better than a simple logistic regression (${pct1(modelAccuracy)} vs ${pct1(b.logistic.accuracy)}).`;
  return null;
}

/** One line for CLI output: both baselines beside the model. */
export function baselineLine(b: BaselineFigures): string {
  return `baseline: logistic regression ${pct1(b.logistic.accuracy)} (macro F1 ${b.logistic.macroF1.toFixed(3)}), always "${b.majority.className}" ${pct1(b.majority.accuracy)}`;
}
