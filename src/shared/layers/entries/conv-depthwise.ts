import type { LayerSpec } from '../types';
import { activationParam } from './core';
import { num, str } from '../params';
import { lastDim, spatial } from './common';
import { convWindow2d, convWindow2dConfig, convWindowParams, filtersParam } from './conv';

const depthMultiplier = {
  type: 'int',
  label: 'Depth multiplier',
  default: 1,
  min: 1,
  max: 64,
  help: 'Filters per input channel in the per-channel step.',
} as const;

/** Depthwise-separable convolution: per-channel spatial filter, then a 1×1 mix. */
export const separableConv2d: LayerSpec = {
  kind: 'SeparableConv2D',
  label: 'SeparableConv2D',
  category: 'Convolution',
  help: 'A cheaper Conv2D: filters each channel on its own, then mixes channels with 1×1 filters. Far fewer weights.',
  params: {
    filters: filtersParam,
    ...convWindowParams,
    depthMultiplier,
    activation: activationParam('relu'),
  },
  inputs: { min: 1, max: 1 },
  inferShape([input], p) {
    const r = convWindow2d('SeparableConv2D', input, p);
    return r.ok ? { ok: true, shape: [r.shape[0], r.shape[1], num(p, 'filters')] } : r;
  },
  paramCount([input], p) {
    const mid = lastDim(input) * num(p, 'depthMultiplier');
    return num(p, 'kernelSize') ** 2 * mid + mid * num(p, 'filters') + num(p, 'filters');
  },
  macs([input], p, out) {
    const mid = lastDim(input) * num(p, 'depthMultiplier');
    return spatial(out) * (num(p, 'kernelSize') ** 2 * mid + mid * num(p, 'filters'));
  },
  compile: (p) => ({
    className: 'SeparableConv2D',
    config: {
      filters: num(p, 'filters'),
      ...convWindow2dConfig(p),
      depthMultiplier: num(p, 'depthMultiplier'),
      activation: str(p, 'activation'),
    },
  }),
};

/** Depthwise convolution: one spatial filter per input channel, no channel mixing. */
export const depthwiseConv2d: LayerSpec = {
  kind: 'DepthwiseConv2D',
  label: 'DepthwiseConv2D',
  category: 'Convolution',
  help: 'Filters each channel on its own, without mixing channels. Output channels = input channels × depth multiplier.',
  params: {
    ...convWindowParams,
    depthMultiplier,
    activation: activationParam('relu'),
  },
  inputs: { min: 1, max: 1 },
  inferShape([input], p) {
    const r = convWindow2d('DepthwiseConv2D', input, p);
    const c = input[2] === null ? null : input[2] * num(p, 'depthMultiplier');
    return r.ok ? { ok: true, shape: [r.shape[0], r.shape[1], c] } : r;
  },
  paramCount: ([input], p) => (num(p, 'kernelSize') ** 2 + 1) * lastDim(input) * num(p, 'depthMultiplier'),
  macs: ([input], p, out) =>
    num(p, 'kernelSize') ** 2 * spatial(out) * lastDim(input) * num(p, 'depthMultiplier'),
  compile: (p) => ({
    className: 'DepthwiseConv2D',
    config: {
      ...convWindow2dConfig(p),
      depthMultiplier: num(p, 'depthMultiplier'),
      activation: str(p, 'activation'),
    },
  }),
};
