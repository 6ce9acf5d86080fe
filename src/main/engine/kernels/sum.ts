/**
 * Sum for the wasm backend. tfjs-backend-wasm reduces only innermost axes, so a sum over the leading
 * axes (every bias gradient: dy of [n, h, w, c] summed over n, h, w) first transposes the whole input.
 * This wrapper sums float32 over leading axes in one contiguous pass (float64 accumulators) and leaves
 * every other case to the native kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { addr, simdKernels } from './simd';
import { asWasm, f32, type TensorInfo } from './wasm-util';

type KernelFn = (args: {
  inputs: Record<string, TensorInfo>;
  backend: unknown;
  attrs: Record<string, unknown>;
}) => TensorInfo | TensorInfo[];

export function makeSumWasm(native: KernelFn) {
  return function sumWasm(args: {
    inputs: { x: TensorInfo };
    backend: unknown;
    attrs: { axis: number | number[]; keepDims: boolean };
  }): TensorInfo {
    const { x } = args.inputs;
    const { axis, keepDims } = args.attrs;
    const rank = x.shape.length;
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
    // Leading axes only, and not all of them (then the native reduction is already contiguous).
    const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
    if (!leading || x.dtype !== 'float32') return native(args as never) as TensorInfo;
    const backend = asWasm(args.backend);
    const rows = tf.util.sizeFromShape(x.shape.slice(0, axes.length));
    const cols = tf.util.sizeFromShape(x.shape.slice(axes.length));
    const outShape = keepDims ? x.shape.map((d, i) => (i < axes.length ? 1 : d)) : x.shape.slice(axes.length);
    const out = backend.makeOutput(outShape, 'float32');
    const simd = simdKernels(backend);
    if (simd) {
      simd.sum_rows(addr(backend, x), addr(backend, out), rows, cols);
      return out;
    }
    const src = f32(backend, x);
    const dst = f32(backend, out);
    sumLeading(src, dst, rows, cols);
    return out;
  };
}

/** dst[c] = Σ_r src[r·cols + c], accumulated in float64, four rows per pass over the accumulators. */
export function sumLeading(src: Float32Array, dst: Float32Array, rows: number, cols: number): void {
  const acc = new Float64Array(cols);
  const c2 = 2 * cols;
  const c3 = 3 * cols;
  let r = 0;
  let at = 0;
  for (; r + 4 <= rows; r += 4, at += 4 * cols) {
    for (let c = 0; c < cols; c++) {
      const i = at + c;
      acc[c] += src[i]! + src[i + cols]! + (src[i + c2]! + src[i + c3]!);
    }
  }
  for (; r < rows; r++, at += cols) {
    for (let c = 0; c < cols; c++) acc[c] += src[at + c]!;
  }
  for (let c = 0; c < cols; c++) dst[c] = acc[c]!;
}
