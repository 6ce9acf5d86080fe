/** Test helpers: run the same kernel on wasm and cpu and compare (used by the *.test.ts files here). */
import { afterAll, beforeAll, describe } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { registerWasmTrainingKernels } from './index';

export interface Spec {
  shape: number[];
  dtype?: 'float32' | 'int32';
  values?: number[];
}

let seed = 1234;
function rand(): number {
  // Deterministic LCG so failures reproduce.
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
}
export function randomValues(n: number): number[] {
  return Array.from({ length: n }, () => rand() * 2 - 1);
}

export async function onBackend<T>(name: 'wasm' | 'cpu', f: () => T): Promise<T> {
  if (name === 'wasm') registerWasmTrainingKernels();
  await tf.setBackend(name);
  await tf.ready();
  return f();
}

/** Runs kernelName with the given inputs on a backend and returns the output's values and shape. */
export async function runOn(
  backend: 'wasm' | 'cpu',
  kernelName: string,
  inputs: Record<string, Spec>,
  attrs: Record<string, unknown>,
): Promise<{ shape: number[]; values: Float32Array | Int32Array }> {
  return onBackend(backend, () => {
    const ts: Record<string, tf.Tensor> = {};
    for (const [k, s] of Object.entries(inputs)) {
      const size = s.shape.reduce((a, b) => a * b, 1);
      ts[k] = tf.tensor(s.values ?? randomValuesFixed(k, size), s.shape, s.dtype ?? 'float32');
    }
    const out = tf
      .engine()
      .runKernel(kernelName, ts as tf.NamedTensorMap, attrs as tf.NamedAttrMap) as tf.Tensor;
    const res = { shape: out.shape.slice(), values: out.dataSync() as Float32Array | Int32Array };
    tf.dispose([out, ...Object.values(ts)]);
    return res;
  });
}

// Each named input gets values fixed per (name, size) so both backends see the same data.
const cache = new Map<string, number[]>();
function randomValuesFixed(name: string, size: number): number[] {
  const key = `${name}:${size}`;
  if (!cache.has(key)) cache.set(key, randomValues(size));
  return cache.get(key)!;
}
export function resetRandomCache(): void {
  cache.clear();
  seed = 1234;
}

/** Largest |a − b| / max(1, |b|). */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!));
    if (!(d <= worst)) worst = Number.isNaN(d) ? Infinity : Math.max(worst, d);
  }
  return worst;
}

const cpuResults = new Map<string, { shape: number[]; values: Float32Array | Int32Array }>();

export async function compareKernel(
  kernelName: string,
  inputs: Record<string, Spec>,
  attrs: Record<string, unknown>,
): Promise<{ diff: number; shape: number[]; cpuShape: number[]; scale: number }> {
  // The inputs are a function of (inputs, attrs) alone, so the (slow) cpu reference is computed once
  // even when a suite runs twice (SIMD and portable wasm paths).
  const key = JSON.stringify([kernelName, inputs, attrs]);
  resetRandomCache();
  let c = cpuResults.get(key);
  if (!c) cpuResults.set(key, (c = await runOn('cpu', kernelName, inputs, attrs)));
  resetRandomCache();
  const w = await runOn('wasm', kernelName, inputs, attrs);
  let scale = 0;
  for (const v of c.values) scale = Math.max(scale, Math.abs(v));
  return { diff: maxRelDiff(w.values, c.values), shape: w.shape, cpuShape: c.shape, scale };
}

/** Relative tolerance of the kernel comparisons with the cpu backend. */
export const KERNEL_TOL = 1e-4;

/**
 * Declares `body`'s tests twice: through LayerLab's SIMD kernels (simd/src) and through the portable paths
 * (XNNPACK routes and JS loops) that engines without wasm SIMD, or LAYERLAB_SIMD_KERNELS=0, use.
 */
export function onBothPaths(title: string, body: () => void): void {
  describe.each([
    { path: 'SIMD kernels', env: undefined },
    { path: 'portable paths', env: '0' },
  ])(`${title} ($path)`, ({ env }) => {
    beforeAll(() => {
      if (env) process.env.LAYERLAB_SIMD_KERNELS = env;
    });
    afterAll(() => {
      delete process.env.LAYERLAB_SIMD_KERNELS;
    });
    body();
  });
}
