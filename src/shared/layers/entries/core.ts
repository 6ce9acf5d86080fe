import type { LayerSpec } from '../types';
import { num, str, ints } from '../params';
import { formatShape, sizeOf } from '../shape-utils';
import { insertFlatten } from './common';

const ACTIVATIONS = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu', 'gelu', 'swish'] as const;
/** Activation names offered everywhere a layer has one. */
export const activationParam = (def: string) =>
  ({
    type: 'enum',
    label: 'Activation',
    default: def,
    options: ACTIVATIONS,
    help: 'Applied to the layer output.',
  }) as const;

const notImage = (shape: (number | null)[]) => shape.length >= 3;

/** Fully connected layer (applies to the last axis of a sequence). */
export const dense: LayerSpec = {
  kind: 'Dense',
  label: 'Dense',
  category: 'Core',
  help: 'Fully connected layer: every output unit sees every input feature.',
  params: {
    units: {
      type: 'int',
      label: 'Units',
      default: 64,
      min: 1,
      max: 65536,
      help: 'Number of output features.',
    },
    activation: activationParam('relu'),
  },
  inputs: { min: 1, max: 1 },
  inferShape([input], p) {
    if (notImage(input))
      return {
        ok: false,
        message: `Dense needs a flat input; this edge carries ${formatShape(input)}.`,
        fix: insertFlatten,
      };
    return { ok: true, shape: [...input.slice(0, -1), num(p, 'units')] };
  },
  paramCount([input], p) {
    return ((input[input.length - 1] ?? 0) + 1) * num(p, 'units');
  },
  macs([input], p, out) {
    return (input[input.length - 1] ?? 0) * num(p, 'units') * (sizeOf(out) / num(p, 'units'));
  },
  compile: (p) => ({
    className: 'Dense',
    config: { units: num(p, 'units'), activation: str(p, 'activation') },
  }),
};

/** Any shape → one flat vector. */
export const flatten: LayerSpec = {
  kind: 'Flatten',
  label: 'Flatten',
  category: 'Core',
  help: 'Unrolls an image or sequence into one flat vector of features.',
  params: {},
  inputs: { min: 1, max: 1 },
  inferShape([input]) {
    if (input.some((d) => d === null))
      return {
        ok: false,
        message: `Flatten needs every size known; this edge carries ${formatShape(input)}.`,
      };
    return { ok: true, shape: [sizeOf(input)] };
  },
  paramCount: () => 0,
  // tfjs's Flatten refuses an already-flat input (Keras accepts it); a Reshape to the same length is the no-op.
  compile: (_p, [input]) =>
    input && input.length === 1
      ? { className: 'Reshape', config: { targetShape: [...input] } }
      : { className: 'Flatten', config: {} },
};

/** Random feature dropping while training. */
export const dropout: LayerSpec = {
  kind: 'Dropout',
  label: 'Dropout',
  category: 'Core',
  help: 'Randomly zeroes a fraction of features while training, to reduce over-fitting. Does nothing at prediction time.',
  params: {
    rate: {
      type: 'float',
      label: 'Rate',
      default: 0.5,
      min: 0,
      max: 0.95,
      help: 'Fraction of features dropped.',
    },
  },
  inputs: { min: 1, max: 1 },
  inferShape: ([input]) => ({ ok: true, shape: [...input] }),
  paramCount: () => 0,
  compile: (p) => ({ className: 'Dropout', config: { rate: num(p, 'rate') } }),
};

/** Element-wise activation function. */
export const activation: LayerSpec = {
  kind: 'Activation',
  label: 'Activation',
  category: 'Core',
  help: 'Applies a function element by element (ReLU, sigmoid, …).',
  params: { activation: activationParam('relu') },
  inputs: { min: 1, max: 1 },
  inferShape: ([input]) => ({ ok: true, shape: [...input] }),
  paramCount: () => 0,
  compile: (p) => ({ className: 'Activation', config: { activation: str(p, 'activation') } }),
};

/** Same values, new shape. */
export const reshape: LayerSpec = {
  kind: 'Reshape',
  label: 'Reshape',
  category: 'Core',
  help: 'Rearranges features into a new shape with the same number of values.',
  params: {
    targetShape: {
      type: 'ints',
      label: 'Target shape',
      default: [28, 28, 1],
      minLength: 1,
      maxLength: 4,
      min: 1,
    },
  },
  inputs: { min: 1, max: 1 },
  inferShape([input], p) {
    const target = ints(p, 'targetShape');
    if (sizeOf(target) !== sizeOf(input))
      return {
        ok: false,
        message: `Reshape to ${formatShape(target)} needs ${sizeOf(target)} values but the input ${formatShape(input)} has ${sizeOf(input)}.`,
      };
    return { ok: true, shape: [...target] };
  },
  paramCount: () => 0,
  compile: (p) => ({ className: 'Reshape', config: { targetShape: ints(p, 'targetShape') } }),
};
