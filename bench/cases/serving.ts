/**
 * Model service latency and throughput for the seed CNN: predict p50/p99 at batch 1 and requests/s under 8
 * concurrent clients over real HTTP (tfjs wasm behind the micro-batcher), beside onnxruntime-node running
 * the exported ONNX file in-process. Figures only. Runs alone too: `npx tsx bench/cases/serving.ts`.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as ort from 'onnxruntime-node';
import { pathToFileURL } from 'node:url';
import { compileGraph } from '../../src/main/engine/compile';
import { registerWasmTrainingKernels } from '../../src/main/engine/kernels';
import { loadIdxSplit, mnistDir } from '../../src/main/engine/data/mnist';
import { buildPreprocessing, toOnnx } from '../../src/main/export';
import { startModelServer } from '../../src/main/serving/server';
import { mnistCnn } from '../../src/shared/templates';
import type { BenchCase, BenchFigure } from '../lib/types';

const REQUESTS = Number(process.env.BENCH_SERVING_REQUESTS ?? 400);
const CLIENTS = 8;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

/** Latency of `n` sequential calls and throughput of `n` calls from `clients` concurrent loops. */
async function measure(call: (i: number) => Promise<unknown>, n: number, clients: number) {
  for (let i = 0; i < 20; i++) await call(i); // warm-up
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
  return { p50: pct(lat, 50), p99: pct(lat, 99), rps: n / seconds, seconds };
}

async function run(log: (line: string) => void): Promise<BenchFigure[]> {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
  const model = compileGraph(mnistCnn.graph);
  const test = loadIdxSplit(mnistDir(), 't10k', 64);
  const rows = Array.from({ length: 64 }, (_v, i) =>
    JSON.stringify({ instances: [Array.from(test.x.subarray(i * 784, (i + 1) * 784))] }),
  );
  const prep = buildPreprocessing({
    inputNames: ['input'],
    inputShape: [28, 28, 1],
    kind: 'image',
    labels: [],
    recipe: {},
  });
  const server = await startModelServer({ model, name: 'seed', preprocessing: prep });
  const figures: BenchFigure[] = [];
  try {
    const url = `${server.url}/v1/models/seed:predict`;
    const http = await measure(
      (i) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: rows[i % 64],
        }).then((r) => r.json()),
      REQUESTS,
      CLIENTS,
    );
    const c = server.counters();
    log(
      `REST :predict (tfjs wasm): p50 ${http.p50.toFixed(2)} ms, p99 ${http.p99.toFixed(2)} ms at batch 1; ` +
        `${http.rps.toFixed(0)} req/s with ${CLIENTS} clients (largest micro-batch ${c.largestBatch})`,
    );
    figures.push({
      engine: 'tfjs-wasm-rest',
      task: 'seed-cnn-serve',
      samples: REQUESTS,
      seconds: http.seconds,
      samplesPerSec: http.rps,
      extra: {
        p50Ms: http.p50,
        p99Ms: http.p99,
        clients: CLIENTS,
        largestBatch: c.largestBatch,
        batches: c.batches,
      },
    });
  } finally {
    await server.close();
  }
  const session = await ort.InferenceSession.create(toOnnx(model).bytes);
  const feed = (i: number) => ({
    input: new ort.Tensor('float32', test.x.slice((i % 64) * 784, ((i % 64) + 1) * 784), [1, 28, 28, 1]),
  });
  const onnx = await measure((i) => session.run(feed(i)), REQUESTS, CLIENTS);
  log(
    `onnxruntime-node in-process: p50 ${onnx.p50.toFixed(3)} ms, p99 ${onnx.p99.toFixed(3)} ms at batch 1; ${onnx.rps.toFixed(0)} runs/s with ${CLIENTS} concurrent callers`,
  );
  figures.push({
    engine: 'onnxruntime-node-cpu',
    task: 'seed-cnn-serve',
    samples: REQUESTS,
    seconds: onnx.seconds,
    samplesPerSec: onnx.rps,
    extra: { p50Ms: onnx.p50, p99Ms: onnx.p99, clients: CLIENTS, note: 'in-process, no HTTP' },
  });
  await session.release();
  return figures;
}

const servingCase: BenchCase = {
  name: 'serving',
  description: `seed CNN served over REST (p50/p99 at batch 1, req/s with ${CLIENTS} clients) beside onnxruntime-node on the exported ONNX`,
  run: (ctx) => run(ctx.log),
};
export default servingCase;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void run((l) => console.log(l));
