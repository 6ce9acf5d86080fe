import { afterEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { activateBackend, describeLoadError, detectBackends } from './backend';

const real = (pkg: string) => import(/* @vite-ignore */ pkg);
const byName = (r: Awaited<ReturnType<typeof detectBackends>>, n: string) =>
  r.candidates.find((c) => c.name === n)!;

function fakeLoad(native: Record<string, Error | 'ok'>) {
  return async (pkg: string) => {
    const v = native[pkg];
    if (v === undefined) return real(pkg);
    if (v === 'ok') return {};
    throw v;
  };
}

describe('detectBackends', () => {
  it('here: native packages are not installed, so wasm is used', async () => {
    const r = await detectBackends();
    expect(r.candidates.map((c) => c.name)).toEqual(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);
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
