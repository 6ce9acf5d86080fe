import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { divergedError, runTraining } from '../src/main/engine/train';
import { loadModelFiles } from '../src/main/engine/model-files';
import { balancedClassWeights } from '../src/main/engine/losses';
import { chain } from '../src/shared/templates';
import type { EpochMetrics } from '../src/shared/api/types';
import { collectEpochs as collect, mnistJob, wasmTrainingDir } from './train-fixture';

const dir = wasmTrainingDir('layerlab-callbacks-');

const { graph } = chain([
  { kind: 'InputImage', name: 'input', params: { height: 28, width: 28, channels: 1 } },
  { kind: 'Flatten', name: 'flatten', params: {} },
  { kind: 'Dense', name: 'hidden', params: { units: 16, activation: 'relu' } },
  { kind: 'Output', name: 'out', params: { classes: 10, activation: 'softmax', loss: 'sparseCategoricalCrossentropy' } },
]);
const job = (name: string, hp: Record<string, unknown>) =>
  mnistJob(dir, name, graph, { trainLimit: 300, testLimit: 100, batchSize: 50, seed: 3, ...hp });

describe('training callbacks in a real run', () => {
  it('a diverged loss is reported in plain words (stop-on-NaN)', () => {
    // tfjs clips probabilities inside its losses, so a real run rarely reaches NaN; the guard's message is checked here.
    expect(divergedError(NaN, 3, 17).message).toMatch(/loss became NaN at epoch 3, batch 17.*lower learning rate/);
    expect(divergedError(Infinity, 1, 1).message).toMatch(/Infinity/);
  });

  it('early stopping ends before the last epoch and says which epoch was kept', async () => {
    // A tiny validation split over-fits fast; patience 1 must end the run well before 40 epochs.
    const epochs: EpochMetrics[] = [];
    const result = await runTraining(job('early', { epochs: 40, learningRate: 0.05, earlyStoppingPatience: 1, validationSplit: 0.2 }), collect(epochs));
    expect(epochs.length).toBeLessThan(40);
    expect(result.notes?.join(' ')).toMatch(/stopped early/);
  });

  it('AdamW decays kernels: with a strong decay the weights end smaller than with plain Adam', async () => {
    const norm = async (modelDir: string) => {
      const model = await loadModelFiles(modelDir);
      return tf.tidy(() => model.getWeights().filter((w) => w.shape.length === 2).reduce((a, w) => a + tf.sum(tf.square(w)).dataSync()[0], 0));
    };
    const plain = await runTraining(job('adam', { optimizer: 'adam', learningRate: 0.01, epochs: 1 }), collect([]));
    const decayed = await runTraining(job('adamw', { optimizer: 'adamw', weightDecay: 1, learningRate: 0.01, epochs: 1 }), collect([]));
    expect(await norm(decayed.modelDir)).toBeLessThan(0.95 * (await norm(plain.modelDir)));
  });
});

describe('class weights', () => {
  it('balanced weights are n / (classes × count), and 0 for an absent class', () => {
    expect(balancedClassWeights(Int32Array.from([0, 0, 0, 1]), 3)).toEqual([4 / 6, 4 / 2, 0]);
  });

  it('weighted training runs on both step paths (1 and 2 threads agree) and changes the loss', async () => {
    const run = async (name: string, hp: Record<string, unknown>, workers: string) => {
      const saved = process.env.LAYERLAB_TRAIN_WORKERS;
      process.env.LAYERLAB_TRAIN_WORKERS = workers;
      try {
        const epochs: EpochMetrics[] = [];
        await runTraining(job(name, { epochs: 1, ...hp }), collect(epochs));
        return epochs[0];
      } finally {
        if (saved === undefined) delete process.env.LAYERLAB_TRAIN_WORKERS;
        else process.env.LAYERLAB_TRAIN_WORKERS = saved;
      }
    };
    const plain = await run('cw-plain', {}, '1');
    const balanced1 = await run('cw-bal-1', { classWeights: 'balanced' }, '1');
    const balanced2 = await run('cw-bal-2', { classWeights: 'balanced' }, '2');
    for (const m of [plain, balanced1, balanced2]) expect(Number.isFinite(m.loss)).toBe(true);
    expect(balanced1.loss).not.toBe(plain.loss);
    expect(Math.abs(balanced2.loss - balanced1.loss)).toBeLessThan(0.05);
  });
});
