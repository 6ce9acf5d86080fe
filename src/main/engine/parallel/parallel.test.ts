import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { registerWasmTrainingKernels } from '../kernels';
import os from 'node:os';
import { chooseTrainWorkers, createTrainStep, DataParallelStep, modelCost } from './index';
import { seededRandom } from '../../../shared/random';

beforeAll(async () => {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
  await tf.ready();
});
const realRandom = Math.random;
afterAll(() => void (Math.random = realRandom));

const seedCnn = (bn: boolean) => {
  Math.random = seededRandom(3);
  const layers: tf.layers.Layer[] = [
    tf.layers.conv2d({ inputShape: [12, 12, 1], filters: 4, kernelSize: 3, activation: 'relu', name: 'c1' }),
    ...(bn ? [tf.layers.batchNormalization({ name: 'bn' })] : []),
    tf.layers.maxPooling2d({ poolSize: 2, name: 'p1' }),
    tf.layers.flatten({ name: 'f' }),
    tf.layers.dense({
      units: 8,
      activation: 'relu',
      name: 'd1',
      kernelRegularizer: tf.regularizers.l2({ l2: 1e-3 }),
    }),
    tf.layers.dense({ units: 3, activation: 'softmax', name: 'out' }),
  ];
  const m = tf.sequential({ layers });
  m.compile({ optimizer: tf.train.adam(1e-2), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return m;
};

function data(n: number) {
  const r = seededRandom(11);
  const x = Float32Array.from({ length: n * 144 }, () => r());
  const y = Int32Array.from({ length: n }, () => Math.floor(r() * 3));
  return { x, y };
}

async function weightsAfter(
  workers: number,
  bn: boolean,
  steps = 3,
): Promise<{ w: Float32Array[]; out: [number, number][] }> {
  const model = seedCnn(bn);
  const step = await createTrainStep(model, {
    loss: 'sparseCategoricalCrossentropy',
    classes: 3,
    inputShape: [12, 12, 1],
    batchSize: 24,
    workers,
  });
  const { x, y } = data(24 * steps);
  const out: [number, number][] = [];
  try {
    for (let s = 0; s < steps; s++)
      out.push(await step.run(x.subarray(s * 24 * 144), y.subarray(s * 24), 24 - s));
  } finally {
    step.dispose();
  }
  const w = model.weights.map((v) => v.read().dataSync() as Float32Array);
  model.dispose();
  return { w, out };
}

describe('data-parallel training step', () => {
  it('chooses workers from the env, the backend and the batch', () => {
    expect(chooseTrainWorkers(64, 'wasm', { LAYERLAB_TRAIN_WORKERS: '1' })).toBe(1);
    expect(chooseTrainWorkers(64, 'cpu', { LAYERLAB_TRAIN_WORKERS: '3' })).toBe(3);
    expect(chooseTrainWorkers(64, 'cpu', {})).toBe(1);
    expect(chooseTrainWorkers(8, 'wasm', { LAYERLAB_TRAIN_WORKERS: '4' })).toBe(1);
    expect(chooseTrainWorkers(64, 'wasm', {})).toBeGreaterThanOrEqual(1);
    // webgpu trains in the one process that holds the GPU device, whatever the env asks.
    expect(chooseTrainWorkers(256, 'webgpu', { LAYERLAB_TRAIN_WORKERS: '4' })).toBe(1);
  });

  it('keeps small and recurrent models on one thread, and gives a CNN of the seed size every core', () => {
    const cnn = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3 }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.conv2d({ filters: 64, kernelSize: 3 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 10 }),
      ],
    });
    // conv 26·26·(3·3·32) + conv 11·11·(3·3·32·64) + dense 7744·10
    expect(modelCost(cnn)).toEqual({ macsPerSample: 26 * 26 * 288 + 121 * 18432 + 77440, recurrent: false });
    const cores = Math.min(os.availableParallelism(), 4);
    expect(chooseTrainWorkers(64, 'wasm', {}, cnn)).toBe(Math.max(1, cores));
    const mlp = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [4], units: 16 }), tf.layers.dense({ units: 3 })],
    });
    expect(chooseTrainWorkers(64, 'wasm', {}, mlp)).toBe(1);
    // An LSTM that LayerLab fuses counts its steps (64 · 100 · 2 · (64·256) ≥ 32 M multiply-adds per step)…
    const rnn = tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: 1000, outputDim: 64, inputLength: 100 }),
        tf.layers.lstm({ units: 64, recurrentActivation: 'sigmoid' }),
        tf.layers.dense({ units: 2 }),
      ],
    });
    expect(modelCost(rnn)).toEqual({ macsPerSample: 100 * 2 * 64 * 256 + 64 * 2, recurrent: false });
    expect(chooseTrainWorkers(64, 'wasm', {}, rnn)).toBe(Math.max(1, cores));
    // …one with dropout runs step by step in tfjs, op-overhead-bound: one thread.
    const stepwise = tf.sequential({
      layers: [
        tf.layers.lstm({ inputShape: [100, 64], units: 64, dropout: 0.2 }),
        tf.layers.dense({ units: 2 }),
      ],
    });
    expect(modelCost(stepwise).recurrent).toBe(true);
    expect(chooseTrainWorkers(64, 'wasm', {}, stepwise)).toBe(1);
    // The variable still wins.
    expect(chooseTrainWorkers(64, 'wasm', { LAYERLAB_TRAIN_WORKERS: '2' }, mlp)).toBe(2);
    tf.dispose([cnn, mlp, rnn, stepwise].flatMap((m) => m.weights.map((w) => w.read())));
  });

  it('2 and 3 shards give the full-batch step (loss, accuracy and weights match trainOnBatch), regularizer included', async () => {
    const one = await weightsAfter(1, false);
    for (const workers of [2, 3]) {
      const many = await weightsAfter(workers, false);
      for (let s = 0; s < one.out.length; s++) {
        expect(many.out[s]![0]).toBeCloseTo(one.out[s]![0], 4);
        expect(many.out[s]![1]).toBeCloseTo(one.out[s]![1], 6);
      }
      one.w.forEach((w, i) => {
        let worst = 0;
        for (let j = 0; j < w.length; j++) worst = Math.max(worst, Math.abs(w[j]! - many.w[i]![j]!));
        expect(worst).toBeLessThan(1e-4);
      });
    }
  });

  it('is reproducible for a fixed worker count, and keeps BatchNorm moving statistics sensible', async () => {
    Math.random = seededRandom(5);
    const a = await weightsAfter(2, true);
    Math.random = seededRandom(5);
    const b = await weightsAfter(2, true);
    a.w.forEach((w, i) => expect(Buffer.from(w.buffer).equals(Buffer.from(b.w[i]!.buffer))).toBe(true));
    const one = await weightsAfter(1, true);
    // Moving mean/variance: close to the single-threaded run's (ghost-batch statistics differ slightly).
    const names = ['bn/moving_mean', 'bn/moving_variance'];
    const model = seedCnn(true);
    names.forEach((name) => {
      const i = model.weights.findIndex((w) => w.originalName === name);
      expect(i).toBeGreaterThanOrEqual(0);
      for (let j = 0; j < one.w[i]!.length; j++)
        expect(Math.abs(a.w[i]![j]! - one.w[i]![j]!)).toBeLessThan(0.05);
    });
    model.dispose();
  });

  it('leaks no tensors per step', async () => {
    const model = seedCnn(false);
    const step = await createTrainStep(model, {
      loss: 'sparseCategoricalCrossentropy',
      classes: 3,
      inputShape: [12, 12, 1],
      batchSize: 24,
      workers: 2,
    });
    expect(step).toBeInstanceOf(DataParallelStep);
    const { x, y } = data(24);
    await step.run(x, y, 24);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await step.run(x, y, 24);
    expect(tf.memory().numTensors).toBe(before);
    step.dispose();
    model.dispose();
  });
});
