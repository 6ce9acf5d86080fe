/**
 * How many threads share a training step (data-parallel training, see index.ts): a rough cost model of
 * the network and the policy built on it.
 */
import * as tf from '@tensorflow/tfjs';
import os from 'node:os';
import { FUSED_RNN_CLASSES, rnnConfigFusable, type RnnLayerConfig } from '../kernels/rnn-config';

/** Fewer samples than this per shard is not worth a thread. */
export const MIN_SHARD = 8;
const MAX_DEFAULT_WORKERS = 4;

/**
 * Below this much work per step (multiply-adds of one forward pass over the batch) a second thread
 * costs more than it saves: each step pays ~1–2 ms of coordination, and both threads pay tfjs's fixed
 * per-op cost in full. Measured on 2 cores: the seed CNN (160 M per step) runs 1.6× faster on two
 * threads, the Iris MLP template (< 0.1 M) 2× slower, the lstm-text template (52 M, fused LSTM) 1.14×
 * faster.
 */
const MIN_PARALLEL_MACS_PER_STEP = 32e6;

/** Layer classes that run step by step over a sequence. */
const RECURRENT = /^(LSTM|GRU|SimpleRNN|Bidirectional|RNN|ConvLSTM2D)$/;

/** The first dimension after the batch of a layer's (first) input or output shape. */
function shapeOf(s: unknown): (number | null)[] {
  return Array.isArray((s as unknown[])[0])
    ? (s as (number | null)[][])[0]!
    : ((s ?? []) as (number | null)[]);
}

/** A recurrent layer's timesteps (its input's second dimension), 1 when unknown. */
function timesteps(layer: tf.layers.Layer): number {
  try {
    return shapeOf((layer.input as tf.SymbolicTensor).shape)[1] ?? 1;
  } catch {
    return 1;
  }
}

/**
 * Rough multiply-adds of one forward pass per sample: every weight of a kernel applied at each of its
 * layer's output positions (a conv's output pixels, a Dense's timesteps, a recurrent layer's input
 * timesteps), and whether the model has a recurrent layer that runs step by step as many small tfjs
 * ops (op-overhead-bound: a second thread does not help it; LayerLab's fused LSTM/GRU are not). Only
 * used to decide whether data-parallel training pays.
 */
export function modelCost(model: tf.LayersModel): { macsPerSample: number; recurrent: boolean } {
  let macs = 0;
  let recurrent = false;
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    const rnn = RECURRENT.test(cls);
    const fused = rnn && FUSED_RNN_CLASSES.has(cls) && rnnConfigFusable(layer as unknown as RnnLayerConfig);
    if (rnn && !fused) recurrent = true;
    const kernels = layer.weights.filter((w) => /kernel|embeddings/.test(w.originalName));
    if (!kernels.length) continue;
    const positions = rnn
      ? timesteps(layer)
      : shapeOf(layer.outputShape)
          .slice(1, -1)
          .reduce<number>((p, d) => p * (d ?? 1), 1);
    for (const k of kernels) {
      const size = (k.shape as number[]).reduce((p, d) => p * d, 1);
      // An embedding is a lookup, not a product.
      macs += /embeddings/.test(k.originalName) ? 0 : size * positions;
    }
  }
  return { macsPerSample: macs, recurrent };
}

/**
 * How many threads should share each training step: LAYERLAB_TRAIN_WORKERS when set, otherwise, on the
 * wasm backend (whose kernels are single-threaded in Node), up to min(cores, 4) for a model with enough
 * work per step (see modelCost), and 1 elsewhere.
 */
/** The most threads a training step uses by default on wasm: LAYERLAB_TRAIN_WORKERS, else min(cores, 4). */
export function maxTrainWorkers(env = process.env): number {
  const fromEnv = Number.parseInt(env.LAYERLAB_TRAIN_WORKERS ?? '', 10);
  if (Number.isFinite(fromEnv) && fromEnv >= 1) return fromEnv;
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(cores, MAX_DEFAULT_WORKERS));
}

export function chooseTrainWorkers(
  batchSize: number,
  backend = tf.getBackend(),
  env = process.env,
  model?: tf.LayersModel,
): number {
  // One GPU device per process: worker threads would each open their own and fight over it.
  if (backend === 'webgpu') return 1;
  const fromEnv = Number.parseInt(env.LAYERLAB_TRAIN_WORKERS ?? '', 10);
  const bySize = Math.max(1, Math.floor(batchSize / MIN_SHARD));
  if (Number.isFinite(fromEnv) && fromEnv >= 1) return Math.min(fromEnv, bySize);
  if (backend !== 'wasm') return 1;
  if (model) {
    const cost = modelCost(model);
    if (cost.recurrent || cost.macsPerSample * batchSize < MIN_PARALLEL_MACS_PER_STEP) return 1;
  }
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(cores, MAX_DEFAULT_WORKERS, bySize));
}
