/**
 * Using a trained model, timed through the calls the UI makes (the contract's handlers in-process, and for
 * Try it also over the web host's HTTP API, as the browser version calls it):
 * - Try it on the seed MNIST CNN: `experiments.predict` with a PNG data URL (what the drawing pad and an
 *   image drop send), median and range over many calls; target < 50 ms;
 * - Score a file: `experiments.scoreFile` on a 10,000-row CSV for a small table model; target < 5 s.
 * Both models are really trained first (short runs: the weights do not change the cost of a prediction).
 * Runs alone too: `npx tsx bench/cases/tryit.ts`. Env: BENCH_TRYIT_CALLS (200), BENCH_SCORE_ROWS (10000).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createClient, type ApiClient } from '../../src/shared/api/client';
import { chain, mnistCnn } from '../../src/shared/templates';
import { mixSeed, seededRandom } from '../../src/shared/random';
import { createHost, type Host } from '../../src/main/host';
import { launchChildTrainer } from '../../src/main/engine/launch-child';
import { inProcessTransport } from '../../src/main/transport/in-process';
import { startWebServer } from '../../src/main/transport/http-server';
import { nodeHttpTransport } from '../../src/main/transport/http-client';
import type { BenchCase, BenchFigure } from '../lib/types';

const CALLS = Number(process.env.BENCH_TRYIT_CALLS ?? 200);
const SCORE_ROWS = Number(process.env.BENCH_SCORE_ROWS ?? 10_000);
const SCORE_REPEATS = 5;

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)]!;
const spread = (xs: number[], digits: number) => `median ${median(xs).toFixed(digits)} (range ${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

async function trainToEnd(api: ApiClient, id: string): Promise<void> {
  await api.call('training.start', { id });
  for (;;) {
    const e = await api.call('experiments.get', { id });
    if (e.status === 'completed') return;
    if (e.status !== 'running' && e.status !== 'draft') throw new Error(`training ended ${e.status}: ${e.error}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A table like the ones analysts bring: two numbers, a category, the label. */
function tableCsv(rows: number, seed: number): string {
  const rand = seededRandom(mixSeed(seed, 1));
  const colours = ['red', 'green', 'blue'];
  const lines = ['customer_id,size,colour,weight,kind'];
  for (let i = 0; i < rows; i++) {
    const k = Math.floor(rand() * 3);
    lines.push([`c${i}`, (10 + k * 5 + rand() * 4).toFixed(2), colours[rand() < 0.85 ? k : (k + 1) % 3], (rand() * 3).toFixed(2), ['rose', 'fern', 'iris'][k]].join(','));
  }
  return lines.join('\n') + '\n';
}

/** The same Try it call through the web host (Fastify, token check, JSON both ways), as the browser makes it. */
async function overHttp(host: Host, id: string, image: string): Promise<number[]> {
  const token = 'bench-token';
  const server = await startWebServer({ handlers: host.handlers, bus: host.bus, token });
  try {
    const client = createClient(nodeHttpTransport(`http://127.0.0.1:${server.port}`, token));
    for (let i = 0; i < 20; i++) await client.call('experiments.predict', { id, image });
    const ms: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const t = performance.now();
      await client.call('experiments.predict', { id, image });
      ms.push(performance.now() - t);
    }
    return ms;
  } finally {
    await server.app.close();
  }
}

async function tryItLatency(host: Host, api: ApiClient, log: (line: string) => void): Promise<BenchFigure> {
  const exp = await api.call('experiments.create', {
    name: 'seed cnn',
    graph: mnistCnn.graph,
    layout: mnistCnn.layout,
    datasetId: 'builtin:mnist',
    hyperparams: { epochs: 1, trainLimit: 1024, testLimit: 256 },
  });
  await trainToEnd(api, exp.id);
  const form = await api.call('experiments.predictForm', { id: exp.id, seed: 1 });
  const image = form.example?.image;
  if (!image) throw new Error('the seed CNN form has no example image');
  let t = performance.now();
  await api.call('experiments.predict', { id: exp.id, image });
  const firstMs = performance.now() - t;
  for (let i = 0; i < 20; i++) await api.call('experiments.predict', { id: exp.id, image }); // warm-up
  const wall: number[] = [];
  const inside: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    t = performance.now();
    const r = await api.call('experiments.predict', { id: exp.id, image });
    wall.push(performance.now() - t);
    inside.push(r.ms ?? NaN);
  }
  const p95 = sorted(wall)[Math.floor(0.95 * wall.length)]!;
  const http = await overHttp(host, exp.id, image);
  log(
    `  Try it, seed CNN, one drawn/dropped 28×28 PNG: ${spread(wall, 2)} ms, p95 ${p95.toFixed(2)} ms over ${CALLS} calls ` +
      `(target < 50 ms); first call (loads the model) ${firstMs.toFixed(0)} ms; inside the service ${spread(inside, 2)} ms; ` +
      `over the web host's HTTP API ${spread(http, 2)} ms; load ${load()}`,
  );
  return {
    engine: 'predict-service',
    task: 'tryit-seed-cnn',
    samples: CALLS,
    seconds: wall.reduce((a, b) => a + b, 0) / 1000,
    samplesPerSec: 1000 / median(wall),
    extra: {
      medianMs: median(wall),
      minMs: Math.min(...wall),
      maxMs: Math.max(...wall),
      p95Ms: p95,
      firstMs,
      httpMedianMs: median(http),
      httpMaxMs: Math.max(...http),
      targetMs: 50,
      loadavg: os.loadavg(),
    },
  };
}

async function scoreTable(api: ApiClient, dir: string, log: (line: string) => void): Promise<BenchFigure> {
  const train = join(dir, 'plants.csv');
  writeFileSync(train, tableCsv(2000, 7));
  const imported = await api.call('datasets.importCsv', { path: train, name: 'plants', label: 'kind' });
  const { graph, layout } = chain([
    { kind: 'InputVector', name: 'features', params: { features: imported.inputShape[0]! } },
    { kind: 'Dense', name: 'hidden', params: { units: 32, activation: 'relu' } },
    { kind: 'Output', name: 'output', params: { classes: 3, activation: 'softmax', loss: 'sparseCategoricalCrossentropy' } },
  ]);
  const exp = await api.call('experiments.create', { name: 'plants mlp', graph, layout, datasetId: imported.datasetId, hyperparams: { epochs: 2 } });
  await trainToEnd(api, exp.id);
  const file = join(dir, 'next month.csv');
  writeFileSync(file, tableCsv(SCORE_ROWS, 8));
  const seconds: number[] = [];
  const inside: number[] = [];
  for (let i = 0; i < SCORE_REPEATS; i++) {
    const t = performance.now();
    const r = await api.call('experiments.scoreFile', { id: exp.id, path: file, out: join(dir, 'out', `preds-${i}.csv`) });
    seconds.push((performance.now() - t) / 1000);
    inside.push(r.seconds);
    if (r.scored !== SCORE_ROWS) throw new Error(`scored ${r.scored} of ${SCORE_ROWS} rows`);
  }
  log(
    `  Score a file, ${SCORE_ROWS.toLocaleString('en')} table rows (CSV → predictions CSV + evaluation): ${spread(seconds, 3)} s over ${SCORE_REPEATS} runs ` +
      `(target < 5 s); ${Math.round(SCORE_ROWS / median(seconds)).toLocaleString('en')} rows/s; load ${load()}`,
  );
  return {
    engine: 'predict-service',
    task: 'score-table-file',
    samples: SCORE_ROWS,
    seconds: median(seconds),
    samplesPerSec: SCORE_ROWS / median(seconds),
    extra: { minS: Math.min(...seconds), maxS: Math.max(...seconds), serviceMedianS: median(inside), targetS: 5, loadavg: os.loadavg() },
  };
}

async function run(log: (line: string) => void): Promise<BenchFigure[]> {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'layerlab-bench-tryit-'));
  const host = createHost({ dataDir, host: 'cli', launchTrainer: launchChildTrainer });
  const api = createClient(inProcessTransport(host.handlers, host.bus));
  try {
    mkdirSync(join(dataDir, 'out'));
    log(`  load at start ${load()} (${os.cpus().length} CPUs)`);
    return [await tryItLatency(host, api, log), await scoreTable(api, dataDir, log)];
  } finally {
    host.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const tryitCase: BenchCase = {
  name: 'tryit',
  description: `Try it on the seed CNN (one image, ${CALLS} calls; target < 50 ms) and scoring a ${SCORE_ROWS.toLocaleString('en')}-row table CSV (target < 5 s), through the predict service`,
  run: (ctx) => run(ctx.log),
};
export default tryitCase;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void run((l) => console.log(l));
