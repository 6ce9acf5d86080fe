/**
 * A WebGPU adapter in words, for every place that names it: doctor and the backend report (main), the
 * status bar and the experiment page (renderer), the bench.
 */
import type { GpuAdapterInfo } from './api/types';

/** "mesa software, llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)": vendor, architecture and description in one line. */
export function adapterText(a: GpuAdapterInfo): string {
  const head = [a.vendor, a.architecture].filter(Boolean).join(' ');
  return a.description ? `${head}, ${a.description}` : head;
}

/**
 * The adapter and what kind of device it is, for a person: a software one (lavapipe, SwiftShader) runs
 * on the CPU, so its speed says nothing about a GPU.
 */
export function adapterWords(a: GpuAdapterInfo): string {
  return `${adapterText(a)} (${a.software ? 'software: a GPU emulated on the CPU, not a real GPU' : 'GPU'})`;
}

/** "WebGPU (Dawn, tfjs-backend-webgpu) on nvidia hopper, NVIDIA H200 (GPU)"; the label alone without an adapter. */
export function backendWithAdapter(label: string, adapter: GpuAdapterInfo | null | undefined): string {
  return adapter ? `${label} on ${adapterWords(adapter)}` : label;
}
