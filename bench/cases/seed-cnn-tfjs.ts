/**
 * Seed-CNN training speed on each TensorFlow.js backend available here, on real MNIST samples, through
 * the same inner step runTraining uses (engine/parallel): single-threaded (trainOnBatch) and, on wasm,
 * data-parallel over worker threads. Also a per-kernel profile of the single-threaded step and
 * inference (model.predict) samples/s at batch 1 and 256.
 *   BENCH_REPEATS=3       epochs timed per figure (median reported; single and parallel alternate)
 *   BENCH_BACKENDS=wasm   only these backends (comma-separated)
 *   BENCH_WORKERS=2       shards of the data-parallel figure (default: what training would choose, ≥ 2)
 */
import * as tf from '@tensorflow/tfjs';
import { activateBackend, detectBackends } from '../../src/main/engine/backend';
import { chooseTrainWorkers, createTrainStep, type TrainStep } from '../../src/main/engine/parallel';
import { KernelProfiler } from '../lib/kernel-profile';
import { loadMnist, type MnistSlice } from '../lib/mnist';
import { seedCnn } from '../lib/seed-cnn';
import type { BenchCase, BenchFigure } from '../lib/types';

const BATCH = 64;
const SHAPE = [28, 28, 1];
const PER = 28 * 28;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** One epoch over the samples through `step`, batch 64, shuffled as runTraining does; returns seconds. */
async function epoch(
  step: TrainStep,
  data: MnistSlice,
  order: Uint32Array,
): Promise<{ seconds: number; loss: number; acc: number }> {
  const xBuf = new Float32Array(BATCH * PER);
  const yBuf = new Int32Array(BATCH);
  let lossSum = 0;
  let accSum = 0;
  const t0 = performance.now();
  for (let b = 0; b * BATCH < data.count; b++) {
    const n = Math.min(BATCH, data.count - b * BATCH);
    for (let i = 0; i < n; i++) {
      const row = order[b * BATCH + i]!;
      xBuf.set(data.images.subarray(row * PER, (row + 1) * PER), i * PER);
      yBuf[i] = data.labels[row]!;
    }
    const [loss, acc] = await step.run(xBuf, yBuf, n);
    lossSum += loss * n;
    accSum += acc * n;
  }
  return { seconds: (performance.now() - t0) / 1000, loss: lossSum / data.count, acc: accSum / data.count };
}

function shuffled(n: number, seed: number): Uint32Array {
  const p = Uint32Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0;
  for (let i = n - 1; i > 0; i--) {
    s = (s * 1664525 + 1013904223) >>> 0;
    const j = s % (i + 1);
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}

function line(engine: string, n: number, sps: number, msb: number, note = ''): string {
  return `${engine.padEnd(18)} ${String(n).padStart(6)} samples  ${sps.toFixed(1).padStart(8)} samples/s  ${msb.toFixed(1).padStart(8)} ms/batch${note}`;
}

async function profileSingle(backend: string, data: MnistSlice, log: (s: string) => void) {
  const model = seedCnn();
  const step = await createTrainStep(model, {
    loss: 'sparseCategoricalCrossentropy',
    classes: 10,
    inputShape: SHAPE,
    batchSize: BATCH,
    workers: 1,
  });
  const pb = Math.min(8, Math.floor(data.count / BATCH));
  const x = data.images.subarray(0, BATCH * PER);
  const y = data.labels.subarray(0, BATCH);
  await step.run(x, y, BATCH); // warm-up
  const prof = new KernelProfiler(backend);
  prof.start();
  try {
    for (let i = 0; i < pb; i++)
      await step.run(data.images.subarray(i * BATCH * PER), data.labels.subarray(i * BATCH), BATCH);
  } finally {
    prof.stop();
    step.dispose();
    model.dispose();
  }
  const profile = prof
    .report()
    .slice(0, 14)
    .map((s) => ({ kernel: s.kernel, calls: s.calls / pb, msPerBatch: +(s.ms / pb).toFixed(2) }));
  const total = prof.report().reduce((a, s) => a + s.ms, 0) / pb;
  log(`  per-kernel profile, single-threaded step (${total.toFixed(1)} ms/batch in kernels):`);
  for (const p of profile)
    log(
      `    ${p.kernel.padEnd(30)} ${String(p.calls).padStart(4)}× ${p.msPerBatch.toFixed(2).padStart(8)} ms/batch`,
    );
  return profile;
}

async function predictFigures(
  backend: string,
  data: MnistSlice,
  log: (s: string) => void,
): Promise<BenchFigure[]> {
  const model = seedCnn();
  const figures: BenchFigure[] = [];
  for (const batch of [1, 256]) {
    const count = Math.min(data.count, batch === 1 ? 256 : 2048);
    const batches = Math.floor(count / batch);
    const xs = Array.from({ length: batches }, (_, i) =>
      tf.tensor(data.images.subarray(i * batch * PER, (i + 1) * batch * PER), [batch, ...SHAPE]),
    );
    tf.tidy(() => void (model.predict(xs[0]!) as tf.Tensor).dataSync()); // warm-up
    const t0 = performance.now();
    for (const x of xs) tf.tidy(() => void (model.predict(x) as tf.Tensor).dataSync());
    const seconds = (performance.now() - t0) / 1000;
    tf.dispose(xs);
    const n = batches * batch;
    const fig: BenchFigure = {
      engine: `tfjs-${backend}`,
      task: `seed-cnn-predict-b${batch}`,
      samples: n,
      seconds: +seconds.toFixed(3),
      samplesPerSec: +(n / seconds).toFixed(1),
      msPerBatch: +((seconds * 1000) / batches).toFixed(2),
      threads: 1,
    };
    log(line(`predict b${batch}`, n, fig.samplesPerSec, fig.msPerBatch!));
    figures.push(fig);
  }
  model.dispose();
  return figures;
}

async function trainFigures(
  backend: string,
  samples: number,
  repeats: number,
  log: (s: string) => void,
): Promise<BenchFigure[]> {
  const data = loadMnist(samples);
  const n = data.count;
  const batches = Math.ceil(n / BATCH);
  const variants: { engine: string; workers: number }[] = [{ engine: `tfjs-${backend}`, workers: 1 }];
  if (backend === 'wasm') {
    const workers = Number(process.env.BENCH_WORKERS) || Math.max(2, chooseTrainWorkers(BATCH, 'wasm', {}));
    variants.push({ engine: `tfjs-${backend}-dp`, workers });
  }
  const runs = variants.map(() => [] as { seconds: number; loss: number; acc: number }[]);
  const models = variants.map(() => seedCnn());
  const steps: TrainStep[] = [];
  try {
    for (let v = 0; v < variants.length; v++)
      steps.push(
        await createTrainStep(models[v]!, {
          loss: 'sparseCategoricalCrossentropy',
          classes: 10,
          inputShape: SHAPE,
          batchSize: BATCH,
          workers: variants[v]!.workers,
        }),
      );
    // Warm-up batch on each (wasm compiles XNNPACK operators, V8 optimises the kernels' loops).
    for (const s of steps)
      await s.run(data.images.subarray(0, BATCH * PER), data.labels.subarray(0, BATCH), BATCH);
    for (let r = 0; r < repeats; r++) {
      // Alternate the variants so load changes on a shared machine hit both alike.
      for (let v = 0; v < variants.length; v++)
        runs[v]!.push(await epoch(steps[v]!, data, shuffled(n, r + 1)));
    }
  } finally {
    steps.forEach((s) => s.dispose());
    models.forEach((m) => m.dispose());
  }
  const figures: BenchFigure[] = [];
  variants.forEach((variant, v) => {
    const secs = runs[v]!.map((x) => x.seconds);
    const seconds = median(secs);
    const rates = secs.map((s) => +(n / s).toFixed(1));
    const fig: BenchFigure = {
      engine: variant.engine,
      task: 'seed-cnn-train',
      samples: n,
      seconds: +seconds.toFixed(3),
      samplesPerSec: +(n / seconds).toFixed(1),
      msPerBatch: +((seconds * 1000) / batches).toFixed(1),
      threads: variant.workers,
      extra: { rates, loss: +runs[v]!.at(-1)!.loss.toFixed(4), acc: +runs[v]!.at(-1)!.acc.toFixed(4) },
    };
    const note = `  (${variant.workers} thread${variant.workers > 1 ? 's' : ''}; epochs: ${rates.join(', ')})`;
    log(line(fig.engine, n, fig.samplesPerSec, fig.msPerBatch!, note));
    figures.push(fig);
  });
  if (figures.length === 2)
    log(
      `  data-parallel / single-threaded = ${(figures[1]!.samplesPerSec / figures[0]!.samplesPerSec).toFixed(2)}`,
    );
  if (backend === 'wasm' || backend === 'tensorflow') {
    figures[0]!.extra = { ...figures[0]!.extra, profile: await profileSingle(backend, data, log) };
    figures.push(...(await predictFigures(backend, data, log)));
  }
  return figures;
}

const seedCnnTfjs: BenchCase = {
  name: 'seed-cnn-tfjs',
  description:
    'Seed CNN (Conv32-Pool-Conv64-Pool-Dense64-Dense10), batch 64, Adam 1e-3, one epoch per backend (single-threaded and data-parallel), predict b1/b256',
  async run(ctx) {
    const report = await detectBackends();
    const only = process.env.BENCH_BACKENDS?.split(',').map((s) => s.trim());
    const repeats = Math.max(1, Number(process.env.BENCH_REPEATS ?? 1) || 1);
    for (const c of report.candidates)
      ctx.log(`  backend ${c.name}: ${c.available ? 'available' : 'unavailable'} (${c.reason})`);
    const figures: BenchFigure[] = [];
    for (const c of report.candidates.filter((c) => c.available && (!only || only.includes(c.name)))) {
      const active = await activateBackend({
        ...report,
        active: c.name,
        candidates: report.candidates.map((x) => ({ ...x })),
      });
      if (active !== c.name) continue;
      const samples = c.name === 'cpu' ? ctx.cpuSamples : ctx.samples;
      figures.push(...(await trainFigures(c.name, samples, c.name === 'cpu' ? 1 : repeats, ctx.log)));
    }
    return figures;
  },
};
export default seedCnnTfjs;
