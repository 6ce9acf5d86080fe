/**
 * Model service latency and throughput for the seed CNN: :predict p50/p95 at batch 1 over real HTTP
 * (loopback, keep-alive) and requests/s under 8 concurrent clients, for each runtime the service can pick
 * (onnxruntime-node on the converted model, the default when it converts; TensorFlow.js on the host's
 * backend, wasm here), beside the anchors without HTTP: onnxruntime-node and tfjs calling the model
 * in-process. Figures only; the target is p50 < 2 ms at batch 1 through the service.
 * Runs alone too: `npx tsx bench/cases/serving.ts`.
 */
import * as tf from '@tensorflow/tfjs';
import { Agent, request } from 'node:http';
import { pathToFileURL } from 'node:url';
import { ensureBackend } from '../../src/main/engine/backend';
import { compileGraph } from '../../src/main/engine/compile';
import { loadIdxSplit, mnistDir } from '../../src/main/engine/data/mnist';
import { buildPreprocessing, toOnnx } from '../../src/main/export';
import { startModelServer } from '../../src/main/serving/server';
import type { RuntimeChoice } from '../../src/main/serving/runner';
import { mnistCnn } from '../../src/shared/templates';
import type { BenchCase, BenchFigure } from '../lib/types';

const REQUESTS = Number(process.env.BENCH_SERVING_REQUESTS ?? 400);
const CLIENTS = 8;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

/** Latency of `n` sequential calls and throughput of `n` calls from `clients` concurrent loops. */
async function measure(call: (i: number) => Promise<unknown>, n: number, clients: number) {
  for (let i = 0; i < 30; i++) await call(i); // warm-up
  const lat: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await call(i);
    lat.push(performance.now() - t);
  }
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < n) await call(next++);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { p50: pct(lat, 50), p95: pct(lat, 95), p99: pct(lat, 99), rps: n / seconds, seconds };
}

const ms = (v: number) => (v < 1 ? v.toFixed(3) : v.toFixed(2));

async function run(log: (line: string) => void): Promise<BenchFigure[]> {
  const backend = await ensureBackend();
  const model = compileGraph(mnistCnn.graph);
  const test = loadIdxSplit(mnistDir(), 't10k', 64);
  const rows = Array.from({ length: 64 }, (_v, i) => JSON.stringify({ instances: [Array.from(test.x.subarray(i * 784, (i + 1) * 784))] }));
  const prep = buildPreprocessing({ inputNames: model.inputs.map((t) => t.sourceLayer.name), inputShape: [28, 28, 1], kind: 'image', labels: [], recipe: { scale: '0..1' } });
  const figures: BenchFigure[] = [];
  const record = (engine: string, m: Awaited<ReturnType<typeof measure>>, extra: Record<string, unknown>) =>
    figures.push({
      engine,
      task: 'seed-cnn-serve',
      samples: REQUESTS,
      seconds: m.seconds,
      samplesPerSec: m.rps,
      extra: { p50Ms: m.p50, p95Ms: m.p95, p99Ms: m.p99, clients: CLIENTS, ...extra },
    });

  for (const runtime of ['auto', 'tfjs'] as RuntimeChoice[]) {
    const server = await startModelServer({ model, name: 'seed', preprocessing: prep, runtime });
    // node:http with keep-alive: fetch (undici) alone adds several ms per call on a loaded 2-core machine.
    const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
    const url = new URL(`${server.url}/v1/models/seed:predict`);
    // No content-type, as TF Serving's own curl examples send it.
    const post = (body: string) =>
      new Promise<void>((resolve, reject) => {
        const req = request(
          { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { 'content-length': Buffer.byteLength(body) } },
          (res) => {
            if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}`));
            res.resume();
            res.on('end', () => resolve());
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    try {
      const m = await measure((i) => post(rows[i % 64]), REQUESTS, CLIENTS);
      const c = server.counters();
      const inside = c.latencyMs;
      log(
        `REST :predict on ${c.runtime}: p50 ${ms(m.p50)} ms, p95 ${ms(m.p95)} ms at batch 1 seen by the client (target p50 < 2 ms); ` +
          `inside the service p50 ${ms(inside?.p50 ?? NaN)} ms, p95 ${ms(inside?.p95 ?? NaN)} ms; ` +
          `${m.rps.toFixed(0)} req/s with ${CLIENTS} clients (largest model call ${c.largestBatch})`,
      );
      record(`${c.runtime}-rest`, m, {
        serviceP50Ms: inside?.p50,
        serviceP95Ms: inside?.p95,
        largestBatch: c.largestBatch,
        batches: c.batches,
        runtime: c.runtimeReason,
      });
    } finally {
      agent.destroy();
      await server.close();
    }
  }

  const ort = await import('onnxruntime-node');
  const converted = toOnnx(model);
  const session = await ort.InferenceSession.create(converted.bytes);
  const feed = converted.inputNames[0];
  const sample = (i: number) => test.x.slice((i % 64) * 784, ((i % 64) + 1) * 784);
  const onnx = await measure((i) => session.run({ [feed]: new ort.Tensor('float32', sample(i), [1, 28, 28, 1]) }), REQUESTS, CLIENTS);
  log(`anchor: onnxruntime-node in-process (no HTTP): p50 ${ms(onnx.p50)} ms, p95 ${ms(onnx.p95)} ms at batch 1`);
  record('onnxruntime-node-cpu', onnx, { note: 'in-process, no HTTP' });
  await session.release();

  const direct = await measure(
    async (i) => tf.tidy(() => (model.predict(tf.tensor(sample(i), [1, 28, 28, 1])) as tf.Tensor).dataSync()),
    REQUESTS,
    1,
  );
  log(`reference: tfjs ${backend} in-process (no HTTP): p50 ${ms(direct.p50)} ms, p95 ${ms(direct.p95)} ms at batch 1`);
  record(`tfjs-${backend}`, direct, { note: 'in-process, no HTTP', clients: 1 });
  return figures;
}

const servingCase: BenchCase = {
  name: 'serving',
  description: `seed CNN served over REST (p50/p95 at batch 1, req/s with ${CLIENTS} clients) on each runtime, beside onnxruntime-node and tfjs in-process`,
  run: (ctx) => run(ctx.log),
};
export default servingCase;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void run((l) => console.log(l));
