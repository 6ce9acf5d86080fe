/**
 * The WebGPU rung: Dawn's Node bindings (the `webgpu` npm package, a prebuilt N-API `dawn.node`) give this
 * process a GPU adapter on Vulkan, Metal or D3D12, and @tensorflow/tfjs-backend-webgpu runs tfjs on it.
 *
 * Both packages are optionalDependencies. This module loads them, asks Dawn for an adapter and says in
 * plain words what it found: a hardware GPU (used automatically), a software device (Mesa's lavapipe,
 * SwiftShader: it runs on the CPU and is slower than wasm, so it is used only when pinned), or nothing.
 *
 * We register the tfjs 'webgpu' backend ourselves, on the adapter we probed, instead of letting the
 * package register itself from `navigator.gpu`: Node 20 has no navigator, and a global one would also
 * make tfjs pick webgpu by priority on paths that never chose it.
 */
import * as tf from '@tensorflow/tfjs';
import type { GpuAdapterInfo } from '../../shared/api/types';
import { adapterText } from '../../shared/gpu-adapter';

/** The parts of the `webgpu` package (Dawn) that we use. */
interface DawnModule {
  create(flags: string[]): GpuLike;
  globals: Record<string, unknown>;
}
interface GpuLike {
  requestAdapter(opts?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<AdapterLike | null>;
}
interface AdapterLike {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
  features: ReadonlySet<string>;
  limits: Record<string, number>;
  requestDevice(desc?: unknown): Promise<unknown>;
}

export type WebGpuProbe =
  | { ok: true; adapter: GpuAdapterInfo; reason: string }
  | { ok: false; reason: string; adapter?: GpuAdapterInfo };

/** Software implementations of a GPU: present on machines with no GPU, slower than wasm for training. */
const SOFTWARE = /llvmpipe|lavapipe|swiftshader|software|microsoft basic render/i;

/** Reads what Dawn says about an adapter, and whether it is a software device. */
export function describeAdapter(adapter: AdapterLike): GpuAdapterInfo {
  const info = adapter.info ?? {};
  const vendor = info.vendor || 'unknown vendor';
  const architecture = info.architecture || '';
  const description = info.description || info.device || '';
  const software =
    Boolean(info.isFallbackAdapter || adapter.isFallbackAdapter) ||
    SOFTWARE.test(`${architecture} ${description} ${info.device ?? ''}`);
  return { vendor, architecture, description, software };
}

export { adapterText };

let dawn: { gpu: GpuLike; adapter: AdapterLike } | null = null;

/**
 * Loads Dawn and tfjs-backend-webgpu and asks for the best adapter. `load` is the same package loader
 * the ladder uses (tests pass a fake one).
 */
export async function probeWebGpu(load: (pkg: string) => Promise<unknown>): Promise<WebGpuProbe> {
  let mod: DawnModule;
  try {
    mod = (await load('webgpu')) as DawnModule;
  } catch (err) {
    return { ok: false, reason: describeWebGpuLoadError(err) };
  }
  if (typeof mod?.create !== 'function') {
    return { ok: false, reason: 'the webgpu package loaded but has no create() (an unexpected version)' };
  }
  // Dawn logs to stderr and reads XDG_RUNTIME_DIR; an unset one only produces warnings.
  let adapter: AdapterLike | null;
  let gpu: GpuLike;
  try {
    // The GPU* constants (GPUBufferUsage, GPUMapMode, …) that tfjs-backend-webgpu reads as globals.
    for (const [k, v] of Object.entries(mod.globals ?? {})) {
      if (!(k in globalThis)) (globalThis as Record<string, unknown>)[k] = v;
    }
    gpu = mod.create([]);
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (err) {
    return { ok: false, reason: `Dawn could not list GPU adapters: ${firstLine(err)}` };
  }
  if (!adapter) {
    return {
      ok: false,
      reason:
        'no WebGPU adapter: Dawn found no Vulkan, Metal or D3D12 device (on Linux, install a Vulkan driver such as mesa-vulkan-drivers)',
    };
  }
  const info = describeAdapter(adapter);
  try {
    await load('@tensorflow/tfjs-backend-webgpu');
  } catch (err) {
    return { ok: false, adapter: info, reason: `an adapter is present (${adapterText(info)}) but ${describeWebGpuLoadError(err)}` };
  }
  dawn = { gpu, adapter };
  return { ok: true, adapter: info, reason: `adapter: ${adapterText(info)}` };
}

/**
 * Registers tfjs's 'webgpu' backend on the adapter probeWebGpu found (once per process). Returns false
 * when there is nothing to register on.
 */
export async function registerWebGpuBackend(): Promise<boolean> {
  if (tf.findBackendFactory('webgpu')) return true;
  if (!dawn) return false;
  const { WebGPUBackend } = (await import('@tensorflow/tfjs-backend-webgpu')) as unknown as {
    WebGPUBackend: new (device: unknown, info?: unknown) => tf.KernelBackend;
  };
  const { adapter, gpu } = dawn;
  tf.registerBackend(
    'webgpu',
    async () => {
      // The same device request tfjs-backend-webgpu makes when it registers itself.
      const limits = adapter.limits;
      const requiredFeatures = adapter.features.has('timestamp-query') ? ['timestamp-query'] : [];
      const device = await adapter.requestDevice({
        requiredFeatures,
        requiredLimits: {
          maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
          maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
          maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
          maxBufferSize: limits.maxBufferSize,
          maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
          maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
        },
      });
      // WebGPUBackend's constructor insists on navigator.gpu. Set it only now, after the package's own
      // import-time registration (which would have registered 'webgpu' with tfjs priority) is past.
      exposeNavigatorGpu(gpu);
      return new WebGPUBackend(device, adapter.info);
    },
    // Lowest priority: tfjs never picks webgpu by itself, only when the ladder switches to it.
    0,
  );
  return true;
}

function exposeNavigatorGpu(gpu: GpuLike): void {
  const g = globalThis as { navigator?: { gpu?: unknown } };
  if (!g.navigator) g.navigator = {};
  if (!g.navigator.gpu) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
}

function firstLine(err: unknown): string {
  const message = String((err as Error)?.message ?? err ?? 'unknown error');
  return (message.split('\n').find((l) => l.trim()) ?? message).trim();
}

/** A load failure of Dawn's N-API module or of tfjs-backend-webgpu, in one plain line. */
export function describeWebGpuLoadError(err: unknown): string {
  const e = err as { code?: string; message?: string } | null;
  const message = String(e?.message ?? err ?? '');
  const missing = /Cannot find (module|package) '(webgpu|@tensorflow\/tfjs-backend-webgpu)'/.exec(message);
  if (missing || e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND') {
    const pkg = missing?.[2] ?? (message.includes('tfjs-backend-webgpu') ? 'tfjs-backend-webgpu' : 'webgpu');
    return `${pkg.replace('@tensorflow/', '')} is not installed (it is an optional dependency)`;
  }
  if (e?.code === 'ERR_DLOPEN_FAILED' || /dawn\.node|\.node:|invalid ELF|wrong ELF|GLIBC_/.test(message)) {
    return `Dawn's native module (dawn.node) could not load on this system: ${firstLine(err)}`;
  }
  return `failed to load: ${firstLine(err)}`;
}
