/**
 * Issue 16, item 1: in the web host, Export and "Serve" failed with tfjs's raw "The highest priority
 * backend 'wasm' has not yet been initialized" whenever the backend report had been asked for first, which
 * the UI does at load. This file calls the contract in the user's order and nothing else: it never touches
 * tfjs itself (no setBackend, no compile, no model saved here), so the host's process is in the same state
 * as the web host's. The model comes from a real (tiny, one-epoch) training run in a trainer process.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '../src/shared/api/client';
import { inProcessTransport } from '../src/main/transport/in-process';
import { chain } from '../src/shared/templates';
import { tempHost, waitFor } from './helpers';

const t = tempHost();
const api = createClient(inProcessTransport(t.host.handlers, t.host.bus));
const out = mkdtempSync(join(tmpdir(), 'layerlab-backend-order-'));
afterAll(async () => {
  for (const s of await api.call('serving.status', {})) await api.call('serving.stop', { id: s.id });
  t.cleanup();
  rmSync(out, { recursive: true, force: true });
});

const { graph, layout } = chain([
  { kind: 'InputImage', name: 'in', params: { height: 28, width: 28, channels: 1 } },
  { kind: 'Flatten', name: 'flat', params: {} },
  { kind: 'Output', name: 'out', params: { classes: 10, activation: 'softmax', loss: 'sparseCategoricalCrossentropy' } },
]);

describe('export and serving work after the backend report was asked for (the UI order)', () => {
  it('system.backends, then a trained model exports to ONNX and is served', async () => {
    // What the page does at load, before anything else.
    const report = await api.call('system.backends', {});
    expect(report.candidates.find((c) => c.name === 'wasm')?.available).toBe(true);

    const exp = await api.call('experiments.create', {
      name: 'Tiny digits',
      graph,
      layout,
      datasetId: 'builtin:mnist',
      hyperparams: { epochs: 1, trainLimit: 300, testLimit: 200, batchSize: 50 },
    });
    await api.call('training.start', { id: exp.id });
    const done = await waitFor(
      () => t.host.repos.experiments.get(exp.id)?.status !== 'running' && t.host.repos.experiments.get(exp.id),
      180_000,
      'the training run',
    );
    expect(done.status, done.error ?? '').toBe('completed');

    const onnx = await api.call('experiments.export', { id: exp.id, format: 'onnx', directory: join(out, 'onnx') });
    expect(onnx.files.some((f) => f.endsWith('.onnx'))).toBe(true);
    expect(onnx.parity?.passed).toBe(true);

    const served = await api.call('serving.start', { id: exp.id });
    const res = await fetch(`${served.url}/v1/models/${served.name}:predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ instances: [new Array(784).fill(0)] }),
    });
    expect(res.status).toBe(200);
    const { predictions } = (await res.json()) as { predictions: number[][] };
    expect(predictions[0]).toHaveLength(10);
    expect(predictions[0].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  });
});
