import * as tf from '@tensorflow/tfjs';
import type { SampleSet } from './data/types';

/** Loss, accuracy and confusion matrix (rows = true class, columns = predicted) of a model on a sample set. */
export interface EvalResult {
  loss: number;
  accuracy: number;
  confusion: number[][];
  count: number;
  /** Test predictions when asked for: probabilities (count × width, row-major), true labels. */
  predictions?: { width: number; probs: number[]; labels: number[] };
}

/**
 * Predict in batches (bounded memory) and score against the labels. Reads predictions back with
 * data(), not dataSync(): the webgpu backend cannot read synchronously in Node (no OffscreenCanvas).
 */
export async function evaluateSamples(
  model: tf.LayersModel,
  set: SampleSet,
  inputShape: number[],
  classes: number,
  batchSize = 256,
  keepPredictions = false,
): Promise<EvalResult> {
  const per = inputShape.reduce((a, b) => a * b, 1);
  const confusion = Array.from({ length: Math.max(classes, 2) }, () => new Array<number>(Math.max(classes, 2)).fill(0));
  let lossSum = 0;
  let correct = 0;
  const kept = keepPredictions ? { width: 0, probs: [] as number[], labels: Array.from(set.y.subarray(0, set.count)) } : undefined;
  for (let start = 0; start < set.count; start += batchSize) {
    const n = Math.min(batchSize, set.count - start);
    const out = tf.tidy(() => {
      const x = tf.tensor(set.x.subarray(start * per, (start + n) * per), [n, ...inputShape]);
      return model.predict(x) as tf.Tensor;
    });
    const probs = (await out.data()) as Float32Array;
    out.dispose();
    const width = probs.length / n;
    if (kept) {
      kept.width = width;
      for (const p of probs) kept.probs.push(p);
    }
    for (let i = 0; i < n; i++) {
      const label = set.y[start + i];
      let predicted: number;
      let pTrue: number;
      if (width === 1) {
        const p = probs[i];
        predicted = p >= 0.5 ? 1 : 0;
        pTrue = label === 1 ? p : 1 - p;
      } else {
        predicted = 0;
        for (let c = 1; c < width; c++) if (probs[i * width + c] > probs[i * width + predicted]) predicted = c;
        pTrue = probs[i * width + label];
      }
      lossSum += -Math.log(Math.max(pTrue, 1e-7));
      if (predicted === label) correct++;
      confusion[label][predicted]++;
    }
  }
  const count = Math.max(set.count, 1);
  return { loss: lossSum / count, accuracy: correct / count, confusion, count: set.count, ...(kept ? { predictions: kept } : {}) };
}

/** Merge evaluations of consecutive parts of one split (streamed data) into one result. */
export function mergeEvaluations(parts: EvalResult[], classes: number): EvalResult {
  const size = Math.max(classes, 2);
  const confusion = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  let count = 0;
  let lossSum = 0;
  let correct = 0;
  const withPredictions = parts.length > 0 && parts.every((p) => p.predictions);
  const predictions = withPredictions ? { width: parts[0].predictions!.width, probs: [] as number[], labels: [] as number[] } : undefined;
  for (const p of parts) {
    count += p.count;
    lossSum += p.loss * p.count;
    correct += Math.round(p.accuracy * p.count);
    p.confusion.forEach((row, t) => row.forEach((v, q) => (confusion[t][q] += v)));
    if (predictions) {
      for (const v of p.predictions!.probs) predictions.probs.push(v);
      for (const v of p.predictions!.labels) predictions.labels.push(v);
    }
  }
  const n = Math.max(count, 1);
  return { loss: lossSum / n, accuracy: correct / n, confusion, count, ...(predictions ? { predictions } : {}) };
}
