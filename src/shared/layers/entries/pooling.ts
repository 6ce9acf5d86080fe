import type { LayerSpec } from '../types';
import { num, str } from '../params';
import { fail, needsImage, needsSequence, paddingParam, spatial, window1d, window2d } from './common';
import { formatShape } from '../shape-utils';

const poolSize = {
  type: 'int',
  label: 'Pool size',
  default: 2,
  min: 1,
  max: 16,
  help: 'Width of each pooling window.',
} as const;
const poolStride = { type: 'int', label: 'Stride (0 = pool size)', default: 0, min: 0, max: 16 } as const;
const poolParams = { poolSize, strides: poolStride, padding: paddingParam };

/** A square 2-D pool (max or average): same shape rule, different tfjs class. */
function pool2d(kind: string, className: string, help: string): LayerSpec {
  return {
    kind,
    label: kind,
    category: 'Pooling',
    help,
    params: poolParams,
    inputs: { min: 1, max: 1 },
    inferShape([input], p) {
      const k = num(p, 'poolSize');
      return (
        needsImage(kind, input) ?? window2d(kind, input, k, num(p, 'strides') || k, str(p, 'padding'), 'pool')
      );
    },
    paramCount: () => 0,
    macs: (_i, p, out) => spatial(out) * (out[2] ?? 0) * num(p, 'poolSize') ** 2,
    compile: (p) => {
      const k = num(p, 'poolSize');
      const s = num(p, 'strides') || k;
      return { className, config: { poolSize: [k, k], strides: [s, s], padding: str(p, 'padding') } };
    },
  };
}

/** Max pooling over images. */
export const maxPool2d = pool2d(
  'MaxPool2D',
  'MaxPooling2D',
  'Keeps the strongest value in each window, shrinking the image.',
);

/** Average pooling over images. */
export const averagePool2d = pool2d(
  'AveragePool2D',
  'AveragePooling2D',
  'Averages each window, shrinking the image more smoothly than max pooling.',
);

/** Max pooling along a sequence. */
export const maxPool1d: LayerSpec = {
  kind: 'MaxPool1D',
  label: 'MaxPool1D',
  category: 'Pooling',
  help: 'Keeps the strongest value in each window of steps, shortening the sequence.',
  params: poolParams,
  inputs: { min: 1, max: 1 },
  inferShape([input], p) {
    const k = num(p, 'poolSize');
    return (
      needsSequence('MaxPool1D', input) ??
      window1d('MaxPool1D', input, k, num(p, 'strides') || k, str(p, 'padding'), 'pool')
    );
  },
  paramCount: () => 0,
  macs: (_i, p, out) => (out[0] ?? 0) * (out[1] ?? 0) * num(p, 'poolSize'),
  compile: (p) => {
    const k = num(p, 'poolSize');
    return {
      className: 'MaxPooling1D',
      config: { poolSize: [k], strides: [num(p, 'strides') || k], padding: str(p, 'padding') },
    };
  },
};

/** Average of every step: a sequence becomes one feature vector. */
export const globalAveragePool1d: LayerSpec = {
  kind: 'GlobalAveragePool1D',
  label: 'GlobalAveragePool1D',
  category: 'Pooling',
  help: 'Averages over all steps of a sequence, leaving one value per feature: a flat vector ready for Dense or Output.',
  params: {},
  inputs: { min: 1, max: 1 },
  inferShape([input]) {
    if (input.length === 3)
      return fail(
        `GlobalAveragePool1D needs a sequence (steps×features); this edge carries an image ${formatShape(input)}. Use GlobalAveragePool2D.`,
      );
    return needsSequence('GlobalAveragePool1D', input) ?? { ok: true, shape: [input[1]] };
  },
  paramCount: () => 0,
  macs: ([input]) => (input[0] ?? 0) * (input[1] ?? 0),
  compile: () => ({ className: 'GlobalAveragePooling1D', config: {} }),
};

/** Average of every pixel per channel: an image becomes one feature vector. */
export const globalAveragePool2d: LayerSpec = {
  kind: 'GlobalAveragePool2D',
  label: 'GlobalAveragePool2D',
  category: 'Pooling',
  help: 'Averages each channel over the whole image, leaving one value per channel: a flat vector ready for Dense or Output.',
  params: {},
  inputs: { min: 1, max: 1 },
  inferShape([input]) {
    return needsImage('GlobalAveragePool2D', input) ?? { ok: true, shape: [input[2]] };
  },
  paramCount: () => 0,
  macs: ([input]) => spatial(input) * (input[2] ?? 0),
  compile: () => ({ className: 'GlobalAveragePooling2D', config: {} }),
};
