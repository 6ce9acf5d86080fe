/**
 * Seed-CNN training speed on each TensorFlow.js backend available here, on real MNIST samples, through
 * the same inner step runTraining uses (engine/parallel): single-threaded (trainOnBatch) and, on wasm,
 * data-parallel over worker threads. Also a per-kernel profile of the single-threaded step and
 * inference (model.predict) samples/s at batch 1 and 256.
 *   BENCH_REPEATS=3       epochs timed per figure (median reported; single and parallel alternate)
 *   BENCH_BACKENDS=wasm   only these backends (comma-separated)
 *   BENCH_WORKERS=2       shards of the data-parallel figure (default: what training would choose, ≥ 2)
 *   BENCH_WARMUP=n        untimed batches before the first timed epoch (default one epoch, as PyTorch's)
 */
import * as tf from '@tensorflow/tfjs';
import { createTrainStep } from '../../src/main/engine/parallel';
import { KernelProfiler } from '../lib/kernel-profile';
import { loadMnist, type MnistSlice } from '../lib/mnist';
import { seedCnn } from '../lib/seed-cnn';
import { BATCH, line, onEachBackend, trainFigures, type TrainData } from '../lib/train-bench';
import type { BenchCase, BenchFigure } from '../lib/types';

const SHAPE = [28, 28, 1];
const PER = 28 * 28;

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

/** The seed CNN's training figures on one backend, then (wasm, tensorflow) its kernel profile and predict. */
async function seedCnnFigures(
  backend: string,
  samples: number,
  repeats: number,
  log: (s: string) => void,
): Promise<BenchFigure[]> {
  const mnist = loadMnist(samples);
  const data: TrainData = {
    x: mnist.images,
    y: mnist.labels,
    count: mnist.count,
    inputShape: SHAPE,
    classes: 10,
  };
  const figures = await trainFigures({
    task: 'seed-cnn-train',
    backend,
    data,
    makeModel: seedCnn,
    loss: 'sparseCategoricalCrossentropy',
    repeats,
    log,
  });
  if (backend === 'wasm' || backend === 'tensorflow') {
    figures[0]!.extra = { ...figures[0]!.extra, profile: await profileSingle(backend, mnist, log) };
    figures.push(...(await predictFigures(backend, mnist, log)));
  }
  return figures;
}

const seedCnnTfjs: BenchCase = {
  name: 'seed-cnn-tfjs',
  rounds: true,
  description:
    'Seed CNN (Conv32-Pool-Conv64-Pool-Dense64-Dense10), batch 64, Adam 1e-3, one epoch per backend (single-threaded and data-parallel), predict b1/b256',
  run: (ctx) =>
    onEachBackend(ctx, ctx.samples, (backend, samples, repeats) =>
      seedCnnFigures(backend, samples, repeats, ctx.log),
    ),
};
export default seedCnnTfjs;
