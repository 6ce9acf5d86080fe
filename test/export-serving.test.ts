import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '../src/shared/api/client';
import { inProcessTransport } from '../src/main/transport/in-process';
import { compileGraph } from '../src/main/engine/compile';
import { saveModelFiles } from '../src/main/engine/model-files';
import { loadIdxSplit, mnistDir } from '../src/main/engine/data/mnist';
import { mnistCnn } from '../src/shared/templates';
import { tempHost } from './helpers';

await tf.setBackend('wasm');
const { host, dataDir, cleanup } = tempHost();
const api = createClient(inProcessTransport(host.handlers, host.bus));
const out = mkdtempSync(join(tmpdir(), 'layerlab-exports-'));
afterAll(() => {
  cleanup();
  rmSync(out, { recursive: true, force: true });
});

/** A draft experiment with a (random-init) model in place of a finished run. */
async function experimentWithModel() {
  const exp = await api.call('experiments.create', {
    name: 'Digits CNN',
    graph: mnistCnn.graph,
    datasetId: 'builtin:mnist',
  });
  const model = compileGraph(mnistCnn.graph);
  await saveModelFiles(model, join(dataDir, 'experiments', exp.id, 'model'));
  return { id: exp.id, model };
}

describe('experiments.export, serving and models.importTfjs through the contract', () => {
  it('exports ONNX with a passing parity report, stored with the experiment', async () => {
    const { id } = await experimentWithModel();
    const r = await api.call('experiments.export', { id, format: 'onnx', directory: join(out, 'onnx') });
    expect(r.parity).toMatchObject({ source: 'test split', samples: 200, top1Agreement: 1, passed: true });
    expect(r.parity!.maxAbsDiff).toBeLessThan(1e-4);
    const prep = JSON.parse(readFileSync(join(out, 'onnx', 'preprocessing.json'), 'utf8'));
    expect(prep).toMatchObject({
      inputShape: [28, 28, 1],
      scaling: { divideBy: 255 },
      labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    });
    await api.call('experiments.export', { id, format: 'keras', directory: join(out, 'keras') });
    const stored = await api.call('experiments.exports', { id });
    expect(stored.map((e) => e.format)).toEqual(['keras', 'onnx']);
    expect(stored[1].parity!.passed).toBe(true);
  });

  it('serves a model over TF-Serving REST with the same predictions as the app', async () => {
    const { id, model } = await experimentWithModel();
    const s = await api.call('serving.start', { id, token: true });
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    expect(s.curl).toContain(`${s.url}/v1/models/${s.name}:classify`);
    expect(s.curl).toContain(`Bearer ${s.token}`);
    const x = loadIdxSplit(mnistDir(), 't10k', 2).x;
    const res = await fetch(`${s.url}/v1/models/${s.name}:predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` },
      body: JSON.stringify({ instances: [Array.from(x.subarray(0, 784)), Array.from(x.subarray(784))] }),
    });
    const { predictions } = (await res.json()) as { predictions: number[][] };
    const expected = (model.predict(tf.tensor(x, [2, 28, 28, 1])) as tf.Tensor).arraySync() as number[][];
    predictions.flat().forEach((p, i) => expect(Math.abs(p - expected.flat()[i])).toBeLessThan(1e-5));
    expect((await api.call('serving.status', {}))[0]).toMatchObject({ id, predictions: 2 });
    expect(await api.call('serving.stop', { id })).toEqual({ stopped: true });
    expect(await api.call('serving.status', {})).toEqual([]);
  });

  it('refuses a TF.js folder whose manifest points outside it, before reading weights', async () => {
    const dir = join(out, 'hostile');
    await saveModelFiles(compileGraph(mnistCnn.graph), dir);
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    json.weightsManifest[0].paths = ['../../etc/passwd'];
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    await expect(api.call('models.importTfjs', { directory: dir, name: 'evil' })).rejects.toThrow(
      /must be a plain file name inside the model folder/,
    );
    expect(await api.call('models.list', {})).toEqual([]);
  });

  it('imports a TF.js folder and serves it', async () => {
    const dir = join(out, 'import-me');
    await saveModelFiles(compileGraph(mnistCnn.graph), dir);
    const m = await api.call('models.importTfjs', { directory: dir, name: 'Outside CNN' });
    expect(m).toMatchObject({ inputShape: [28, 28, 1], outputShape: [10], paramCount: 121930 });
    const s = await api.call('serving.start', { id: m.id });
    const status = await fetch(`${s.url}/v1/models/outside-cnn`);
    expect(status.status).toBe(200);
    await api.call('serving.stop', { id: m.id });
  });
});
