import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { request } from 'node:http';
import sharp from 'sharp';
import { compileGraph } from '../engine/compile';
import { mnistCnn } from '../../shared/templates';
import { loadIdxSplit, mnistDir } from '../engine/data/mnist';
import { buildPreprocessing } from '../export/preprocessing';
import { startModelServer, type ModelServer } from './server';

await tf.setBackend('wasm');
const model = compileGraph(mnistCnn.graph);
const prep = buildPreprocessing({
  inputNames: ['input'],
  inputShape: [28, 28, 1],
  kind: 'image',
  labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  recipe: { scale: '0..1' },
});
const test = loadIdxSplit(mnistDir(), 't10k', 8);
const sample = (i: number) => Array.from(test.x.subarray(i * 784, (i + 1) * 784));
let server: ModelServer;
let secured: ModelServer;
beforeAll(async () => {
  server = await startModelServer({ model, name: 'digits', preprocessing: prep, bodyLimit: 256 * 1024 });
  secured = await startModelServer({ model, name: 'digits', preprocessing: prep, token: 'sesame' });
});
afterAll(async () => {
  await server.close();
  await secured.close();
});

const post = (path: string, body: unknown, base = server.url, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('the TF-Serving-shaped model service', () => {
  it('binds 127.0.0.1, answers health and status', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const status = await (await fetch(`${server.url}/v1/models/digits`)).json();
    expect(status.model_version_status[0].state).toBe('AVAILABLE');
  });

  it(':predict answers with the same predictions as the app', async () => {
    const res = await post('/v1/models/digits:predict', { instances: [0, 1, 2].map(sample) });
    expect(res.status).toBe(200);
    const { predictions } = (await res.json()) as { predictions: number[][] };
    const expected = (
      model.predict(tf.tensor(test.x.subarray(0, 3 * 784), [3, 28, 28, 1])) as tf.Tensor
    ).arraySync() as number[][];
    expect(predictions).toHaveLength(3);
    predictions.forEach((row, i) =>
      row.forEach((p, j) => expect(Math.abs(p - expected[i][j])).toBeLessThan(1e-5)),
    );
  });

  it('batches concurrent requests together', async () => {
    const before = server.counters().batches;
    const answers = await Promise.all(
      [0, 1, 2, 3, 4, 5, 6, 7].map((i) => post('/v1/models/digits:predict', { instances: [sample(i)] })),
    );
    expect(answers.every((r) => r.status === 200)).toBe(true);
    const used = server.counters().batches - before;
    expect(used).toBeLessThan(8);
    expect(server.counters().largestBatch).toBeGreaterThan(1);
  });

  it(':classify decodes a PNG, scales it like training and returns labels with probabilities', async () => {
    const png = await sharp(
      Buffer.from(Uint8Array.from(test.x.subarray(0, 784), (v) => Math.round(v * 255))),
      {
        raw: { width: 28, height: 28, channels: 1 },
      },
    )
      .png()
      .toBuffer();
    const res = await post('/v1/models/digits:classify', { instances: [{ b64: png.toString('base64') }] });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: [string, number][][] };
    const expected = (
      model.predict(tf.tensor(test.x.subarray(0, 784), [1, 28, 28, 1])) as tf.Tensor
    ).dataSync();
    const best = expected.indexOf(Math.max(...expected));
    expect(results[0][0][0]).toBe(String(best));
    expect(Math.abs(results[0][0][1] - expected[best])).toBeLessThan(1e-5);
  });

  it('refuses malformed bodies with 400 and a message', async () => {
    const cases: [string | object, RegExp][] = [
      ['{"instances": [1, 2', /not valid JSON/],
      [{ nothing: [] }, /"instances" list/],
      [{ instances: [] }, /empty/],
      [{ instances: [[1, 2, 3]] }, /needs 784 numbers; got 3/],
      [{ instances: [sample(0).map((v, i) => (i === 5 ? 'x' : v))] }, /finite numbers/],
      [{ instances: [{ b64: 'bm90IGFuIGltYWdl' }] }, /could not be decoded/],
    ];
    for (const [body, message] of cases) {
      const path =
        typeof body === 'object' && 'instances' in body && JSON.stringify(body).includes('b64')
          ? ':classify'
          : ':predict';
      const res = await post(`/v1/models/digits${path}`, body);
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(message);
    }
  });

  it('refuses an oversized body with 413, an unknown model with 404', async () => {
    const big = { instances: Array.from({ length: 200 }, () => sample(0)) };
    const res = await post('/v1/models/digits:predict', big);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toMatch(/larger than/);
    expect((await post('/v1/models/other:predict', { instances: [sample(0)] })).status).toBe(404);
  });

  it('needs the token when started with one, and a Host of its own', async () => {
    expect((await post('/v1/models/digits:predict', { instances: [sample(0)] }, secured.url)).status).toBe(
      401,
    );
    const ok = await post('/v1/models/digits:predict', { instances: [sample(0)] }, secured.url, {
      authorization: 'Bearer sesame',
    });
    expect(ok.status).toBe(200);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/healthz`, { headers: { host: 'evil.example:80' } }, (r) =>
        resolve(r.statusCode ?? 0),
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
    const m = await (await fetch(`${server.url}/v1/models/digits/metrics`)).json();
    expect(m.predictions).toBeGreaterThan(10);
    expect(m.errors).toBeGreaterThan(5);
  });
});
