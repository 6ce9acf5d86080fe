/**
 * Unpack, SplitV, Concat and GatherV2 (axis 0) for the wasm backend as block copies inside the heap.
 *
 * tfjs-backend-wasm builds these out of one Slice per output, each paying a kernel dispatch and a
 * strided copy in JS: unstacking an LSTM's [64, 100, 32] input took 40 ms, splitting its gates 0.09 ms
 * per timestep, and the embedding lookup 7 ms, more than the recurrent arithmetic. Here every output is
 * allocated first, then filled with memmoves (copyWithin) of contiguous blocks of the 4-byte heap.
 * Other dtypes (bool, string, complex) and gathers along other axes go to the backend's own kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { addr } from './simd';
import { asWasm, type TensorInfo, type WasmBackend } from './wasm-util';

type KernelFn = (args: {
  inputs: Record<string, TensorInfo>;
  backend: unknown;
  attrs: Record<string, unknown>;
}) => TensorInfo | TensorInfo[];

const FOUR_BYTE = new Set(['float32', 'int32']);

/** The backend's heap as 4-byte words (taken after every allocation of the call). */
function words(backend: WasmBackend): Uint32Array {
  return new Uint32Array((backend.wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8.buffer);
}

/**
 * Splits x along `axis` into parts of the given sizes: for each of the `outer` leading blocks, part p
 * takes sizes[p]·inner consecutive words.
 */
function splitBlocks(backend: WasmBackend, x: TensorInfo, axis: number, sizes: number[]): TensorInfo[] {
  const outer = tf.util.sizeFromShape(x.shape.slice(0, axis));
  const inner = tf.util.sizeFromShape(x.shape.slice(axis + 1));
  const outs = sizes.map((s) => {
    const shape = x.shape.slice();
    shape[axis] = s;
    return backend.makeOutput(shape, x.dtype);
  });
  const heap = words(backend);
  const src0 = addr(backend, x) >> 2;
  const dst0 = outs.map((o) => addr(backend, o) >> 2);
  const total = x.shape[axis]! * inner;
  for (let o = 0; o < outer; o++) {
    let at = src0 + o * total;
    for (let p = 0; p < sizes.length; p++) {
      const len = sizes[p]! * inner;
      heap.copyWithin(dst0[p]! + o * len, at, at + len);
      at += len;
    }
  }
  return outs;
}

export function makeUnpackWasm(native: KernelFn) {
  return function unpackWasm(args: {
    inputs: { value: TensorInfo };
    backend: unknown;
    attrs: { axis: number };
  }) {
    const { value } = args.inputs;
    if (!FOUR_BYTE.has(value.dtype)) return native(args as never);
    const backend = asWasm(args.backend);
    const axis = tf.util.parseAxisParam(args.attrs.axis, value.shape)[0]!;
    const n = value.shape[axis]!;
    const parts = splitBlocks(backend, value, axis, new Array<number>(n).fill(1));
    const shape = value.shape.filter((_, i) => i !== axis);
    return parts.map((p) => ({ ...p, shape }));
  };
}

export function makeSplitVWasm(native: KernelFn) {
  return function splitVWasm(args: {
    inputs: { x: TensorInfo };
    backend: unknown;
    attrs: { numOrSizeSplits: number[] | number; axis: number };
  }) {
    const { x } = args.inputs;
    if (!FOUR_BYTE.has(x.dtype)) return native(args as never);
    const axis = tf.util.parseAxisParam(args.attrs.axis, x.shape)[0]!;
    const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, args.attrs.numOrSizeSplits, axis);
    return splitBlocks(asWasm(args.backend), x, axis, sizes);
  };
}

export function makeGatherV2Wasm(native: KernelFn) {
  return function gatherV2Wasm(args: {
    inputs: { x: TensorInfo; indices: TensorInfo };
    backend: unknown;
    attrs: { axis: number; batchDims: number };
  }) {
    const { x, indices } = args.inputs;
    const axis = tf.util.parseAxisParam(args.attrs.axis, x.shape)[0]!;
    if (
      !FOUR_BYTE.has(x.dtype) ||
      indices.dtype !== 'int32' ||
      axis !== 0 ||
      (args.attrs.batchDims ?? 0) !== 0
    )
      return native(args as never);
    const backend = asWasm(args.backend);
    const rows = x.shape[0]!;
    const row = tf.util.sizeFromShape(x.shape.slice(1));
    const count = tf.util.sizeFromShape(indices.shape);
    const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
    const heap = words(backend);
    const ids = new Int32Array(heap.buffer, addr(backend, indices), count);
    const src0 = addr(backend, x) >> 2;
    const dst0 = addr(backend, out) >> 2;
    for (let i = 0; i < count; i++) {
      const id = ids[i]!;
      if (id < 0 || id >= rows) {
        backend.disposeData(out.dataId);
        throw new Error(`GatherV2: the index value ${id} is not in [0, ${rows - 1}]`);
      }
      heap.copyWithin(dst0 + i * row, src0 + id * row, src0 + (id + 1) * row);
    }
    return out;
  };
}

export function makeConcatWasm(native: KernelFn) {
  return function concatWasm(args: { inputs: TensorInfo[]; backend: unknown; attrs: { axis: number } }) {
    const inputs = Array.from(args.inputs);
    const first = inputs[0];
    if (!first || !FOUR_BYTE.has(first.dtype) || inputs.some((t) => t.dtype !== first.dtype))
      return native(args as never);
    const axis = tf.util.parseAxisParam(args.attrs.axis, first.shape)[0]!;
    const shape = tf.backend_util.computeOutShape(
      inputs.map((t) => t.shape),
      axis,
    );
    const backend = asWasm(args.backend);
    const out = backend.makeOutput(shape, first.dtype);
    const parts = inputs.filter((t) => tf.util.sizeFromShape(t.shape) > 0);
    const outer = tf.util.sizeFromShape(shape.slice(0, axis));
    const heap = words(backend);
    const dst0 = addr(backend, out) >> 2;
    const lens = parts.map((t) => tf.util.sizeFromShape(t.shape.slice(axis)));
    const srcs = parts.map((t) => addr(backend, t) >> 2);
    const total = lens.reduce((a, b) => a + b, 0);
    for (let o = 0; o < outer; o++) {
      let at = dst0 + o * total;
      for (let p = 0; p < parts.length; p++) {
        const len = lens[p]!;
        heap.copyWithin(at, srcs[p]! + o * len, srcs[p]! + (o + 1) * len);
        at += len;
      }
    }
    return out;
  };
}
