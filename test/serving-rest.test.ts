import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { request } from 'node:http';
import sharp from 'sharp';
import { compileGraph } from '../src/main/engine/compile';
import { mnistCnn } from '../src/shared/templates';
import { loadIdxSplit, mnistDir } from '../src/main/engine/data/mnist';
import { buildPreprocessing } from '../src/main/export/preprocessing';
import { fastestTfjsBackend } from '../src/main/serving/runner';
import { startModelServer, type ModelServer } from '../src/main/serving/server';

/**
 * The seed CNN behind TF Serving's REST surface, checked case by case against its api_rest.md: status,
 * metadata, versions/labels paths, row and columnar :predict, named inputs, signature_name, :classify
 * with examples/context → result, :regress refused, NaN/Infinity tokens, no content-type needed.
 */
await fastestTfjsBackend();
const model = compileGraph(mnistCnn.graph);
const prep = buildPreprocessing({
  inputNames: ['image'],
  inputShape: [28, 28, 1],
  kind: 'image',
  labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  recipe: { scale: '0..1' },
});
const test = loadIdxSplit(mnistDir(), 't10k', 8);
const sample = (i: number) => Array.from(test.x.subarray(i * 784, (i + 1) * 784));
const expected = (model.predict(tf.tensor(test.x, [8, 28, 28, 1])) as tf.Tensor).arraySync() as number[][];
let server: ModelServer;
let secured: ModelServer;
beforeAll(async () => {
  server = await startModelServer({ model, name: 'digits', preprocessing: prep, bodyLimit: 256 * 1024 });
  secured = await startModelServer({ model, name: 'digits', preprocessing: prep, token: 'sesame', runtime: 'tfjs' });
});
afterAll(async () => {
  await server.close();
  await secured.close();
});

/** A POST as TF Serving's own curl examples send it: no content-type header. */
const post = (path: string, body: unknown, base = server.url, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
const closeTo = (got: number[][], want: number[][]) =>
  got.forEach((row, i) => row.forEach((p, j) => expect(Math.abs(p - want[i][j])).toBeLessThan(1e-5)));
const error = async (res: Response) => ((await res.json()) as { error: string }).error;

describe('the TF Serving REST surface', () => {
  it('binds 127.0.0.1, answers health, status on every path form, and says what runs the model', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    for (const path of ['', '/versions/1', '/labels/stable']) {
      const status = await (await fetch(`${server.url}/v1/models/digits${path}`)).json();
      expect(status, path).toEqual({
        model_version_status: [{ version: '1', state: 'AVAILABLE', status: { error_code: 'OK', error_message: '' } }],
      });
    }
    const wrongVersion = await fetch(`${server.url}/v1/models/digits/versions/7`);
    expect(wrongVersion.status).toBe(404);
    expect(await error(wrongVersion)).toMatch(/Version 7 of "digits" is not served; the only version is 1/);
    const wrongLabel = await fetch(`${server.url}/v1/models/digits/labels/canary:predict`, { method: 'POST', body: '{}' });
    expect(wrongLabel.status).toBe(404);
    expect(await error(wrongLabel)).toMatch(/labelled "canary"/);
    expect(server.counters()).toMatchObject({ runtime: expect.stringMatching(/onnxruntime|tfjs-wasm|tfjs-tensorflow/) });
    expect(secured.counters().runtime).not.toBe('tfjs-cpu');
  });

  it('GET …/metadata gives the signature: input name, dtype, shape with -1 batch, output', async () => {
    for (const path of ['', '/versions/1', '/labels/stable']) {
      const m = await (await fetch(`${server.url}/v1/models/digits${path}/metadata`)).json();
      expect(m.model_spec).toEqual({ name: 'digits', signature_name: '', version: '1' });
      const sig = m.metadata.signature_def.signature_def.serving_default;
      expect(sig.method_name).toBe('tensorflow/serving/predict');
      expect(sig.inputs.image.dtype).toBe('DT_FLOAT');
      expect(sig.inputs.image.tensor_shape.dim.map((d: { size: string }) => d.size)).toEqual(['-1', '28', '28', '1']);
      const [out] = Object.values(sig.outputs) as { tensor_shape: { dim: { size: string }[] } }[];
      expect(out.tensor_shape.dim.map((d) => d.size)).toEqual(['-1', '10']);
    }
  });

  it(':predict row format (plain or keyed by input name) → predictions; columnar (list or named) → outputs', async () => {
    const forms: [unknown, 'predictions' | 'outputs'][] = [
      [{ instances: [0, 1, 2].map(sample) }, 'predictions'],
      [{ instances: [0, 1, 2].map((i) => ({ image: sample(i) })) }, 'predictions'],
      [{ signature_name: 'serving_default', instances: [0, 1, 2].map(sample) }, 'predictions'],
      [{ inputs: [0, 1, 2].map(sample) }, 'outputs'],
      [{ inputs: { image: [0, 1, 2].map(sample) } }, 'outputs'],
    ];
    for (const [body, key] of forms) {
      for (const path of ['', '/versions/1', '/labels/stable']) {
        const res = await post(`/v1/models/digits${path}:predict`, body);
        expect(res.status, JSON.stringify(body).slice(0, 50)).toBe(200);
        const json = (await res.json()) as Record<string, number[][]>;
        expect(Object.keys(json)).toEqual([key]);
        closeTo(json[key], expected.slice(0, 3));
      }
    }
  });

  it('accepts NaN and Infinity tokens in the body, with or without a content-type', async () => {
    const text = `{"instances": [[${sample(0)
      .map((v, i) => (i === 0 ? 'NaN' : i === 1 ? 'Infinity' : i === 2 ? '-Infinity' : v))
      .join(',')}]]}`;
    const headerSets: Record<string, string>[] = [{}, { 'content-type': 'application/json' }, { 'content-type': 'application/x-www-form-urlencoded' }];
    for (const headers of headerSets) {
      const res = await post('/v1/models/digits:predict', text, server.url, headers);
      expect(res.status, JSON.stringify(headers)).toBe(200);
      const body = await res.text();
      expect(body).toMatch(/^\{"predictions":\[\[/);
    }
  });

  it(':classify takes examples (image feature or context) and answers result with label/score pairs', async () => {
    const png = (i: number) =>
      sharp(Buffer.from(Uint8Array.from(test.x.subarray(i * 784, (i + 1) * 784), (v) => Math.round(v * 255))), {
        raw: { width: 28, height: 28, channels: 1 },
      })
        .png()
        .toBuffer()
        .then((b) => b.toString('base64'));
    const [a, b] = await Promise.all([png(0), png(1)]);
    const res = await post('/v1/models/digits:classify', { examples: [{ image: { b64: a } }, { image: { b64: b } }] });
    expect(res.status).toBe(200);
    const { result } = (await res.json()) as { result: [string, number][][] };
    expect(result).toHaveLength(2);
    result.forEach((pairs, i) => {
      expect(pairs).toHaveLength(10);
      const best = expected[i].indexOf(Math.max(...expected[i]));
      expect(pairs[0][0]).toBe(String(best));
      // 8-bit PNG round trip: the same pixels the loader gives, so the same scores.
      expect(Math.abs(pairs[0][1] - expected[i][best])).toBeLessThan(1e-5);
    });
    // A feature given once in "context" applies to every example.
    const ctx = await post('/v1/models/digits/labels/stable:classify', { context: { image: { b64: a } }, examples: [{}] });
    expect(ctx.status).toBe(200);
    expect(((await ctx.json()) as { result: [string, number][][] }).result[0][0][0]).toBe(result[0][0][0]);
  });

  it('refuses what TF Serving refuses, each with its own plain message', async () => {
    const cases: [string, string | object, number, RegExp][] = [
      [':predict', '{"instances": [1, 2', 400, /not valid JSON/],
      [':predict', '', 400, /not valid JSON: the body is empty/],
      [':predict', { nothing: [] }, 400, /Unknown key "nothing"/],
      [':predict', {}, 400, /needs "instances".*or "inputs"/],
      [':predict', { instances: [sample(0)], inputs: [sample(0)] }, 400, /either "instances".*or "inputs".*not both/],
      [':predict', { signature_name: 'predict_images', instances: [sample(0)] }, 400, /no signature "predict_images"; its only signature is "serving_default"/],
      [':predict', { instances: [] }, 400, /"instances" is empty/],
      [':predict', { instances: [[1, 2, 3]] }, 400, /Instance 0 needs 784 numbers \(shape \[28, 28, 1\]\); got 3/],
      [':predict', { instances: [sample(0), sample(1).map((v, i) => (i === 5 ? 'x' : v))] }, 400, /Instance 1 must be numbers only \(got "x" at position 5\)/],
      [':predict', { instances: [{ pixels: sample(0) }] }, 400, /Instance 0 is an object with "pixels"; this model has one input, "image"/],
      [':predict', { inputs: { pixels: [sample(0)] } }, 400, /"inputs" names "pixels"; this model has one input, "image"/],
      [':classify', { instances: [{ image: { b64: 'AA==' } }] }, 400, /:classify takes "examples"/],
      [':classify', { examples: [{ image: { b64: 'bm90IGFuIGltYWdl' } }] }, 400, /Example 0's image could not be decoded/],
      [':classify', { context: { image: { b64: 'AA==' } }, examples: [{ image: { b64: 'AA==' } }] }, 400, /repeats "image", which is in "context"/],
      [':classify', { examples: [{ colour: 'red' }] }, 400, /no column recipe/],
      [':regress', { examples: [{ x: 1 }] }, 400, /is a classifier and has no regression signature/],
    ];
    for (const [verb, body, status, message] of cases) {
      const res = await post(`/v1/models/digits${verb}`, body);
      const label = `${verb} ${JSON.stringify(body).slice(0, 60)}`;
      expect(res.status, label).toBe(status);
      expect(await error(res), label).toMatch(message);
    }
    expect((await fetch(`${server.url}/v1/models/digits:predict`)).status).toBe(405);
    expect((await post('/v1/models/digits/metadata', {})).status).toBe(405);
  });

  it('refuses an oversized body with 413, an unknown model with 404', async () => {
    const big = { instances: Array.from({ length: 200 }, () => sample(0)) };
    const res = await post('/v1/models/digits:predict', big);
    expect(res.status).toBe(413);
    expect(await error(res)).toMatch(/larger than/);
    const other = await post('/v1/models/other:predict', { instances: [sample(0)] });
    expect(other.status).toBe(404);
    expect(await error(other)).toMatch(/No model named "other" here; this service serves "digits"/);
  });

  it('needs the token when started with one, and a Host of its own', async () => {
    expect((await post('/v1/models/digits:predict', { instances: [sample(0)] }, secured.url)).status).toBe(401);
    const ok = await post('/v1/models/digits:predict', { instances: [sample(0)] }, secured.url, {
      authorization: 'Bearer sesame',
    });
    expect(ok.status).toBe(200);
    closeTo(((await ok.json()) as { predictions: number[][] }).predictions, expected.slice(0, 1));
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/healthz`, { headers: { host: 'evil.example:80' } }, (r) => resolve(r.statusCode ?? 0));
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
    const m = await (await fetch(`${server.url}/v1/models/digits/metrics`)).json();
    expect(m.predictions).toBeGreaterThan(10);
    expect(m.errors).toBeGreaterThan(5);
  });
});
