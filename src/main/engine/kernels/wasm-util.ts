/**
 * Helpers shared by the wasm training kernels: typed access to the wasm backend, heap views and a
 * call into the backend's own (XNNPACK-backed) BatchMatMul.
 *
 * Heap views: the wasm memory may grow on any allocation, which detaches every typed array taken
 * before it. Allocate all outputs and temporaries first, then take views, and never hold a view across
 * a call that may allocate (makeOutput, another kernel).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export type TensorInfo = tf.TensorInfo;
export type WasmBackend = BackendWasm;

export function asWasm(backend: unknown): WasmBackend {
  const b = backend as Partial<WasmBackend>;
  if (!b || typeof b.makeOutput !== 'function' || typeof b.typedArrayFromHeap !== 'function') {
    throw new Error('LayerLab wasm training kernel called with a backend that is not tfjs-backend-wasm.');
  }
  return b as WasmBackend;
}

export function f32(backend: WasmBackend, info: TensorInfo): Float32Array {
  if (info.dtype !== 'float32') throw new Error(`Expected a float32 tensor, got ${info.dtype}.`);
  return backend.typedArrayFromHeap(info) as Float32Array;
}

export function assertNHWC(dataFormat: string | undefined, kernel: string): void {
  if (dataFormat != null && dataFormat !== 'NHWC' && dataFormat !== 'channelsLast') {
    throw new Error(
      `${kernel} on the wasm backend supports only NHWC (channels-last) data; got dataFormat ${dataFormat}. ` +
        'Use channelsLast layers.',
    );
  }
}

type KernelFn = (args: {
  inputs: Record<string, TensorInfo>;
  backend: unknown;
  attrs: Record<string, unknown>;
}) => TensorInfo | TensorInfo[];

function wasmKernel(name: string): KernelFn {
  const k = tf.getKernel(name, 'wasm');
  if (!k) throw new Error(`The wasm backend has no ${name} kernel; is @tensorflow/tfjs-backend-wasm loaded?`);
  return k.kernelFunc as unknown as KernelFn;
}

// The native kernels, captured when this module loads (before any replacement or profiling wrapper).
const nativeBatchMatMul = wasmKernel('BatchMatMul');
const nativeTranspose = wasmKernel('Transpose');
const nativeConv2D = wasmKernel('Conv2D');
const nativeDepthwise = wasmKernel('DepthwiseConv2dNative');
const nativeSum = wasmKernel('Sum');

/**
 * out[1, m, n] = a[1, m, k] × b[1, k, n] through the wasm backend's BatchMatMul. With batch 1 and no
 * transposes it runs XNNPACK's fully-connected operator; that operator is cached on b's tensor id and
 * freed when b is disposed, so b must be a temporary that the caller disposes right after.
 */
export function matMulNN(backend: WasmBackend, a: TensorInfo, b: TensorInfo): TensorInfo {
  return nativeBatchMatMul({
    inputs: { a, b },
    backend,
    attrs: { transposeA: false, transposeB: false },
  }) as TensorInfo;
}

export function transposeWasm(backend: WasmBackend, x: TensorInfo, perm: number[]): TensorInfo {
  return nativeTranspose({ inputs: { x }, backend, attrs: { perm } }) as TensorInfo;
}

/** A fresh wasm tensor holding a copy of x's values under a new shape (same size). */
export function copyAs(backend: WasmBackend, x: TensorInfo, shape: number[]): TensorInfo {
  const out = backend.makeOutput(shape, x.dtype);
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  (dst as Float32Array).set(src as Float32Array);
  return out;
}

/** A TensorInfo that reuses `info`'s data under another shape (the caller keeps ownership). */
export function view(info: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

/**
 * NHWC conv2d through the wasm backend's own (XNNPACK) Conv2D. XNNPACK caches its operator on the
 * filter's id, so pass a temporary filter and dispose it right after.
 */
export function conv2dWasm(
  backend: WasmBackend,
  x: TensorInfo,
  filter: TensorInfo,
  pad: number[][],
): TensorInfo {
  return nativeConv2D({
    inputs: { x, filter },
    backend,
    attrs: { strides: 1, dilations: 1, pad, dataFormat: 'NHWC', dimRoundingMode: undefined },
  }) as TensorInfo;
}

/** NHWC depthwise conv2d (stride 1) through the wasm backend's own XNNPACK kernel; filter as in conv2dWasm. */
export function depthwiseWasm(
  backend: WasmBackend,
  x: TensorInfo,
  filter: TensorInfo,
  pad: number[][],
): TensorInfo {
  return nativeDepthwise({
    inputs: { x, filter },
    backend,
    attrs: { strides: 1, dilations: 1, pad, dimRoundingMode: undefined },
  }) as TensorInfo;
}

/** Sum over the innermost axis through the wasm backend's native Sum. */
export function sumInnermost(backend: WasmBackend, x: TensorInfo): TensorInfo {
  return nativeSum({
    inputs: { x },
    backend,
    attrs: { axis: x.shape.length - 1, keepDims: false },
  }) as TensorInfo;
}
