import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { runTraining } from '../src/main/engine/train';
import { loadModelFiles } from '../src/main/engine/model-files';
import { mnistCnn } from '../src/shared/templates';
import { loadIdxSplit, mnistDir } from '../src/main/engine/data/mnist';
import { evaluateSamples } from '../src/main/engine/evaluate';
import type { EpochMetrics } from '../src/shared/api/types';
import { collectEpochs, mnistJob, wasmTrainingDir } from './train-fixture';

const dir = wasmTrainingDir('layerlab-train-');

describe('the seed CNN on the portable (wasm) backend', () => {
  it('trains on 2,000 MNIST images for one epoch to ≥ 85 % training accuracy, and saves loadable TF.js files', async () => {
    const epochs: EpochMetrics[] = [];
    const result = await runTraining(
      mnistJob(dir, 'seed', mnistCnn.graph, { epochs: 1, batchSize: 32, trainLimit: 2000, testLimit: 500, validationSplit: 0 }),
      collectEpochs(epochs),
    );
    // Training accuracy reached = the trained model scored on the 2,000 images it trained on
    // (the epoch's running average also counts the first, untrained batches).
    const model = await loadModelFiles(result.modelDir);
    const trainAcc = (await evaluateSamples(model, loadIdxSplit(mnistDir(), 'train', 2000), [28, 28, 1], 10)).accuracy;
    console.log(
      `seed CNN, 2000 images, 1 epoch on ${tf.getBackend()}: training accuracy reached ${trainAcc.toFixed(4)} ` +
        `(running average ${epochs[0].accuracy.toFixed(4)}), ${epochs[0].seconds.toFixed(1)} s; test accuracy ${result.testAccuracy.toFixed(4)}`,
    );
    expect(tf.getBackend()).toBe('wasm');
    expect(epochs).toHaveLength(1);
    expect(trainAcc).toBeGreaterThanOrEqual(0.85);
    expect(result.testAccuracy).toBeGreaterThan(0.8);
    expect(model.countParams()).toBe(121930);
    const p = model.predict(tf.zeros([2, 28, 28, 1])) as tf.Tensor;
    expect(p.shape).toEqual([2, 10]);
  });
});
