/**
 * The WebGPU rung against our wasm path and PyTorch: the seed CNN (MNIST, batch 64) and a 32×32×3 CNN
 * (synthetic colour images, batch 128, bench/lib/webgpu-bench.ts) trained a fixed number of steps on the
 * pinned webgpu backend, on wasm (single-threaded and data-parallel, as training runs it) and with the
 * PyTorch anchor (CUDA where torch has it, else CPU with its best thread count).
 *
 * On a software adapter (Mesa's lavapipe, SwiftShader) the webgpu figures are a check that training runs
 * on the GPU code path, not a GPU speed: the table says so, naming the adapter. Where no adapter is
 * present the case says why and returns no figures.
 *   BENCH_WEBGPU_STEPS=n   timed steps per model on webgpu, after one untimed step (default 2 for the
 *                          seed CNN, 1 for the 32×32×3 CNN: 20 s a step on lavapipe)
 *   BENCH_WEBGPU_CPU_STEPS=8   timed steps per model on wasm and PyTorch (after one untimed epoch)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as tf from '@tensorflow/tfjs';
import { activateBackend, detectBackends } from '../../src/main/engine/backend';
import type { BackendReport } from '../../src/shared/api/types';
import { loadMnist, mnistDir } from '../lib/mnist';
import { seedCnn } from '../lib/seed-cnn';
import { dataDigest } from '../lib/template-bench';
import { torchFigures } from '../lib/torch';
import { trainFigures, type TrainData } from '../lib/train-bench';
import type { BenchCase, BenchFigure } from '../lib/types';
import { adapterVerdict, cnn32, cnn32Data, webgpuTable } from '../lib/webgpu-bench';

const seedScript = fileURLToPath(new URL('../torch_seed_cnn.py', import.meta.url));
const cnn32Script = fileURLToPath(new URL('../torch_cnn32.py', import.meta.url));

const steps = (knob: string, fallback: number) => Math.max(1, Math.floor(Number(process.env[knob]) || fallback));

/** The first `count` rows of `data` (the webgpu side trains fewer steps than the others). */
const head = (data: TrainData, count: number): TrainData => {
  const per = data.inputShape.reduce((a, b) => a * b, 1);
  return { ...data, x: data.x.subarray(0, count * per), y: data.y.subarray(0, count), count };
};

interface ModelSpec {
  task: string;
  batch: number;
  /** Timed webgpu steps unless BENCH_WEBGPU_STEPS says. */
  gpuSteps: number;
  makeModel: () => tf.LayersModel;
  data: (count: number) => TrainData;
  /** The PyTorch anchor of the same model on the same samples. */
  torch: (data: TrainData, log: (line: string) => void) => BenchFigure[];
}

const MODELS: ModelSpec[] = [
  {
    task: 'webgpu-seed-cnn-train',
    batch: 64,
    gpuSteps: 2,
    makeModel: seedCnn,
    data: (count) => {
      const m = loadMnist(count);
      return { x: m.images, y: m.labels, count: m.count, inputShape: [28, 28, 1], classes: 10 };
    },
    torch: (data, log) =>
      torchFigures({
        script: seedScript,
        args: (threads) => [mnistDir(), String(data.count), String(threads), '2', 'auto'],
        task: 'webgpu-seed-cnn-train',
        log,
      }),
  },
  {
    task: 'webgpu-cnn32-train',
    batch: 128,
    gpuSteps: 1,
    makeModel: cnn32,
    data: (count) => cnn32Data(count),
    torch: (data, log) => {
      const dir = mkdtempSync(join(os.tmpdir(), 'layerlab-bench-cnn32-'));
      try {
        writeFileSync(join(dir, 'x.f32'), new Uint8Array(data.x.buffer, data.x.byteOffset, data.x.byteLength));
        writeFileSync(join(dir, 'y.i32'), new Uint8Array(data.y.buffer, data.y.byteOffset, data.y.byteLength));
        const sha256 = dataDigest(data);
        writeFileSync(join(dir, 'meta.json'), JSON.stringify({ count: data.count, batch: 128, classes: data.classes, sha256 }));
        const figures = torchFigures({
          script: cnn32Script,
          args: (threads) => [dir, String(threads), '2', 'auto'],
          task: 'webgpu-cnn32-train',
          log,
          batch: 128,
        });
        for (const f of figures)
          if (f.extra?.sha256 !== sha256) log(`  warning: torch read different bytes (${String(f.extra?.sha256)})`);
        return figures;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];

/** Switches tfjs to `name` on a copy of the report (activateBackend updates the report it is given). */
async function use(report: BackendReport, name: 'webgpu' | 'wasm'): Promise<boolean> {
  const copy = { ...report, active: name, candidates: report.candidates.map((c) => ({ ...c })) };
  return (await activateBackend(copy)) === name;
}

const webgpuCase: BenchCase = {
  name: 'webgpu',
  rounds: true,
  // About two minutes a round on lavapipe on 2 cores: three rounds unless --rounds says otherwise.
  defaultRounds: 3,
  description:
    'WebGPU rung vs wasm vs PyTorch: seed CNN (MNIST, batch 64) and a 32×32×3 CNN (Conv32-64-128 blocks, batch 128), a fixed number of Adam steps',
  async run(ctx) {
    // env {}: this case pins webgpu itself, whatever LAYERLAB_BACKEND says.
    const report = await detectBackends({ pinned: 'webgpu', env: {} });
    const webgpu = report.candidates.find((c) => c.name === 'webgpu')!;
    if (!webgpu.available) {
      ctx.log(`  no WebGPU adapter here, so the webgpu case is skipped: ${webgpu.reason}`);
      return [];
    }
    ctx.log(`  ${adapterVerdict(webgpu.adapter)}`);
    const cpuSteps = steps('BENCH_WEBGPU_CPU_STEPS', 8);
    const wasm = report.candidates.find((c) => c.name === 'wasm')!;
    const figures: BenchFigure[] = [];
    for (const m of MODELS) {
      const gpuSteps = steps('BENCH_WEBGPU_STEPS', m.gpuSteps);
      const data = m.data(Math.max(gpuSteps, cpuSteps) * m.batch);
      ctx.log(`  ${m.task}: webgpu ${gpuSteps} steps, wasm and PyTorch ${cpuSteps} steps of ${m.batch} samples`);
      const common = { task: m.task, makeModel: m.makeModel, loss: 'sparseCategoricalCrossentropy', repeats: 1, batch: m.batch, log: ctx.log };
      if (await use(report, 'webgpu'))
        figures.push(
          ...(await trainFigures({
            ...common,
            backend: 'webgpu',
            data: head(data, gpuSteps * m.batch),
            warmup: 1,
            extra: { adapter: webgpu.adapter },
          })),
        );
      else ctx.log('  webgpu failed to start; its figures are missing');
      if (wasm.available && (await use(report, 'wasm')))
        figures.push(...(await trainFigures({ ...common, backend: 'wasm', data: head(data, cpuSteps * m.batch) })));
      else ctx.log(`  wasm is not available here: ${wasm.reason}`);
      figures.push(...m.torch(head(data, cpuSteps * m.batch), ctx.log));
    }
    return figures;
  },
  report(figures, log) {
    for (const l of webgpuTable(figures)) log(l);
  },
};
export default webgpuCase;
