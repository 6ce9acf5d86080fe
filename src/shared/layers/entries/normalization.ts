import type { LayerSpec } from '../types';
import { num } from '../params';
import { lastDim } from './common';
import { sizeOf } from '../shape-utils';

const epsilon = {
  type: 'float',
  label: 'Epsilon',
  default: 0.001,
  min: 1e-12,
  max: 1,
  help: 'Small number added to the variance to avoid dividing by zero.',
} as const;

/** Batch normalization over the last axis (channels / features). */
export const batchNormalization: LayerSpec = {
  kind: 'BatchNormalization',
  label: 'BatchNormalization',
  category: 'Normalization',
  help: 'Re-centres and re-scales each channel using statistics of the training batch. Often speeds up and steadies training.',
  params: {
    momentum: {
      type: 'float',
      label: 'Momentum',
      default: 0.99,
      min: 0,
      max: 1,
      help: 'How slowly the running mean and variance used at prediction time follow the batches.',
    },
    epsilon,
  },
  inputs: { min: 1, max: 1 },
  inferShape: ([input]) => ({ ok: true, shape: [...input] }),
  // Trainable gamma and beta; the moving mean and variance (2 × channels more) are not trained.
  paramCount: ([input]) => 2 * lastDim(input),
  macs: ([input]) => 2 * sizeOf(input),
  compile: (p) => ({
    className: 'BatchNormalization',
    config: { axis: -1, momentum: num(p, 'momentum'), epsilon: num(p, 'epsilon') },
  }),
};

/** Layer normalization over the last axis. */
export const layerNormalization: LayerSpec = {
  kind: 'LayerNormalization',
  label: 'LayerNormalization',
  category: 'Normalization',
  help: 'Re-centres and re-scales the features of each sample on its own (no batch statistics). Standard in Transformers.',
  params: { epsilon },
  inputs: { min: 1, max: 1 },
  inferShape: ([input]) => ({ ok: true, shape: [...input] }),
  paramCount: ([input]) => 2 * lastDim(input),
  macs: ([input]) => 4 * sizeOf(input),
  compile: (p) => ({ className: 'LayerNormalization', config: { axis: -1, epsilon: num(p, 'epsilon') } }),
};
