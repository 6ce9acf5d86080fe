/**
 * LayerLab's own WebAssembly SIMD kernels (src/*.c, built into kernels.wasm and embedded in kernels-wasm.ts), instantiated once
 * per tfjs-backend-wasm instance on top of that backend's memory, so they read and write tensors in
 * place. Where the engine has no wasm SIMD, or LAYERLAB_SIMD_KERNELS=0, simdKernels() answers null and
 * every caller keeps its previous path (XNNPACK routes and JS loops).
 */
import { KERNELS_WASM_BASE64 } from './kernels-wasm';
import type { ConvGeom } from '../conv-args';
import type { TensorInfo, WasmBackend } from '../wasm-util';

/** A convolution's geometry in the order conv.c's functions take it (see geometryArgs). */
export type ConvGeometryArgs = [
  n: number,
  h: number,
  w: number,
  ci: number,
  oh: number,
  ow: number,
  co: number,
  fh: number,
  fw: number,
  sh: number,
  sw: number,
  dh: number,
  dw: number,
  top: number,
  left: number,
];

/** ConvGeom as conv.c's argument list. */
export function geometryArgs(g: ConvGeom): ConvGeometryArgs {
  return [g.n, g.h, g.w, g.ci, g.oh, g.ow, g.co, g.fh, g.fw, g.sh, g.sw, g.dh, g.dw, g.top, g.left];
}

/** A byte address in the backend's heap. */
type Ptr = number;
/** A recurrent kernel's sizes and flags: batch, steps, input features, units, every step?, hard sigmoid? */
type RnnDims = [b: number, t: number, d: number, u: number, returnSequences: number, hard: number];
/** A pool's input, output and window geometry. */
type PoolDims = [n: number, h: number, w: number, c: number, oh: number, ow: number, fh: number, fw: number];

/** The exports of the module (src/*.c), grouped by source file. */
export interface SimdKernels {
  // pool.c
  max_pool_grad(
    x: Ptr,
    dy: Ptr,
    dx: Ptr,
    taps: Ptr,
    ...g: [...PoolDims, sh: number, sw: number, dh: number, dw: number, top: number, left: number]
  ): void;
  avg_pool_grad(
    dy: Ptr,
    dx: Ptr,
    ...g: [...PoolDims, sh: number, sw: number, top: number, left: number]
  ): void;
  // elementwise.c
  relu_grad(dy: Ptr, y: Ptr, out: Ptr, dbias: Ptr, rows: number, c: number): void;
  sum_rows(x: Ptr, out: Ptr, rows: number, c: number): void;
  adam(
    w: Ptr,
    m: Ptr,
    v: Ptr,
    g: Ptr,
    w2: Ptr,
    m2: Ptr,
    v2: Ptr,
    size: number,
    ...hp: [
      lr: number,
      beta1: number,
      omb1: number,
      beta2: number,
      omb2: number,
      eps: number,
      c1: number,
      c2: number,
    ]
  ): void;
  // gemm.c
  gemm_scratch(m: number, n: number, k: number): number;
  gemm(
    a: Ptr,
    ars: number,
    acs: number,
    b: Ptr,
    brs: number,
    bcs: number,
    c: Ptr,
    m: number,
    n: number,
    k: number,
    scratch: Ptr,
  ): void;
  // conv.c
  conv_forward_scratch(fh: number, fw: number, ci: number, co: number): number;
  conv_forward(
    x: Ptr,
    w: Ptr,
    bias: Ptr,
    y: Ptr,
    scratch: Ptr,
    relu: number,
    ...geometry: ConvGeometryArgs
  ): void;
  conv_filter_grad_scratch(fh: number, fw: number, ci: number, co: number): number;
  conv_filter_grad(x: Ptr, dy: Ptr, dw: Ptr, scratch: Ptr, ...geometry: ConvGeometryArgs): void;
  conv_input_grad_scratch(fh: number, fw: number, ci: number, co: number): number;
  conv_input_grad(dy: Ptr, filter: Ptr, dx: Ptr, scratch: Ptr, ...geometry: ConvGeometryArgs): void;
  depthwise_filter_grad_scratch(fh: number, fw: number, ci: number, mult: number): number;
  /** Geometry as ConvGeometryArgs with the channel multiplier in co's place. */
  depthwise_filter_grad(x: Ptr, dy: Ptr, dw: Ptr, scratch: Ptr, ...geometry: ConvGeometryArgs): void;
  // rnn.c
  lstm_scratch(b: number, t: number, d: number, u: number): number;
  lstm_forward(
    x: Ptr,
    w: Ptr,
    r: Ptr,
    bias: Ptr,
    y: Ptr,
    gates: Ptr,
    cells: Ptr,
    hs: Ptr,
    scratch: Ptr,
    ...dims: RnnDims
  ): void;
  lstm_backward(
    dy: Ptr,
    x: Ptr,
    w: Ptr,
    r: Ptr,
    gates: Ptr,
    cells: Ptr,
    hs: Ptr,
    dx: Ptr,
    dw: Ptr,
    dr: Ptr,
    db: Ptr,
    scratch: Ptr,
    ...dims: RnnDims
  ): void;
  gru_scratch(b: number, t: number, d: number, u: number): number;
  gru_forward(
    x: Ptr,
    w: Ptr,
    r: Ptr,
    bias: Ptr,
    y: Ptr,
    gates: Ptr,
    hs: Ptr,
    scratch: Ptr,
    ...dims: RnnDims
  ): void;
  gru_backward(
    dy: Ptr,
    x: Ptr,
    w: Ptr,
    r: Ptr,
    gates: Ptr,
    hs: Ptr,
    dx: Ptr,
    dw: Ptr,
    dr: Ptr,
    db: Ptr,
    scratch: Ptr,
    ...dims: RnnDims
  ): void;
}

let compiled: WebAssembly.Module | null | undefined;
const instances = new WeakMap<object, SimdKernels>();

function compile(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    compiled = new WebAssembly.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
  } catch {
    // No wasm SIMD in this engine: callers fall back to their portable paths.
    compiled = null;
  }
  return compiled;
}

function backendMemory(backend: WasmBackend): WebAssembly.Memory | null {
  const asm = (backend.wasm as unknown as { asm?: { memory?: unknown } }).asm;
  return asm?.memory instanceof WebAssembly.Memory ? asm.memory : null;
}

/** Whether LayerLab's SIMD kernels will run, and why not, in words (for the status bar and doctor). */
export function simdKernelsStatus(): { on: boolean; reason: string } {
  if (process.env.LAYERLAB_SIMD_KERNELS === '0')
    return { on: false, reason: 'off (LAYERLAB_SIMD_KERNELS=0)' };
  if (!compile()) return { on: false, reason: 'unavailable: this engine has no WebAssembly SIMD' };
  return { on: true, reason: 'on' };
}

/** The SIMD kernels bound to this backend's heap, or null where they cannot run (see above). */
export function simdKernels(backend: WasmBackend): SimdKernels | null {
  if (process.env.LAYERLAB_SIMD_KERNELS === '0') return null;
  const known = instances.get(backend);
  if (known) return known;
  const module = compile();
  const memory = backendMemory(backend);
  if (!module || !memory) return null;
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const kernels = instance.exports as unknown as SimdKernels;
  instances.set(backend, kernels);
  return kernels;
}

/** A tensor's byte address in the backend's heap. */
export function addr(backend: WasmBackend, info: TensorInfo): number {
  const data = backend.dataIdMap.get(info.dataId);
  if (!data) throw new Error('LayerLab SIMD kernel given a tensor the wasm backend does not hold.');
  return data.memoryOffset;
}

/**
 * Runs `use` with a temporary heap buffer of `floats` 4-byte slots (allocated through the backend, so
 * it never collides with tensors) and frees it afterwards.
 */
export function withScratch<T>(backend: WasmBackend, floats: number, use: (at: number) => T): T {
  const tmp = backend.makeOutput([Math.max(1, floats)], 'float32');
  try {
    return use(addr(backend, tmp));
  } finally {
    backend.disposeData(tmp.dataId);
  }
}
