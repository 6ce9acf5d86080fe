import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { LaunchTrainer } from '../src/main/engine/launch-child';
import type { HostMessage, TrainerMessage } from '../src/main/engine/protocol';
import { inProcessTransport } from '../src/main/transport/in-process';
import { activeAdapter } from '../src/main/services/training';
import { readAdapter } from '../src/main/services/experiments';
import { createClient } from '../src/shared/api/client';
import type { BackendReport, GpuAdapterInfo } from '../src/shared/api/types';
import { adapterWords, backendWithAdapter } from '../src/shared/gpu-adapter';
import { backendSummary } from '../src/renderer/src/ui/backend-summary';
import { detectBackends } from '../src/main/engine/backend';
import { tabularMlp } from '../src/shared/templates';
import { smallConvGraph, tempHost, waitFor } from './helpers';

/**
 * The experiment record says which WebGPU adapter a run trained on (and whether it was a software device),
 * in the real SQLite file, the API answer and the words the status bar and experiment page show. The
 * trainer of the first test is a stand-in that reports a backend and stops, so the record is checked on
 * any machine; the last test trains for real in the trainer process where a WebGPU adapter is present
 * (lavapipe here and in CI).
 */
const LAVAPIPE: GpuAdapterInfo = {
  vendor: 'mesa',
  architecture: 'software',
  description: 'llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)',
  software: true,
};
const report = (active: BackendReport['active'], adapter?: GpuAdapterInfo): BackendReport => ({
  active,
  pinned: active === 'webgpu' ? 'webgpu' : null,
  candidates: [
    { name: 'webgpu', label: 'WebGPU (Dawn, tfjs-backend-webgpu)', available: !!adapter, reason: 'adapter', ...(adapter ? { adapter } : {}) },
    { name: 'wasm', label: 'WebAssembly (tfjs-backend-wasm)', available: true, reason: 'loaded' },
  ],
});

/**
 * A trainer that, once started, reports `next()` as its backend, then stops as on a full disk (the run is
 * left interrupted, so it can be resumed) and exits.
 */
function reportingTrainer(next: () => BackendReport): LaunchTrainer {
  return () => {
    let onMessage: (m: TrainerMessage) => void = () => undefined;
    let onExit: (code: number | null, signal: string | null) => void = () => undefined;
    return {
      pid: undefined,
      send(msg: HostMessage) {
        if (msg.type !== 'start') return;
        setTimeout(() => {
          onMessage({ type: 'backend', report: next() });
          onMessage({ type: 'error', message: 'stopped by the test after reporting its backend', reason: 'disk-full' });
          onExit(1, null);
        }, 10);
      },
      onMessage: (cb) => void (onMessage = cb),
      onExit: (cb) => void (onExit = cb),
      kill: () => undefined,
    };
  };
}

const envs: { cleanup(): void }[] = [];
afterAll(() => envs.forEach((e) => e.cleanup()));

describe('the backend and its GPU adapter in the experiment record', () => {
  it('stores the adapter of a webgpu run, and clears it when the same run trains again on wasm', async () => {
    const reports = [report('webgpu', LAVAPIPE), report('wasm', LAVAPIPE)];
    const env = tempHost(reportingTrainer(() => reports.shift()!));
    envs.push(env);
    const api = createClient(inProcessTransport(env.host.handlers, env.host.bus));
    const exp = await api.call('experiments.create', {
      name: 'on lavapipe',
      graph: smallConvGraph,
      datasetId: 'builtin:mnist',
      hyperparams: { epochs: 1, trainLimit: 64, testLimit: 32 },
    });
    await api.call('training.start', { id: exp.id });
    await waitFor(() => env.host.repos.experiments.get(exp.id)?.status === 'interrupted', 10_000, 'the stand-in trainer to stop');

    const row = env.host.repos.experiments.get(exp.id)!;
    expect(row.backend).toBe('webgpu');
    expect(JSON.parse(row.backend_adapter!)).toEqual(LAVAPIPE);
    const detail = await api.call('experiments.get', { id: exp.id });
    expect(detail).toMatchObject({ backend: 'webgpu', backendAdapter: LAVAPIPE });
    const listed = (await api.call('experiments.list', {})).find((e) => e.id === exp.id)!;
    expect(listed.backendAdapter).toEqual(LAVAPIPE);
    expect(backendWithAdapter('WebGPU (Dawn, tfjs-backend-webgpu)', detail.backendAdapter)).toBe(
      'WebGPU (Dawn, tfjs-backend-webgpu) on mesa software, llvmpipe: Mesa 25.0.7 (LLVM 15.0.6) (software: a GPU emulated on the CPU, not a real GPU)',
    );

    // A bundle carries the adapter to another project.
    const other = tempHost();
    envs.push(other);
    const apiB = createClient(inProcessTransport(other.host.handlers, other.host.bus));
    const path = join(env.dataDir, 'lavapipe.layerlab');
    await api.call('experiments.exportBundle', { ids: [exp.id], path, includeData: false });
    const imported = (await apiB.call('experiments.importBundle', { path })).imported[0]!;
    expect((await apiB.call('experiments.get', { id: imported.id })).backendAdapter).toEqual(LAVAPIPE);

    // Resumed, it ran on wasm: no adapter is left from the first run.
    await api.call('training.resume', { id: exp.id });
    await waitFor(() => {
      const e = env.host.repos.experiments.get(exp.id);
      return e?.backend === 'wasm' && e.status === 'interrupted';
    }, 10_000, 'the resumed run');
    expect(env.host.repos.experiments.get(exp.id)!.backend_adapter).toBeNull();
    expect((await api.call('experiments.get', { id: exp.id })).backendAdapter).toBeNull();
  });

  it('takes the adapter of the backend in use only, and reads a damaged stored value as none', () => {
    expect(activeAdapter(report('webgpu', LAVAPIPE))).toEqual(LAVAPIPE);
    expect(activeAdapter(report('wasm', LAVAPIPE))).toBeNull();
    expect(readAdapter(null)).toBeNull();
    expect(readAdapter('{not json')).toBeNull();
    expect(readAdapter('{"vendor":"x"}')).toBeNull();
    expect(readAdapter(JSON.stringify(LAVAPIPE))).toEqual(LAVAPIPE);
  });

  it('the status bar names the adapter in plain words, a GPU as a GPU', () => {
    expect(backendSummary(report('webgpu', LAVAPIPE))).toEqual({
      label:
        'WebGPU (Dawn, tfjs-backend-webgpu) on mesa software, llvmpipe: Mesa 25.0.7 (LLVM 15.0.6) (software: a GPU emulated on the CPU, not a real GPU)',
      why: 'pinned by you',
    });
    expect(backendSummary(report('wasm')).label).toBe('WebAssembly (tfjs-backend-wasm)');
    expect(adapterWords({ vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H200', software: false })).toBe(
      'nvidia hopper, NVIDIA H200 (GPU)',
    );
  });
});

const webgpu = (await detectBackends({ pinned: 'webgpu', env: {} })).candidates.find((c) => c.name === 'webgpu')!;
if (!webgpu.available) console.warn(`real webgpu record test skipped: ${webgpu.reason}`);

describe.runIf(webgpu.available)('a real run pinned to webgpu', () => {
  it(`records the adapter the trainer process trained on (${webgpu.reason})`, async () => {
    const env = tempHost();
    envs.push(env);
    const api = createClient(inProcessTransport(env.host.handlers, env.host.bus));
    await api.call('system.pinBackend', { backend: 'webgpu' });
    const exp = await api.call('experiments.create', {
      name: 'iris on webgpu',
      graph: tabularMlp.graph,
      datasetId: tabularMlp.datasetId,
      hyperparams: { epochs: 1 },
    });
    await api.call('training.start', { id: exp.id });
    const done = await waitFor(() => {
      const e = env.host.repos.experiments.get(exp.id);
      return e && e.status !== 'running' && e.status !== 'draft' ? e : null;
    }, 240_000, 'the webgpu run to end');
    expect(done.error).toBeNull();
    expect(done.status).toBe('completed');
    const detail = await api.call('experiments.get', { id: exp.id });
    expect(detail.backend).toBe('webgpu');
    expect(detail.backendAdapter).toEqual(webgpu.adapter);
  }, 300_000);
});
