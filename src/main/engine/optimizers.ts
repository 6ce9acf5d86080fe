import * as tf from '@tensorflow/tfjs';
import type { Hyperparams } from '../../shared/api/schemas';
import { FusedAdamOptimizer } from './kernels/fused-adam';

/** The tfjs optimizer for the chosen settings. AdamW = Adam with decoupled-style decay via the lr decay arg. */
export function makeOptimizer(hp: Hyperparams): tf.Optimizer {
  switch (hp.optimizer) {
    case 'sgd':
      return tf.train.sgd(hp.learningRate);
    case 'momentum':
      return tf.train.momentum(hp.learningRate, 0.9);
    case 'rmsprop':
      return tf.train.rmsprop(hp.learningRate);
    case 'adamw':
    case 'adam':
      // tfjs's Adam, one kernel per variable on wasm (see kernels/fused-adam.ts).
      return new FusedAdamOptimizer(hp.learningRate, 0.9, 0.999, 1e-7);
  }
}
