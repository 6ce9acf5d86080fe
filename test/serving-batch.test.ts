import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { compileGraph } from '../src/main/engine/compile';
import { mnistCnn } from '../src/shared/templates';
import { buildPreprocessing } from '../src/main/export/preprocessing';
import { AdaptiveBatcher } from '../src/main/serving/batcher';
import { fastestTfjsBackend, tfjsRunner, type Runner, type RuntimeChoice } from '../src/main/serving/runner';
import { inputSpecOf } from '../src/main/serving/signature';
import { startModelServer, type ModelServer } from '../src/main/serving/server';

/**
 * Requests meet in batches only after each was validated alone: one client's bad token id is its own
 * 400 and never fails the others batched with it; and a large request is worked through in chunks, so
 * /healthz is answered while it runs.
 */
await fastestTfjsBackend();
const started: ModelServer[] = [];
afterAll(async () => {
  await Promise.all(started.map((s) => s.close()));
});

const VOCAB = 50;
const LENGTH = 8;
/** A small text classifier whose input feeds an embedding: token ids must be whole numbers in [0, 50). */
function textModel() {
  return tf.sequential({
    layers: [
      tf.layers.embedding({ inputDim: VOCAB, outputDim: 4, inputLength: LENGTH }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
}
const textPrep = buildPreprocessing({ inputNames: ['tokens'], inputShape: [LENGTH], kind: 'text', labels: ['a', 'b', 'c'], recipe: {} });

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', body: JSON.stringify(body) });

describe('per-request validation before batching', () => {
  for (const runtime of ['tfjs', 'auto'] as RuntimeChoice[]) {
    it(`poisoned batch (${runtime}): 1 out-of-vocabulary id among 19 concurrent requests → 18 × 200 and one plain 400`, async () => {
      const model = textModel();
      const server = await startModelServer({ model, name: 'spam', preprocessing: textPrep, runtime });
      started.push(server);
      const good = Array.from({ length: 18 }, (_v, i) => Array.from({ length: LENGTH }, (_w, k) => (i * 7 + k * 3) % VOCAB));
      const bad = [1, 2, 3, 4, 5, 6, 7, VOCAB + 950];
      const bodies = [...good.slice(0, 9).map((t) => ({ instances: [t] })), { instances: [bad] }, ...good.slice(9).map((t) => ({ instances: [t] }))];
      const answers = await Promise.all(bodies.map((b) => post(`${server.url}/v1/models/spam:predict`, b)));
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(18);
      expect(statuses[9]).toBe(400);
      expect(((await answers[9].json()) as { error: string }).error).toBe(
        'Instance 0: 1000 at position 7 is not a token id this model knows (ids are whole numbers from 0 to 49).',
      );
      // The good ones were answered as the model answers them alone.
      const want = (model.predict(tf.tensor(good, [18, LENGTH])) as tf.Tensor).arraySync() as number[][];
      const got = await Promise.all(answers.filter((_r, i) => i !== 9).map(async (r) => ((await r.json()) as { predictions: number[][] }).predictions[0]));
      got.forEach((row, i) => row.forEach((p, j) => expect(Math.abs(p - want[i][j])).toBeLessThan(1e-5)));
      // Whether they shared model calls depends on timing (an idle model starts at once): see below for that.
      // Fractional and negative ids are refused the same way, by position.
      const frac = await post(`${server.url}/v1/models/spam:predict`, { inputs: { tokens: [[0, 1, 2.5, 3, 4, 5, 6, 7]] } });
      expect(frac.status).toBe(400);
      expect(((await frac.json()) as { error: string }).error).toMatch(/Input 0: 2\.5 at position 2 is not a token id/);
    });
  }
});

describe('the adaptive batcher (a real model behind a gate that holds its first call)', () => {
  function gated(model: tf.LayersModel) {
    const real = tfjsRunner(model, inputSpecOf(model), 'test');
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const calls: number[] = [];
    const runner: Runner = {
      ...real,
      async run(x, n) {
        calls.push(n);
        if (calls.length === 1) await gate;
        // A model call that fails on the batch (as the cpu backend's embedding does on an id past the table).
        if (x.some((v) => v >= VOCAB)) throw new Error('GatherV2: index out of range');
        return real.run(x, n);
      },
    };
    return { runner, calls, open };
  }
  const ids = (i: number) => Float32Array.from({ length: LENGTH }, (_v, k) => (i * 5 + k) % VOCAB);

  it('requests that arrive while the model is busy go together into the next call', async () => {
    const model = textModel();
    const { runner, calls, open } = gated(model);
    const b = new AdaptiveBatcher(runner, LENGTH, 3, 64);
    const first = b.predict(ids(0), 1);
    while (calls.length === 0) await new Promise((r) => setImmediate(r));
    const rest = Array.from({ length: 18 }, (_v, i) => b.predict(ids(i + 1), 1));
    open();
    const outs = await Promise.all([first, ...rest]);
    expect(calls).toEqual([1, 18]);
    const want = (model.predict(tf.tensor(Array.from({ length: 19 }, (_v, i) => Array.from(ids(i))), [19, LENGTH])) as tf.Tensor).dataSync();
    outs.forEach((o, i) => o.forEach((p, j) => expect(Math.abs(p - want[i * 3 + j])).toBeLessThan(1e-5)));
  });

  it('a call that still fails is retried request by request: only the one that fails is refused', async () => {
    const { runner, calls, open } = gated(textModel());
    const b = new AdaptiveBatcher(runner, LENGTH, 3, 64);
    const first = b.predict(ids(0), 1);
    while (calls.length === 0) await new Promise((r) => setImmediate(r));
    const poisoned = Float32Array.from({ length: LENGTH }, (_v, k) => (k === 3 ? VOCAB + 7 : k));
    const rest = Array.from({ length: 19 }, (_v, i) => (i === 9 ? b.predict(poisoned, 1) : b.predict(ids(i + 1), 1)));
    open();
    const settled = await Promise.allSettled([first, ...rest]);
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(19);
    expect(settled[10]).toMatchObject({ status: 'rejected', reason: { message: 'The model could not compute an answer for this request.' } });
    expect(calls[1]).toBe(19); // the shared call, then each request alone
    expect(calls.length).toBe(2 + 19);
  });
});

describe('a large request does not hold the service', () => {
  for (const runtime of ['tfjs', 'auto'] as RuntimeChoice[]) {
    it(`/healthz answers while a 1,024-instance batch runs (${runtime})`, async () => {
      const model = compileGraph(mnistCnn.graph);
      const prep = buildPreprocessing({ inputNames: ['image'], inputShape: [28, 28, 1], kind: 'image', labels: [], recipe: { scale: '0..1' } });
      const server = await startModelServer({ model, name: 'digits', preprocessing: prep, runtime, bodyLimit: 32 * 1024 * 1024 });
      started.push(server);
      const instances = Array.from({ length: 1024 }, (_v, i) => Array.from({ length: 784 }, (_w, k) => ((i + k) % 255) / 255));
      let bigDone = false;
      const big = post(`${server.url}/v1/models/digits:predict`, { instances }).then(async (r) => {
        bigDone = true;
        return { status: r.status, n: ((await r.json()) as { predictions: unknown[] }).predictions.length };
      });
      // Wait until the model is working on it, then ask for health.
      while (server.counters().inFlight === 0) await new Promise((r) => setTimeout(r, 5));
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      const inFlightAtHealth = server.counters().inFlight;
      expect(bigDone).toBe(false);
      expect(inFlightAtHealth).toBeGreaterThan(0);
      expect(await big).toEqual({ status: 200, n: 1024 });
      // Worked through in chunks of at most 64 samples.
      expect(server.counters().largestBatch).toBeLessThanOrEqual(64);
      expect(server.counters().batches).toBeGreaterThanOrEqual(16);
    });
  }
});
