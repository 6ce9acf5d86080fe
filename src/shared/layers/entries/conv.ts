import type { Shape } from '../../graph/types';
import type { LayerSpec, Params, ShapeResult } from '../types';
import { activationParam } from './core';
import { num, str } from '../params';
import { lastDim, needsImage, needsSequence, paddingParam, spatial, window1d, window2d } from './common';

/** Filters (output channels) param shared by convolutions. */
export const filtersParam = {
  type: 'int',
  label: 'Filters',
  default: 32,
  min: 1,
  max: 4096,
  help: 'Number of output channels.',
} as const;
/** Square kernel size param shared by convolutions. */
export const kernelParam = {
  type: 'int',
  label: 'Kernel size',
  default: 3,
  min: 1,
  max: 31,
  help: 'Width of each filter window.',
} as const;
/** Stride param shared by convolutions. */
export const strideParam = {
  type: 'int',
  label: 'Stride',
  default: 1,
  min: 1,
  max: 16,
  help: 'Step between windows.',
} as const;

/** Window params shared by convolutions: kernel size, stride and padding. */
export const convWindowParams = { kernelSize: kernelParam, strides: strideParam, padding: paddingParam };

/** Params of a plain convolution (1-D or 2-D). */
const convParams = { filters: filtersParam, ...convWindowParams, activation: activationParam('relu') };

/** A square 2-D convolution window's output over an image (params kernelSize, strides, padding), or the error. */
export function convWindow2d(label: string, input: Shape, p: Params): ShapeResult {
  return (
    needsImage(label, input) ??
    window2d(label, input, num(p, 'kernelSize'), num(p, 'strides'), str(p, 'padding'), 'kernel')
  );
}

/** The window part of a 2-D convolution's tfjs config. */
export const convWindow2dConfig = (p: Params) => ({
  kernelSize: [num(p, 'kernelSize'), num(p, 'kernelSize')],
  strides: [num(p, 'strides'), num(p, 'strides')],
  padding: str(p, 'padding'),
});

/** 2-D convolution over images. */
export const conv2d: LayerSpec = {
  kind: 'Conv2D',
  label: 'Conv2D',
  category: 'Convolution',
  help: 'Slides small learned filters over an image to detect local patterns (edges, strokes, textures).',
  params: convParams,
  inputs: { min: 1, max: 1 },
  inferShape([input], p) {
    const r = convWindow2d('Conv2D', input, p);
    return r.ok ? { ok: true, shape: [r.shape[0], r.shape[1], num(p, 'filters')] } : r;
  },
  paramCount: ([input], p) => (num(p, 'kernelSize') ** 2 * lastDim(input) + 1) * num(p, 'filters'),
  macs: ([input], p, out) => num(p, 'kernelSize') ** 2 * lastDim(input) * spatial(out) * num(p, 'filters'),
  compile: (p) => ({
    className: 'Conv2D',
    config: {
      filters: num(p, 'filters'),
      ...convWindow2dConfig(p),
      activation: str(p, 'activation'),
    },
  }),
};

/** 1-D convolution along the steps of a sequence (time series, embedded text). */
export const conv1d: LayerSpec = {
  kind: 'Conv1D',
  label: 'Conv1D',
  category: 'Convolution',
  help: 'Slides learned filters along a sequence to detect short patterns (n-grams in text, bumps in a signal).',
  params: convParams,
  inputs: { min: 1, max: 1 },
  inferShape([input], p) {
    const bad = needsSequence('Conv1D', input);
    if (bad) return bad;
    const r = window1d('Conv1D', input, num(p, 'kernelSize'), num(p, 'strides'), str(p, 'padding'), 'kernel');
    return r.ok ? { ok: true, shape: [r.shape[0], num(p, 'filters')] } : r;
  },
  paramCount: ([input], p) => (num(p, 'kernelSize') * lastDim(input) + 1) * num(p, 'filters'),
  macs: ([input], p, out) => num(p, 'kernelSize') * lastDim(input) * spatial(out) * num(p, 'filters'),
  compile: (p) => ({
    className: 'Conv1D',
    config: {
      filters: num(p, 'filters'),
      kernelSize: [num(p, 'kernelSize')],
      strides: [num(p, 'strides')],
      padding: str(p, 'padding'),
      activation: str(p, 'activation'),
    },
  }),
};
