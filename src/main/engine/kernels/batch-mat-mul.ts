/**
 * BatchMatMul for the wasm backend. tfjs-backend-wasm runs XNNPACK only for un-transposed, batch-1
 * products (packing b again on every call) and a naive loop otherwise, which makes the backward pass of
 * every Dense layer (xᵀ·dy and dy·Wᵀ) slow.
 *  - With LayerLab's SIMD kernels: every float32 product, transposed or not, batched (with a batch of
 *    one broadcast), runs gemm.c's blocked gemm, the transposes folded into its packing.
 *  - Otherwise, for batch-1 transposed products of useful size, the operands are transposed into fresh
 *    temporaries (wasm's Transpose kernel) for the XNNPACK path; b is always a fresh temporary, disposed
 *    right after, so XNNPACK's per-b operator cache never outlives it.
 */
import * as tf from '@tensorflow/tfjs';
import { addr, simdKernels, withScratch } from './simd';
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
    const simd = a.dtype === 'float32' && b.dtype === 'float32' ? simdKernels(asWasm(args.backend)) : null;
    if (simd) {
      const out = gemmBatched(asWasm(args.backend), simd, a, b, transposeA, transposeB);
      if (out) return out;
    }
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

/**
 * out[i] = op(a[i]) × op(b[i]) through gemm.c's gemm for each of the broadcast batch; null when the
 * batch shapes broadcast in a way other than "equal, or one of them a single matrix".
 */
function gemmBatched(
  backend: ReturnType<typeof asWasm>,
  simd: NonNullable<ReturnType<typeof simdKernels>>,
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): TensorInfo | null {
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = transposeA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
  const k = transposeA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
  const n = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  const outBatch = tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batch = tf.util.sizeFromShape(outBatch);
  const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
  if ((batchA !== batch && batchA !== 1) || (batchB !== batch && batchB !== 1)) return null;
  const out = backend.makeOutput([...outBatch, m, n], 'float32');
  // A(i, p) = a[i·ars + p·acs], B(p, j) = b[p·brs + j·bcs]; element strides, bytes below.
  const [ars, acs] = transposeA ? [1, m] : [k, 1];
  const [brs, bcs] = transposeB ? [1, k] : [n, 1];
  withScratch(backend, simd.gemm_scratch(m, n, k), (scratch) => {
    const pa = addr(backend, a);
    const pb = addr(backend, b);
    const pc = addr(backend, out);
    for (let i = 0; i < batch; i++) {
      const oa = batchA === 1 ? 0 : i * m * k * 4;
      const ob = batchB === 1 ? 0 : i * k * n * 4;
      simd.gemm(pa + oa, ars, acs, pb + ob, brs, bcs, pc + i * m * n * 4, m, n, k, scratch);
    }
  });
  return out;
}
