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

/** The exports of the module (src/*.c); every pointer is a byte address in the backend's heap. */
export interface SimdKernels {
  max_pool_grad(
    x: number,
    dy: number,
    dx: number,
    taps: number,
    n: number,
    h: number,
    w: number,
    c: number,
    oh: number,
    ow: number,
    fh: number,
    fw: number,
    sh: number,
    sw: number,
    dh: number,
    dw: number,
    top: number,
    left: number,
  ): void;
  relu_grad(dy: number, y: number, out: number, dbias: number, rows: number, c: number): void;
  avg_pool_grad(
    dy: number,
    dx: number,
    n: number,
    h: number,
    w: number,
    c: number,
    oh: number,
    ow: number,
    fh: number,
    fw: number,
    sh: number,
    sw: number,
    top: number,
    left: number,
  ): void;
  depthwise_filter_grad_scratch(fh: number, fw: number, ci: number, mult: number): number;
  depthwise_filter_grad(
    x: number,
    dy: number,
    dw: number,
    scratch: number,
    n: number,
    h: number,
    w: number,
    ci: number,
    oh: number,
    ow: number,
    mult: number,
    fh: number,
    fw: number,
    sh: number,
    sw: number,
    dh: number,
    dwl: number,
    top: number,
    left: number,
  ): void;
  sum_rows(x: number, out: number, rows: number, c: number): void;
  conv_filter_grad_scratch(fh: number, fw: number, ci: number, co: number): number;
  conv_input_grad_scratch(fh: number, fw: number, ci: number, co: number): number;
  gemm_scratch(m: number, n: number, k: number): number;
  lstm_scratch(b: number, t: number, d: number, u: number): number;
  gru_scratch(b: number, t: number, d: number, u: number): number;
  gru_forward(
    x: number,
    w: number,
    r: number,
    bias: number,
    y: number,
    gates: number,
    hs: number,
    scratch: number,
    b: number,
    t: number,
    d: number,
    u: number,
    returnSequences: number,
    hard: number,
  ): void;
  gru_backward(
    dy: number,
    x: number,
    w: number,
    r: number,
    gates: number,
    hs: number,
    dx: number,
    dw: number,
    dr: number,
    db: number,
    scratch: number,
    b: number,
    t: number,
    d: number,
    u: number,
    returnSequences: number,
    hard: number,
  ): void;
  lstm_forward(
    x: number,
    w: number,
    r: number,
    bias: number,
    y: number,
    gates: number,
    cells: number,
    hs: number,
    scratch: number,
    b: number,
    t: number,
    d: number,
    u: number,
    returnSequences: number,
    hard: number,
  ): void;
  lstm_backward(
    dy: number,
    x: number,
    w: number,
    r: number,
    gates: number,
    cells: number,
    hs: number,
    dx: number,
    dw: number,
    dr: number,
    db: number,
    scratch: number,
    b: number,
    t: number,
    d: number,
    u: number,
    returnSequences: number,
    hard: number,
  ): void;
  conv_forward_scratch(fh: number, fw: number, ci: number, co: number): number;
  conv_forward(
    x: number,
    w: number,
    bias: number,
    y: number,
    scratch: number,
    relu: number,
    ...geometry: ConvGeometryArgs
  ): void;
  adam(
    w: number,
    m: number,
    v: number,
    g: number,
    w2: number,
    m2: number,
    v2: number,
    size: number,
    lr: number,
    beta1: number,
    omb1: number,
    beta2: number,
    omb2: number,
    eps: number,
    c1: number,
    c2: number,
  ): void;
  gemm(
    a: number,
    ars: number,
    acs: number,
    b: number,
    brs: number,
    bcs: number,
    c: number,
    m: number,
    n: number,
    k: number,
    scratch: number,
  ): void;
  conv_input_grad(
    dy: number,
    filter: number,
    dx: number,
    scratch: number,
    ...geometry: ConvGeometryArgs
  ): void;
  conv_filter_grad(x: number, dy: number, dw: number, scratch: number, ...geometry: ConvGeometryArgs): void;
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
