import { afterEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { activateBackend, describeLoadError, detectBackends, resolvePin } from './backend';
import { describeWebGpuLoadError } from './webgpu';

const real = (pkg: string) => import(/* @vite-ignore */ pkg);
const byName = (r: Awaited<ReturnType<typeof detectBackends>>, n: string) =>
  r.candidates.find((c) => c.name === n)!;

function fakeLoad(native: Record<string, Error | 'ok' | object>) {
  return async (pkg: string) => {
    const v = native[pkg];
    if (v === undefined) return real(pkg);
    if (v === 'ok') return {};
    if (v instanceof Error) throw v;
    return v;
  };
}

/** A stand-in for the `webgpu` package (Dawn) that reports one adapter, or none. */
function fakeDawn(info: Record<string, unknown> | null) {
  const adapter = info && { info, features: new Set<string>(), limits: {}, requestDevice: async () => ({}) };
  return { create: () => ({ requestAdapter: async () => adapter }), globals: {} };
}
const NVIDIA = { vendor: 'nvidia', architecture: 'ada-lovelace', description: 'NVIDIA GeForce RTX 4090', isFallbackAdapter: false };
const LAVAPIPE = {
  vendor: 'mesa',
  architecture: 'software',
  description: 'llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)',
  isFallbackAdapter: true,
};
/** No Dawn here, whatever this machine has: the cases that do not concern webgpu stay machine-independent. */
const noDawn = { webgpu: Object.assign(new Error("Cannot find package 'webgpu'"), { code: 'ERR_MODULE_NOT_FOUND' }) };

describe('detectBackends', () => {
  it('here: native packages are not installed, so wasm is used (a software WebGPU adapter is not chosen)', async () => {
    const r = await detectBackends({ env: {} });
    expect(r.candidates.map((c) => c.name)).toEqual(['tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu']);
    // Whatever Dawn finds on this machine: with lavapipe it is available but not used; without it, unavailable.
    const webgpu = byName(r, 'webgpu');
    if (webgpu.available) expect(webgpu.reason).toMatch(/^software adapter present \(.+\), not used by default/);
    else expect(webgpu.reason).not.toMatch(/^used/);
    expect(byName(r, 'tensorflow-gpu')).toMatchObject({
      available: false,
      reason: 'tfjs-node-gpu is not installed',
    });
    expect(byName(r, 'tensorflow')).toMatchObject({ available: false, reason: 'tfjs-node is not installed' });
    expect(r.active).toBe('wasm');
    expect(r.pinned).toBeNull();
    expect(byName(r, 'wasm').reason).toMatch(/^used: /);
    expect(byName(r, 'cpu')).toMatchObject({ available: true, reason: 'available, but wasm ranks higher' });
  });

  it('does not call wasm single-threaded when training splits batches across worker threads', async () => {
    const saved = process.env.LAYERLAB_TRAIN_WORKERS;
    try {
      process.env.LAYERLAB_TRAIN_WORKERS = '3';
      const wasm = byName(await detectBackends(), 'wasm').reason;
      expect(wasm).not.toMatch(/single-threaded/);
      expect(wasm).toContain('across 3 worker threads');
      process.env.LAYERLAB_TRAIN_WORKERS = '1';
      expect(byName(await detectBackends(), 'wasm').reason).toContain('training runs on one thread');
    } finally {
      if (saved === undefined) delete process.env.LAYERLAB_TRAIN_WORKERS;
      else process.env.LAYERLAB_TRAIN_WORKERS = saved;
    }
  });

  it('honours a pin to an available backend', async () => {
    const r = await detectBackends({ pinned: 'cpu' });
    expect(r.active).toBe('cpu');
    expect(r.pinned).toBe('cpu');
    expect(byName(r, 'cpu').reason).toMatch(/^pinned by the user to cpu/);
    expect(byName(r, 'wasm').reason).toBe('available, but the user pinned cpu');
  });

  it('says when the pinned backend is unavailable and uses the best one left', async () => {
    const r = await detectBackends({ pinned: 'tensorflow-gpu' });
    expect(r.active).toBe('wasm');
    expect(byName(r, 'tensorflow-gpu').reason).toBe(
      'pinned by the user, but unavailable: tfjs-node-gpu is not installed',
    );
    expect(byName(r, 'wasm').reason).toContain('the pinned tensorflow-gpu is unavailable');
  });

  it('simulated: CUDA library missing, tfjs-node present', async () => {
    const r = await detectBackends({
      load: fakeLoad({
        '@tensorflow/tfjs-node-gpu': new Error(
          'libcudart.so.11.0: cannot open shared object file: No such file or directory\n    at Module._extensions',
        ),
        '@tensorflow/tfjs-node': 'ok',
      }),
    });
    expect(byName(r, 'tensorflow-gpu')).toMatchObject({
      available: false,
      reason: 'failed to load: libcudart.so.11.0: cannot open shared object file: No such file or directory',
    });
    expect(r.active).toBe('tensorflow');
    expect(byName(r, 'tensorflow').reason).toBe('used: tfjs-node loaded');
    expect(byName(r, 'wasm').reason).toBe('available, but tensorflow ranks higher');
  });

  it('simulated: tfjs-node-gpu present means tfjs-node is not loaded as well', async () => {
    const r = await detectBackends({
      load: fakeLoad({ '@tensorflow/tfjs-node-gpu': 'ok', '@tensorflow/tfjs-node': 'ok' }),
    });
    expect(r.active).toBe('tensorflow-gpu');
    expect(byName(r, 'tensorflow')).toMatchObject({
      available: false,
      reason: 'not needed: tfjs-node-gpu is already loaded',
    });
  });

  it('simulated: a hardware GPU adapter is used, and named', async () => {
    const r = await detectBackends({ env: {}, load: fakeLoad({ webgpu: fakeDawn(NVIDIA) }) });
    expect(r.active).toBe('webgpu');
    expect(byName(r, 'webgpu')).toMatchObject({
      available: true,
      reason: 'used: adapter: nvidia ada-lovelace, NVIDIA GeForce RTX 4090',
      adapter: { vendor: 'nvidia', architecture: 'ada-lovelace', description: 'NVIDIA GeForce RTX 4090', software: false },
    });
    expect(byName(r, 'wasm').reason).toBe('available, but webgpu ranks higher');
  });

  it('simulated: a software adapter (lavapipe) is present but not chosen over wasm, and says why', async () => {
    const r = await detectBackends({ env: {}, load: fakeLoad({ webgpu: fakeDawn(LAVAPIPE) }) });
    expect(r.active).toBe('wasm');
    const webgpu = byName(r, 'webgpu');
    expect(webgpu.available).toBe(true);
    expect(webgpu.adapter?.software).toBe(true);
    expect(webgpu.reason).toBe(
      'software adapter present (mesa software, llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)), not used by default: it runs on the CPU and ' +
        'trains slower than wasm; pin it (--backend webgpu, LAYERLAB_BACKEND=webgpu, or the backend picker) to check the GPU code path',
    );
  });

  it('simulated: a software adapter without the fallback flag is still recognised by its name', async () => {
    const swiftshader = { vendor: 'google', architecture: '', description: 'SwiftShader Device (Subzero)' };
    const r = await detectBackends({ env: {}, load: fakeLoad({ webgpu: fakeDawn(swiftshader) }) });
    expect(r.active).toBe('wasm');
    expect(byName(r, 'webgpu').adapter?.software).toBe(true);
  });

  it('a software adapter is used when pinned, by the settings or by LAYERLAB_BACKEND', async () => {
    const load = fakeLoad({ webgpu: fakeDawn(LAVAPIPE) });
    const bySetting = await detectBackends({ pinned: 'webgpu', env: {}, load });
    expect(bySetting.active).toBe('webgpu');
    expect(byName(bySetting, 'webgpu').reason).toMatch(/^pinned by the user to webgpu; adapter: mesa software, llvmpipe/);
    const byEnv = await detectBackends({ pinned: 'cpu', env: { LAYERLAB_BACKEND: 'webgpu' }, load });
    expect(byEnv).toMatchObject({ active: 'webgpu', pinned: 'webgpu' });
  });

  it('simulated: no adapter, or Dawn missing or broken, says so in words and falls to wasm', async () => {
    const none = await detectBackends({ env: {}, load: fakeLoad({ webgpu: fakeDawn(null) }) });
    expect(byName(none, 'webgpu')).toMatchObject({ available: false });
    expect(byName(none, 'webgpu').reason).toMatch(/^no WebGPU adapter: Dawn found no Vulkan, Metal or D3D12 device/);
    const missing = await detectBackends({ env: {}, load: fakeLoad(noDawn) });
    expect(byName(missing, 'webgpu').reason).toBe('webgpu is not installed (it is an optional dependency)');
    expect(missing.active).toBe('wasm');
    const pinnedMissing = await detectBackends({ pinned: 'webgpu', env: {}, load: fakeLoad(noDawn) });
    expect(pinnedMissing.active).toBe('wasm');
    expect(byName(pinnedMissing, 'webgpu').reason).toBe(
      'pinned by the user, but unavailable: webgpu is not installed (it is an optional dependency)',
    );
  });

  it("describes a dawn.node that cannot load (the N-API module) in one line", () => {
    const dlopen = Object.assign(
      new Error('/app/node_modules/webgpu/dist/linux-x64/dawn.node: cannot open shared object file: libvulkan.so.1\n  at Module._extensions'),
      { code: 'ERR_DLOPEN_FAILED' },
    );
    expect(describeWebGpuLoadError(dlopen)).toBe(
      "Dawn's native module (dawn.node) could not load on this system: /app/node_modules/webgpu/dist/linux-x64/dawn.node: cannot open shared object file: libvulkan.so.1",
    );
  });

  it('LAYERLAB_BACKEND overrides the settings and rejects an unknown name in words', () => {
    expect(resolvePin('cpu', { LAYERLAB_BACKEND: 'webgpu' })).toBe('webgpu');
    expect(resolvePin('cpu', {})).toBe('cpu');
    expect(resolvePin(null, { LAYERLAB_BACKEND: ' ' })).toBeNull();
    expect(() => resolvePin(null, { LAYERLAB_BACKEND: 'cuda' })).toThrow(
      'LAYERLAB_BACKEND is "cuda", which is not a backend; use one of tensorflow-gpu, tensorflow, webgpu, wasm, cpu',
    );
  });

  it('describes load errors in one line', () => {
    const missing = Object.assign(
      new Error("Cannot find package '@tensorflow/tfjs-node' imported from /x.js"),
      { code: 'ERR_MODULE_NOT_FOUND' },
    );
    expect(describeLoadError('@tensorflow/tfjs-node', missing)).toBe('tfjs-node is not installed');
    const dep = Object.assign(new Error("Cannot find module 'node-pre-gyp'\nRequire stack: ..."), {
      code: 'MODULE_NOT_FOUND',
    });
    expect(describeLoadError('@tensorflow/tfjs-node', dep)).toBe(
      "failed to load: Cannot find module 'node-pre-gyp'",
    );
  });
});

describe('activateBackend', () => {
  afterEach(() => {
    if (tf.findBackendFactory('tensorflow')) tf.removeBackend('tensorflow');
  });

  it('activates wasm with the training kernels', async () => {
    const r = await detectBackends();
    expect(await activateBackend(r)).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeDefined();
  });

  it('activates a pinned cpu', async () => {
    expect(await activateBackend(await detectBackends({ pinned: 'cpu' }))).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });

  it('simulated: activates the native backend the package registered', async () => {
    tf.registerBackend('tensorflow', tf.findBackendFactory('cpu')!, 0);
    const r = await detectBackends({
      load: fakeLoad({ '@tensorflow/tfjs-node-gpu': new Error('no CUDA'), '@tensorflow/tfjs-node': 'ok' }),
    });
    expect(await activateBackend(r)).toBe('tensorflow');
    expect(tf.getBackend()).toBe('tensorflow');
  });

  it('simulated: falls down the ladder when the native backend does not start, and says so', async () => {
    const r = await detectBackends({ load: fakeLoad({ '@tensorflow/tfjs-node-gpu': 'ok' }) });
    expect(r.active).toBe('tensorflow-gpu');
    expect(await activateBackend(r)).toBe('wasm');
    expect(r.active).toBe('wasm');
    expect(byName(r, 'tensorflow-gpu')).toMatchObject({
      available: false,
      reason: "failed to start: tfjs-node-gpu did not register the 'tensorflow' backend",
    });
    expect(byName(r, 'wasm').reason).toContain('fell back to wasm');
    expect(tf.getBackend()).toBe('wasm');
  });
});
