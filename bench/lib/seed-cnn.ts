/** The seed's classic MNIST CNN (the same layers as the PyTorch reference, bench/torch_seed_cnn.py). */
import * as tf from '@tensorflow/tfjs';
import { makeOptimizer } from '../../src/main/engine/optimizers';
import type { Hyperparams } from '../../src/shared/api/schemas';

export function seedCnn(): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 64, activation: 'relu' }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({
    // The optimizer training builds (Adam, one kernel per variable on wasm).
    optimizer: makeOptimizer({ optimizer: 'adam', learningRate: 1e-3 } as Hyperparams),
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}
