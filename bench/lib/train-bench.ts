/**
 * Training-speed helpers shared by the *-tfjs cases: one timed epoch through the app's inner training
 * step (engine/parallel), the single-threaded vs data-parallel figures, the backend loop, and printing.
 */
import { activateBackend, detectBackends } from '../../src/main/engine/backend';
import { chooseTrainWorkers, createTrainStep, type TrainStep } from '../../src/main/engine/parallel';
import { fusedDenseStep } from '../../src/main/engine/fused-dense';
import type * as tf from '@tensorflow/tfjs';
import type { BenchContext, BenchFigure } from './types';

/** Batch size of every training figure (the app's default, the seed's Keras example). */
export const BATCH = 64;

/** Samples in memory, flat row-major features and class indices: what the training step consumes. */
export interface TrainData {
  x: Float32Array;
  y: Int32Array;
  count: number;
  inputShape: number[];
  classes: number;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** A permutation of 0..n-1 from a small LCG (deterministic per seed). */
export function shuffled(n: number, seed: number): Uint32Array {
  const p = Uint32Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0;
  for (let i = n - 1; i > 0; i--) {
    s = (s * 1664525 + 1013904223) >>> 0;
    const j = s % (i + 1);
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}

export const perSample = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** One epoch over the samples through `step`, batch 64 (or `batch`), in `order` as runTraining does; returns seconds. */
export async function epoch(
  step: TrainStep,
  data: TrainData,
  order: Uint32Array,
  batch = BATCH,
): Promise<{ seconds: number; loss: number; acc: number }> {
  const per = perSample(data.inputShape);
  const xBuf = new Float32Array(batch * per);
  const yBuf = new Int32Array(batch);
  let lossSum = 0;
  let accSum = 0;
  const t0 = performance.now();
  for (let b = 0; b * batch < data.count; b++) {
    const n = Math.min(batch, data.count - b * batch);
    for (let i = 0; i < n; i++) {
      const row = order[b * batch + i]!;
      xBuf.set(data.x.subarray(row * per, (row + 1) * per), i * per);
      yBuf[i] = data.y[row]!;
    }
    const [loss, acc] = await step.run(xBuf, yBuf, n);
    lossSum += loss * n;
    accSum += acc * n;
  }
  return { seconds: (performance.now() - t0) / 1000, loss: lossSum / data.count, acc: accSum / data.count };
}

/** One printed figure line: engine, samples, samples/s, ms/batch. */
export function line(engine: string, n: number, sps: number, msb: number, note = ''): string {
  return `${engine.padEnd(18)} ${String(n).padStart(6)} samples  ${sps.toFixed(1).padStart(8)} samples/s  ${msb.toFixed(1).padStart(8)} ms/batch${note}`;
}

export interface TrainTiming {
  /** Figure task name; the PyTorch anchor of the same model uses the same one. */
  task: string;
  backend: string;
  data: TrainData;
  /** A fresh model compiled for training (optimizer, loss, metric); called once per variant. */
  makeModel: () => tf.LayersModel;
  /** The loss name createTrainStep hands to gradient workers. */
  loss: string;
  /** Epochs timed per variant; the median is reported. */
  repeats: number;
  /**
   * Untimed batches per variant before the first timed epoch (default: one epoch, as the PyTorch anchor
   * discards its first epoch; env BENCH_WARMUP overrides).
   */
  warmup?: number;
  log: (line: string) => void;
  extra?: Record<string, unknown>;
  /** Samples per step (default BATCH, 64). */
  batch?: number;
}

/**
 * Training samples/s through createTrainStep: single-threaded (workers: 1, trainOnBatch) and, on wasm,
 * data-parallel over worker threads (BENCH_WORKERS, default what training would choose, ≥ 2). Warm-up
 * batches on each, then `repeats` epochs per variant, variants alternating so load changes on a
 * shared machine hit both alike.
 */
export async function trainFigures(t: TrainTiming): Promise<BenchFigure[]> {
  const { data, backend, log } = t;
  const batch = t.batch ?? BATCH;
  const n = data.count;
  const per = perSample(data.inputShape);
  const batches = Math.ceil(n / batch);
  const variants: { engine: string; workers: number; fused?: boolean }[] = [{ engine: `tfjs-${backend}`, workers: 1 }];
  if (backend === 'wasm') {
    const workers = Number(process.env.BENCH_WORKERS) || Math.max(2, chooseTrainWorkers(batch, 'wasm', {}));
    variants.push({ engine: `tfjs-${backend}-dp`, workers });
    // The fused Dense trainer, where training would pick it (a small Dense stack): plain JS, no backend.
    const probe = t.makeModel();
    if (fusedDenseStep(probe, { loss: t.loss, batchSize: batch })) variants.push({ engine: 'js-fused-dense', workers: 1, fused: true });
    probe.dispose();
  }
  const runs = variants.map(() => [] as { seconds: number; loss: number; acc: number }[]);
  const models = variants.map(() => t.makeModel());
  const steps: TrainStep[] = [];
  try {
    for (let v = 0; v < variants.length; v++)
      steps.push(
        await createTrainStep(models[v]!, {
          loss: t.loss,
          classes: data.classes,
          inputShape: data.inputShape,
          batchSize: batch,
          ...(variants[v]!.fused ? {} : { workers: variants[v]!.workers, engine: 'tfjs' as const }),
        }),
      );
    // Warm-up batches on each (V8 moves the wasm kernels from its baseline compiler to optimised code
    // and optimises tfjs's op dispatch; about 50 steps), never more than an epoch's worth.
    const warm = Math.min(batch, n);
    const wanted = Number(process.env.BENCH_WARMUP) || t.warmup || batches;
    const warmBatches = Math.max(1, Math.min(wanted, Math.floor(n / batch)));
    for (const s of steps)
      for (let b = 0; b < warmBatches; b++)
        await s.run(data.x.subarray(0, warm * per), data.y.subarray(0, warm), warm);
    for (let r = 0; r < t.repeats; r++)
      for (let v = 0; v < variants.length; v++)
        runs[v]!.push(await epoch(steps[v]!, data, shuffled(n, r + 1), batch));
  } finally {
    steps.forEach((s) => s.dispose());
    models.forEach((m) => m.dispose());
  }
  const figures = variants.map((variant, v): BenchFigure => {
    const secs = runs[v]!.map((x) => x.seconds);
    const seconds = median(secs);
    const rates = secs.map((s) => +(n / s).toFixed(1));
    const fig: BenchFigure = {
      engine: variant.engine,
      task: t.task,
      samples: n,
      seconds: +seconds.toFixed(3),
      samplesPerSec: +(n / seconds).toFixed(1),
      msPerBatch: +((seconds * 1000) / batches).toFixed(1),
      threads: variant.workers,
      extra: {
        ...t.extra,
        rates,
        loss: +runs[v]!.at(-1)!.loss.toFixed(4),
        acc: +runs[v]!.at(-1)!.acc.toFixed(4),
      },
    };
    const note = `  (${variant.workers} thread${variant.workers > 1 ? 's' : ''}; epochs: ${rates.join(', ')})`;
    log(line(fig.engine, n, fig.samplesPerSec, fig.msPerBatch!, note));
    return fig;
  });
  if (figures.length >= 2)
    log(
      `  data-parallel / single-threaded = ${(figures[1]!.samplesPerSec / figures[0]!.samplesPerSec).toFixed(2)}`,
    );
  if (figures.length >= 3)
    log(`  fused Dense / single-threaded tfjs = ${(figures[2]!.samplesPerSec / figures[0]!.samplesPerSec).toFixed(2)}`);
  return figures;
}

/**
 * Runs `fn` on each TensorFlow.js backend available here (BENCH_BACKENDS=wasm,cpu narrows the list),
 * activated in turn, with the backend's sample count (ctx.cpuSamples on the pure-JS cpu backend, else
 * `samples`) and epoch repeats (BENCH_REPEATS, default 1; always 1 on cpu). A backend in `skip`, or a
 * software WebGPU adapter, runs only when BENCH_BACKENDS names it; otherwise the reason is printed.
 */
export async function onEachBackend(
  ctx: BenchContext,
  samples: number,
  fn: (backend: string, samples: number, repeats: number) => Promise<BenchFigure[]>,
  skip: Record<string, string> = {},
): Promise<BenchFigure[]> {
  const report = await detectBackends();
  const only = process.env.BENCH_BACKENDS?.split(',').map((s) => s.trim());
  const repeats = Math.max(1, Number(process.env.BENCH_REPEATS ?? 1) || 1);
  for (const c of report.candidates)
    ctx.log(`  backend ${c.name}: ${c.available ? 'available' : 'unavailable'} (${c.reason})`);
  const figures: BenchFigure[] = [];
  for (const c of report.candidates.filter((c) => c.available && (!only || only.includes(c.name)))) {
    // A software GPU adapter (lavapipe) trains ~50× slower than wasm; training never picks it by itself,
    // and `npm run bench -- webgpu` measures it in small, fixed steps.
    const why =
      skip[c.name] ??
      (c.adapter?.software ? 'a software WebGPU adapter, measured by the webgpu case (npm run bench -- webgpu)' : undefined);
    if (why && !only) {
      ctx.log(`  ${c.name} skipped (BENCH_BACKENDS=${c.name} runs it): ${why}`);
      continue;
    }
    const active = await activateBackend({
      ...report,
      active: c.name,
      candidates: report.candidates.map((x) => ({ ...x })),
    });
    if (active !== c.name) continue;
    const cpu = c.name === 'cpu';
    figures.push(...(await fn(c.name, cpu ? ctx.cpuSamples : samples, cpu ? 1 : repeats)));
  }
  return figures;
}
