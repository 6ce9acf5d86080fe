import type { OnnxGraph } from './builder';

/** Activation names (as tfjs saves them) that have an ONNX form. */
export const ONNX_ACTIVATIONS = new Set([
  'linear',
  'relu',
  'sigmoid',
  'tanh',
  'softmax',
  'elu',
  'selu',
  'gelu',
  'swish',
]);

/** Apply a Keras activation to `x` (softmax over the last axis, as tfjs does). */
export function activate(g: OnnxGraph, x: string, activation: unknown, prefix: string): string {
  const name = String(activation ?? 'linear');
  switch (name) {
    case 'linear':
      return x;
    case 'relu':
      return g.op('Relu', [x], {}, `${prefix}/relu`);
    case 'sigmoid':
      return g.op('Sigmoid', [x], {}, `${prefix}/sigmoid`);
    case 'tanh':
      return g.op('Tanh', [x], {}, `${prefix}/tanh`);
    case 'softmax':
      return g.op('Softmax', [x], { axis: { i: -1 } }, `${prefix}/softmax`);
    case 'elu':
      return g.op('Elu', [x], { alpha: { f: 1 } }, `${prefix}/elu`);
    case 'selu':
      return g.op(
        'Selu',
        [x],
        { alpha: { f: 1.6732632423543772 }, gamma: { f: 1.0507009873554805 } },
        `${prefix}/selu`,
      );
    case 'gelu': {
      // x · Φ(x) = 0.5 · x · (1 + erf(x / √2)), tfjs's exact form.
      const erf = g.op('Erf', [g.op('Div', [x, g.scalar(Math.SQRT2)])], {}, `${prefix}/gelu`);
      const cdf = g.op('Mul', [g.op('Add', [erf, g.scalar(1)]), g.scalar(0.5)]);
      return g.op('Mul', [x, cdf], {}, `${prefix}/gelu`);
    }
    case 'swish':
      return g.op('Mul', [x, g.op('Sigmoid', [x])], {}, `${prefix}/swish`);
    default:
      throw new Error(`The activation "${name}" has no ONNX form in LayerLab's exporter.`);
  }
}
