/**
 * BatchMatMul for the wasm backend. tfjs-backend-wasm runs XNNPACK only for un-transposed, batch-1
 * products and a naive loop otherwise, which makes the backward pass of every Dense layer
 * (xᵀ·dy and dy·Wᵀ) slow. For batch-1 transposed products of useful size this wrapper transposes the
 * operands into fresh temporaries (wasm's Transpose kernel) and runs the XNNPACK path; b is always a fresh
 * temporary, disposed right after, so XNNPACK's per-b operator cache never outlives it.
 */
import * as tf from '@tensorflow/tfjs';
import { asWasm, copyAs, transposeWasm, type TensorInfo } from './wasm-util';

type KernelFn = (args: {
  inputs: Record<string, TensorInfo>;
  backend: unknown;
  attrs: Record<string, unknown>;
}) => TensorInfo | TensorInfo[];

/** Products smaller than this (m·k·n) stay on the native loop. */
const MIN_WORK = 1 << 14;

export function makeBatchMatMulWasm(native: KernelFn) {
  return function batchMatMulWasm(args: {
    inputs: { a: TensorInfo; b: TensorInfo };
    backend: unknown;
    attrs: { transposeA: boolean; transposeB: boolean };
  }): TensorInfo {
    const { a, b } = args.inputs;
    const { transposeA, transposeB } = args.attrs;
    const ra = a.shape.length;
    const rb = b.shape.length;
    const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2));
    const batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
    if (
      (!transposeA && !transposeB) ||
      batchA !== 1 ||
      batchB !== 1 ||
      a.dtype !== 'float32' ||
      b.dtype !== 'float32'
    ) {
      return native(args as never) as TensorInfo;
    }
    const m = transposeA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
    const k = transposeA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
    const n = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
    if (m * k * n < MIN_WORK) return native(args as never) as TensorInfo;
    const backend = asWasm(args.backend);
    const a2: TensorInfo = { dataId: a.dataId, shape: transposeA ? [k, m] : [m, k], dtype: 'float32' };
    const b2: TensorInfo = { dataId: b.dataId, shape: transposeB ? [n, k] : [k, n], dtype: 'float32' };
    const aT = transposeA ? transposeWasm(backend, a2, [1, 0]) : null;
    const bT = transposeB ? transposeWasm(backend, b2, [1, 0]) : copyAs(backend, b2, [k, n]);
    const out = native({
      inputs: {
        a: aT ? { ...aT, shape: [1, m, k] } : { ...a2, shape: [1, m, k] },
        b: { ...bT, shape: [1, k, n] },
      },
      backend,
      attrs: { transposeA: false, transposeB: false },
    }) as TensorInfo;
    if (aT) backend.disposeData(aT.dataId);
    backend.disposeData(bT.dataId);
    const outShape = tf.backend_util
      .assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2))
      .concat([m, n]);
    return { dataId: out.dataId, shape: outShape, dtype: 'float32' };
  };
}
