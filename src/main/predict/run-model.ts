import * as tf from '@tensorflow/tfjs';

/** Samples per model call: the batch evaluation used, so answers match the stored test predictions. */
export const PREDICT_BATCH = 256;

/**
 * n samples (flat features) → n rows of class probabilities. A one-unit sigmoid output becomes
 * [1 − p, p], as the stored evaluation reads it. `onBatch` may stop the loop by returning false.
 */
export async function predictRows(
  model: tf.LayersModel,
  x: Float32Array,
  n: number,
  shape: number[],
  onBatch?: (done: number) => boolean | void,
): Promise<number[][]> {
  const per = shape.reduce((a, b) => a * b, 1);
  const rows: number[][] = [];
  for (let start = 0; start < n; start += PREDICT_BATCH) {
    const m = Math.min(PREDICT_BATCH, n - start);
    const probs = tf.tidy(() => (model.predict(tf.tensor(x.subarray(start * per, (start + m) * per), [m, ...shape])) as tf.Tensor).dataSync());
    const width = probs.length / m;
    for (let i = 0; i < m; i++)
      rows.push(width === 1 ? [1 - probs[i], probs[i]] : Array.from(probs.subarray(i * width, (i + 1) * width)));
    if (onBatch?.(start + m) === false) break;
    // Let progress events and a cancel call through between batches.
    await new Promise((r) => setImmediate(r));
  }
  return rows;
}
