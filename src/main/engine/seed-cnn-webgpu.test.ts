import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { TEMPLATES } from '../../shared/templates';
import { activateBackend, detectBackends } from './backend';
import { compileGraph } from './compile';
import { loadIdxSplit, mnistDir } from './data/mnist';

/**
 * The seed CNN (mnist-cnn template) trains on the pinned WebGPU rung: one epoch over the first 256 MNIST
 * images (8 steps: lavapipe runs a step of this CNN in about 3 s on 2 cores), and the loss falls. On lavapipe (CI) this checks the GPU code path, not its speed. Skipped,
 * saying why, where no WebGPU adapter is present (LAYERLAB_REQUIRE_WEBGPU=1 makes that a failure).
 */
const report = await detectBackends({ pinned: 'webgpu', env: {} });
const webgpu = report.candidates.find((c) => c.name === 'webgpu')!;
if (!webgpu.available) console.warn(`webgpu seed-CNN test skipped: ${webgpu.reason}`);
const required = process.env.LAYERLAB_REQUIRE_WEBGPU === '1';

describe.runIf(webgpu.available || required)('seed CNN on webgpu', () => {
  it(`trains one epoch of 256 MNIST images with a falling loss (${webgpu.reason})`, async () => {
    expect(await activateBackend(report)).toBe('webgpu');
    const template = TEMPLATES.find((t) => t.id === 'mnist-cnn')!;
    const model = compileGraph(template.graph);
    model.compile({ optimizer: tf.train.adam(3e-3), loss: 'sparseCategoricalCrossentropy' });
    const n = 256;
    const set = loadIdxSplit(mnistDir(), 'train', n);
    const x = tf.tensor4d(set.x, [n, 28, 28, 1]);
    const y = tf.tensor2d(Float32Array.from(set.y), [n, 1]);
    const losses: number[] = [];
    await model.fit(x, y, {
      epochs: 1,
      batchSize: 32,
      shuffle: false,
      verbose: 0,
      callbacks: { onBatchEnd: async (_b, logs) => void losses.push(logs!.loss as number) },
    });
    console.log(`seed CNN on webgpu, loss per step: ${losses.map((l) => l.toFixed(3)).join(' ')}`);
    expect(losses).toHaveLength(8);
    expect(losses.every(Number.isFinite)).toBe(true);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    // Ten classes start near ln 10 ≈ 2.3; a working step function lowers it clearly within 8 steps.
    expect(mean(losses.slice(0, 2))).toBeGreaterThan(1.8);
    expect(mean(losses.slice(-3))).toBeLessThan(mean(losses.slice(0, 2)) - 0.2);
    tf.dispose([x, y]);
    model.dispose();
  }, 400_000);
});
