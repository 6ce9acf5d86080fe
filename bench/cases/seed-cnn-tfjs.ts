/** Seed-CNN training speed on each TensorFlow.js backend available here, on real MNIST samples. */
import * as tf from '@tensorflow/tfjs';
import { activateBackend, detectBackends } from '../../src/main/engine/backend';
import { KernelProfiler } from '../lib/kernel-profile';
import { loadMnist } from '../lib/mnist';
import { seedCnn } from '../lib/seed-cnn';
import type { BenchCase, BenchFigure } from '../lib/types';

const BATCH = 64;

async function trainFigure(backend: string, samples: number, log: (s: string) => void): Promise<BenchFigure> {
  const data = loadMnist(samples);
  const n = data.count;
  const model = seedCnn();
  const x = tf.tensor4d(data.images, [n, 28, 28, 1]);
  const y = tf.tensor1d(data.labels, 'float32');
  // Warm-up batch (wasm compiles XNNPACK operators, V8 optimises the kernels' loops).
  await model.trainOnBatch(x.slice(0, Math.min(BATCH, n)), y.slice(0, Math.min(BATCH, n)));
  const t0 = performance.now();
  const h = await model.fit(x, y, { batchSize: BATCH, epochs: 1, shuffle: true, verbose: 0 });
  const seconds = (performance.now() - t0) / 1000;
  const batches = Math.ceil(n / BATCH);
  let profile: { kernel: string; calls: number; msPerBatch: number }[] | undefined;
  if (backend === 'wasm' || backend === 'tensorflow') {
    const pb = Math.min(8, Math.floor(n / BATCH));
    const xb = Array.from({ length: pb }, (_, i) => x.slice(i * BATCH, BATCH));
    const yb = Array.from({ length: pb }, (_, i) => y.slice(i * BATCH, BATCH));
    const prof = new KernelProfiler(backend);
    prof.start();
    try {
      for (let i = 0; i < pb; i++) await model.trainOnBatch(xb[i]!, yb[i]!);
    } finally {
      prof.stop();
      tf.dispose([...xb, ...yb]);
    }
    profile = prof
      .report()
      .slice(0, 12)
      .map((s) => ({ kernel: s.kernel, calls: s.calls / pb, msPerBatch: +(s.ms / pb).toFixed(2) }));
  }
  tf.dispose([x, y]);
  model.dispose();
  const fig: BenchFigure = {
    engine: `tfjs-${backend}`,
    task: 'seed-cnn-train',
    samples: n,
    seconds: +seconds.toFixed(3),
    samplesPerSec: +(n / seconds).toFixed(1),
    msPerBatch: +((seconds * 1000) / batches).toFixed(1),
    threads: 1,
    extra: {
      loss: +(h.history.loss[0] as number).toFixed(4),
      acc: +((h.history.acc?.[0] as number) ?? 0).toFixed(4),
      profile,
    },
  };
  log(
    `${fig.engine.padEnd(16)} ${String(n).padStart(6)} samples  ${fig.samplesPerSec.toFixed(1).padStart(8)} samples/s  ${fig.msPerBatch!.toFixed(1).padStart(8)} ms/batch`,
  );
  if (profile) {
    for (const p of profile)
      log(
        `    ${p.kernel.padEnd(30)} ${String(p.calls).padStart(4)}× ${p.msPerBatch.toFixed(2).padStart(8)} ms/batch`,
      );
  }
  return fig;
}

const seedCnnTfjs: BenchCase = {
  name: 'seed-cnn-tfjs',
  description:
    'Seed CNN (Conv32-Pool-Conv64-Pool-Dense64-Dense10), batch 64, Adam 1e-3, one epoch per backend',
  async run(ctx) {
    const report = await detectBackends();
    for (const c of report.candidates)
      ctx.log(`  backend ${c.name}: ${c.available ? 'available' : 'unavailable'} (${c.reason})`);
    const figures: BenchFigure[] = [];
    for (const c of report.candidates.filter((c) => c.available)) {
      if (
        c.name === 'tensorflow-gpu' &&
        report.candidates.find((x) => x.name === 'tensorflow')?.available === false
      ) {
        // tfjs-node-gpu registers 'tensorflow' too; measured once below the name it loaded under.
      }
      const active = await activateBackend({
        ...report,
        active: c.name,
        candidates: report.candidates.map((x) => ({ ...x })),
      });
      if (active !== c.name) continue;
      const samples = c.name === 'cpu' ? ctx.cpuSamples : ctx.samples;
      figures.push(await trainFigure(c.name, samples, ctx.log));
    }
    return figures;
  },
};
export default seedCnnTfjs;
