import type { LayerSpec } from '../types';
import { activationParam } from './core';
import { num, str } from '../params';
import { formatShape, windowOut } from '../shape-utils';

const padding = { type: 'enum', label: 'Padding', default: 'valid', options: ['valid', 'same'] } as const;

const needsImage = (kind: string, shape: (number | null)[]) =>
  shape.length === 3
    ? null
    : {
        ok: false as const,
        message: `${kind} needs an image (height×width×channels); this edge carries ${formatShape(shape)}.`,
        fix:
          shape.length === 1
            ? { kind: 'insertBefore' as const, layerKind: 'Reshape', label: 'Insert Reshape' }
            : undefined,
      };

export const conv2d: LayerSpec = {
  kind: 'Conv2D',
  label: 'Conv2D',
  category: 'Convolution',
  help: 'Slides small learned filters over an image to detect local patterns (edges, strokes, textures).',
  params: {
    filters: { type: 'int', label: 'Filters', default: 32, min: 1, max: 4096, help: 'Number of output channels.' },
    kernelSize: { type: 'int', label: 'Kernel size', default: 3, min: 1, max: 31 },
    strides: { type: 'int', label: 'Stride', default: 1, min: 1, max: 16 },
    padding,
    activation: activationParam('relu'),
  },
  inputs: { min: 1, max: 1 },
  inferShape([input], p) {
    const bad = needsImage('Conv2D', input);
    if (bad) return bad;
    const k = num(p, 'kernelSize');
    const h = windowOut(input[0], k, num(p, 'strides'), str(p, 'padding'));
    const w = windowOut(input[1], k, num(p, 'strides'), str(p, 'padding'));
    if ((h !== null && h < 1) || (w !== null && w < 1))
      return {
        ok: false,
        message: `A ${k}×${k} kernel does not fit in a ${formatShape(input)} input.`,
        fix: { kind: 'setParam', param: 'padding', value: 'same', label: 'Use "same" padding' },
      };
    return { ok: true, shape: [h, w, num(p, 'filters')] };
  },
  paramCount: ([input], p) => (num(p, 'kernelSize') ** 2 * (input[2] ?? 0) + 1) * num(p, 'filters'),
  macs: ([input], p, out) => num(p, 'kernelSize') ** 2 * (input[2] ?? 0) * (out[0] ?? 0) * (out[1] ?? 0) * num(p, 'filters'),
  compile: (p) => ({
    className: 'Conv2D',
    config: {
      filters: num(p, 'filters'),
      kernelSize: [num(p, 'kernelSize'), num(p, 'kernelSize')],
      strides: [num(p, 'strides'), num(p, 'strides')],
      padding: str(p, 'padding'),
      activation: str(p, 'activation'),
    },
  }),
};

export const maxPool2d: LayerSpec = {
  kind: 'MaxPool2D',
  label: 'MaxPool2D',
  category: 'Pooling',
  help: 'Keeps the strongest value in each window, shrinking the image.',
  params: {
    poolSize: { type: 'int', label: 'Pool size', default: 2, min: 1, max: 16 },
    strides: { type: 'int', label: 'Stride (0 = pool size)', default: 0, min: 0, max: 16 },
    padding,
  },
  inputs: { min: 1, max: 1 },
  inferShape([input], p) {
    const bad = needsImage('MaxPool2D', input);
    if (bad) return bad;
    const k = num(p, 'poolSize');
    const s = num(p, 'strides') || k;
    const h = windowOut(input[0], k, s, str(p, 'padding'));
    const w = windowOut(input[1], k, s, str(p, 'padding'));
    if ((h !== null && h < 1) || (w !== null && w < 1))
      return { ok: false, message: `A ${k}×${k} pool does not fit in a ${formatShape(input)} input.` };
    return { ok: true, shape: [h, w, input[2]] };
  },
  paramCount: () => 0,
  compile: (p) => ({
    className: 'MaxPooling2D',
    config: {
      poolSize: [num(p, 'poolSize'), num(p, 'poolSize')],
      strides: [num(p, 'strides') || num(p, 'poolSize'), num(p, 'strides') || num(p, 'poolSize')],
      padding: str(p, 'padding'),
    },
  }),
};
