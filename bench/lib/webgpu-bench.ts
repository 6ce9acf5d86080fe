/**
 * The webgpu bench case's models, data and table (bench/cases/webgpu.ts): the seed CNN on MNIST and a
 * 32×32×3 CNN on synthetic colour images, trained a fixed number of steps on webgpu, on wasm and with
 * the PyTorch anchor.
 */
import * as tf from '@tensorflow/tfjs';
import { makeOptimizer } from '../../src/main/engine/optimizers';
import type { Hyperparams } from '../../src/shared/api/schemas';
import type { GpuAdapterInfo } from '../../src/shared/api/types';
import { seededRandom } from '../../src/shared/random';
import { adapterText } from '../../src/main/engine/webgpu';
import { compareEachWithAnchor, formatSpread, isAnchor, summarize, type RoundFigure } from './rounds';
import type { TrainData } from './train-bench';

export const CNN32_SHAPE = [32, 32, 3];
export const CNN32_CLASSES = 10;

/**
 * Three blocks of 3×3 convolution ('same', ReLU) and 2×2 max pooling with 32, 64 and 128 filters, then
 * Dense(10) softmax: about 20 MFLOP a sample forward, four times the seed CNN. bench/torch_cnn32.py
 * builds the same layers.
 */
export function cnn32(): tf.Sequential {
  const block = (filters: number, first: boolean): tf.layers.Layer[] => [
    tf.layers.conv2d({
      ...(first ? { inputShape: CNN32_SHAPE } : {}),
      filters,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
    }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
  ];
  const model = tf.sequential({
    layers: [
      ...block(32, true),
      ...block(64, false),
      ...block(128, false),
      tf.layers.flatten(),
      tf.layers.dense({ units: CNN32_CLASSES, activation: 'softmax' }),
    ],
  });
  model.compile({
    optimizer: makeOptimizer({ optimizer: 'adam', learningRate: 1e-3 } as Hyperparams),
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

/**
 * `count` synthetic 32×32×3 images in [0, 1], channels last: each class a stripe pattern of its own
 * frequency, direction and colour, plus noise, so the loss can fall as on real images. Same seed, same bytes.
 */
export function cnn32Data(count: number, seed = 1): TrainData {
  const [h, w, c] = CNN32_SHAPE as [number, number, number];
  const rand = seededRandom(seed);
  const x = new Float32Array(count * h * w * c);
  const y = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const k = Math.floor(rand() * CNN32_CLASSES);
    y[i] = k;
    const fx = 0.2 + 0.15 * (k % 5);
    const fy = k < 5 ? 0.1 : 0.45;
    for (let r = 0; r < h; r++)
      for (let col = 0; col < w; col++)
        for (let ch = 0; ch < c; ch++) {
          const wave = Math.sin(fx * col + fy * r + ch * (1 + k * 0.3));
          x[((i * h + r) * w + col) * c + ch] = 0.5 + 0.3 * wave + 0.4 * (rand() - 0.5);
        }
  }
  return { x, y, count, inputShape: CNN32_SHAPE, classes: CNN32_CLASSES };
}

/** What the adapter is, in the words the table prints: a software device is a path check, not GPU speed. */
export function adapterVerdict(adapter: GpuAdapterInfo | undefined): string {
  if (!adapter) return 'WebGPU adapter: unknown';
  return adapter.software
    ? `WebGPU adapter: ${adapterText(adapter)}. This is a software Vulkan device running on the CPU, not a GPU: ` +
        'the webgpu figures check that training runs on the GPU code path, they do not measure GPU speed.'
    : `WebGPU adapter: ${adapterText(adapter)} (a hardware GPU).`;
}

/**
 * The case's table: samples/s of every configuration over the rounds (median and range) and its ratio to
 * the PyTorch anchor's best configuration on the same model, paired by round; then what the adapter is.
 */
export function webgpuTable(figures: RoundFigure[]): string[] {
  const rows = compareEachWithAnchor(figures);
  if (!rows.length) return [];
  const anchorRows = summarize(figures.filter(isAnchor));
  const out = [
    '',
    '== webgpu case: samples/s over the rounds, median (range); ours / the PyTorch anchor\'s best, paired by round',
  ];
  for (const task of new Set(rows.map((r) => r.task))) {
    for (const r of rows.filter((x) => x.task === task))
      out.push(
        `  ${task.padEnd(22)} ${r.config.padEnd(17)} ${formatSpread(r.samplesPerSec, 1).padEnd(30)} ` +
          (r.ratio ? `= ${formatSpread(r.ratio, 3)} × ${r.anchor}` : 'no PyTorch anchor ran'),
      );
    for (const a of anchorRows.filter((x) => x.task === task))
      out.push(`  ${task.padEnd(22)} ${a.config.padEnd(17)} ${formatSpread(a.samplesPerSec, 1)}`);
  }
  const adapter = figures.find((f) => f.extra?.adapter)?.extra?.adapter as GpuAdapterInfo | undefined;
  out.push(`  ${adapterVerdict(adapter)}`);
  return out;
}
