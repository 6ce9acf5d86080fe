/**
 * One data-parallel shard's share of a training step, shared by the main thread and the gradient
 * workers so both compute exactly the same thing.
 *
 * Keras (trainOnBatch) minimises mean(loss over the N samples of the batch) + regularisers. Shard s with
 * n_s of those samples computes sum(loss over its samples) / N (+ the regularisers on shard 0 only), so
 * the shards' gradients sum to the full-batch gradient, up to float rounding.
 */
import * as tf from '@tensorflow/tfjs';

type LossOrMetricFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/** The parts of a compiled tfjs LayersModel that a shard needs (public fields, some untyped). */
interface CompiledModel {
  lossFunctions: LossOrMetricFn[];
  metricsTensors?: [LossOrMetricFn, number][];
  calculateLosses(): tf.Scalar[];
}

/** The model that holds the compiled state: a Sequential keeps it on its inner functional model. */
function compiledOf(model: tf.LayersModel): tf.LayersModel {
  const inner = (model as unknown as { model?: unknown }).model;
  return inner instanceof tf.LayersModel ? inner : model;
}

/**
 * A tensor's float32 values without a copy where the backend allows it (wasm: a view of its heap,
 * valid until the next allocation), else dataSync()'s copy. Every step moves the model's weights and
 * gradients through here; fresh half-megabyte copies cost page faults and unmaps that stall the
 * other training thread of the same process.
 */
export function valuesOf(t: tf.Tensor): Float32Array {
  const backend = tf.backend() as unknown as { typedArrayFromHeap?: (info: tf.TensorInfo) => unknown };
  if (tf.getBackend() === 'wasm' && typeof backend.typedArrayFromHeap === 'function' && t.dtype === 'float32')
    return backend.typedArrayFromHeap({ dataId: t.dataId, shape: t.shape, dtype: t.dtype }) as Float32Array;
  return t.dataSync() as Float32Array;
}

/**
 * A tensor from values the caller may overwrite later (shared memory): wasm copies them into its heap
 * at once, other backends may keep the array they are given, so they get a copy.
 */
export function tensorFrom(values: Float32Array, shape: number[]): tf.Tensor {
  return tf.tensor(tf.getBackend() === 'wasm' ? values : values.slice(), shape, 'float32');
}

/** Labels as trainOnBatch gets them in runTraining: one-hot for categorical loss, else [n, 1] floats. */
export function makeLabels(y: Int32Array, n: number, loss: string, classes: number): tf.Tensor {
  return loss === 'categoricalCrossentropy'
    ? tf.tidy(() => tf.oneHot(tf.tensor1d(y.subarray(0, n), 'int32'), classes).toFloat())
    : tf.tensor2d(Float32Array.from(y.subarray(0, n)), [n, 1]);
}

/** The variables the optimizer updates, in the order trainOnBatch hands them to it. */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  const m = compiledOf(model) as unknown as { collectedTrainableWeights?: tf.LayerVariable[] };
  const list = m.collectedTrainableWeights ?? model.trainableWeights;
  return list.map((w) => w.read() as tf.Variable);
}

/** Model weights (trainable or not) that are not trained by the optimizer: BatchNorm moving statistics. */
export function nonTrainableWeights(model: tf.LayersModel): tf.LayerVariable[] {
  return model.nonTrainableWeights;
}

export interface ShardResult {
  /** Gradient of each trainable variable (trainableVariables order), concatenated. */
  grads: Float32Array;
  /** Sum of the per-sample loss over the shard (not divided). */
  lossSum: number;
  /** Sum of the first metric (accuracy) over the shard. */
  metricSum: number;
  /** Sum of the regularisation losses (0 unless withRegularizers). */
  regularization: number;
}

/**
 * Forward + backward of one shard (training mode: dropout active, BatchNorm on batch statistics and
 * updating its moving statistics). Writes the gradients into `gradsOut` (length = trainable size).
 */
export function shardGradients(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  totalSamples: number,
  withRegularizers: boolean,
  gradsOut: Float32Array,
): Omit<ShardResult, 'grads'> {
  const compiled = compiledOf(model) as unknown as CompiledModel;
  if (!compiled.lossFunctions?.length) throw new Error('shardGradients needs a compiled model');
  const lossFn = compiled.lossFunctions[0]!;
  const metricFn = compiled.metricsTensors?.[0]?.[0];
  const vars = trainableVariables(model);
  // Side outputs of the loss closure, kept past variableGrads' tidy and disposed below.
  const side: { loss?: tf.Tensor; metric?: tf.Tensor; reg?: tf.Tensor } = {};
  tf.tidy(() => {
    const { grads } = tf.variableGrads(() => {
      const out = model.apply(x, { training: true }) as tf.Tensor;
      const perSample = lossFn(y, out);
      const s = tf.sum(perSample);
      side.loss = tf.keep(s.clone());
      if (metricFn) side.metric = tf.keep(tf.sum(metricFn(y, out)));
      let total = tf.div(s, totalSamples) as tf.Scalar;
      if (withRegularizers) {
        const regs = compiled.calculateLosses();
        if (regs.length) {
          const sumRegs = regs.length === 1 ? regs[0]! : tf.addN(regs);
          side.reg = tf.keep(sumRegs.clone());
          total = tf.add(total, sumRegs);
        }
      }
      return total;
    }, vars);
    let at = 0;
    for (const v of vars) {
      const g = grads[v.name];
      const size = v.size;
      if (g) gradsOut.set(valuesOf(g), at);
      else gradsOut.fill(0, at, at + size);
      at += size;
    }
  });
  const lossSum = side.loss?.dataSync()[0] ?? 0;
  const metricSum = side.metric?.dataSync()[0] ?? 0;
  const regularization = side.reg?.dataSync()[0] ?? 0;
  tf.dispose([side.loss, side.metric, side.reg].filter((t): t is tf.Tensor => t != null));
  return { lossSum, metricSum, regularization };
}

/** Total number of floats in a list of variables. */
export function sizeOf(vars: { size?: number; shape: number[] }[]): number {
  return vars.reduce((a, v) => a + (v.size ?? v.shape.reduce((p, d) => p * d, 1)), 0);
}

/** Copy the values of `weights` (in order) into `out`. */
export function readWeightsInto(weights: tf.LayerVariable[], out: Float32Array): void {
  let at = 0;
  for (const w of weights) {
    const data = valuesOf(w.read());
    out.set(data, at);
    at += data.length;
  }
}

/** Assign `weights` (in order) from `src`. */
export function writeWeightsFrom(weights: tf.LayerVariable[], src: Float32Array): void {
  let at = 0;
  for (const w of weights) {
    const size = (w.shape as number[]).reduce((p, d) => p * d, 1);
    const t = tensorFrom(src.subarray(at, at + size), w.shape as number[]);
    w.write(t);
    t.dispose();
    at += size;
  }
}
