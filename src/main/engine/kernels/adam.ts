/**
 * LayerLabAdam for the wasm backend: one Adam step for one variable in one pass (elementwise.c's adam, or a
 * JS loop without SIMD), in tfjs's float32 order of operations. Used by FusedAdamOptimizer.
 */
import * as tf from '@tensorflow/tfjs';
import type { AdamAttrs } from './fused-adam';
import { adamJs } from './adam-js';
import { addr, simdKernels } from './simd';
import { asWasm, f32, type TensorInfo } from './wasm-util';

export { ADAM } from './fused-adam';

/** Inputs value, m, v, gradient; outputs the new value, m and v (inputs are not modified). */
export function adamWasm(args: {
  inputs: { value: TensorInfo; m: TensorInfo; v: TensorInfo; g: TensorInfo };
  backend: unknown;
  attrs: AdamAttrs;
}): TensorInfo[] {
  const backend = asWasm(args.backend);
  const { value, m, v, g } = args.inputs;
  const { lr, beta1, beta2, epsilon, c1, c2 } = args.attrs;
  const size = tf.util.sizeFromShape(value.shape);
  const w2 = backend.makeOutput(value.shape.slice(), 'float32');
  const m2 = backend.makeOutput(value.shape.slice(), 'float32');
  const v2 = backend.makeOutput(value.shape.slice(), 'float32');
  const simd = simdKernels(backend);
  const [omb1, omb2] = [Math.fround(1 - beta1), Math.fround(1 - beta2)];
  if (simd) {
    simd.adam(
      addr(backend, value),
      addr(backend, m),
      addr(backend, v),
      addr(backend, g),
      addr(backend, w2),
      addr(backend, m2),
      addr(backend, v2),
      size,
      lr,
      beta1,
      omb1,
      beta2,
      omb2,
      epsilon,
      c1,
      c2,
    );
    return [w2, m2, v2];
  }
  const out = { W: f32(backend, w2), M: f32(backend, m2), V: f32(backend, v2) };
  adamJs(f32(backend, value), f32(backend, m), f32(backend, v), f32(backend, g), out, args.attrs);
  return [w2, m2, v2];
}
