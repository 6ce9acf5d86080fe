import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { LAYER_SPECS } from '../../shared/layers/catalog';
import { analyzeGraph } from '../../shared/validate/analyze';
import { activateBackend, detectBackends } from './backend';
import { compileGraph } from './compile';
import { probeGraph } from './catalog-probe.fixture';

/**
 * Every catalog layer on the WebGPU rung, pinned (in CI: Mesa's lavapipe, a software Vulkan device):
 * the gradients of one batch match the cpu backend's, and one training step changes the weights.
 * Where no WebGPU adapter is present the suite is skipped and says why; CI installs lavapipe
 * (.ci/run), and LAYERLAB_REQUIRE_WEBGPU=1 there turns a missing adapter into a failure.
 */
const report = await detectBackends({ pinned: 'webgpu', env: {} });
const webgpu = report.candidates.find((c) => c.name === 'webgpu')!;
const present = webgpu.available;
if (!present) console.warn(`webgpu tests skipped: ${webgpu.reason}`);

describe('a WebGPU adapter is present where CI requires it', () => {
  it.runIf(process.env.LAYERLAB_REQUIRE_WEBGPU === '1')('webgpu is available', () => {
    expect(webgpu.reason, 'LAYERLAB_REQUIRE_WEBGPU=1 but the webgpu rung is unavailable').toMatch(/adapter/);
    expect(webgpu.available).toBe(true);
  });
});

function inputsFor(graph: ReturnType<typeof probeGraph>, n: number): tf.Tensor {
  const input = graph.nodes.find((node) => node.kind.startsWith('Input'))!;
  const shape = analyzeGraph(graph).shapes[input.id] as number[];
  if (input.kind === 'InputSequence') return tf.randomUniform([n, ...shape], 0, 3, 'int32', 7).toFloat();
  return tf.randomNormal([n, ...shape], 0, 1, 'float32', 7);
}

/**
 * Cross-entropy of the softmax output against integer labels, and its gradient for every weight.
 * Read back with data(), not dataSync(): tfjs-backend-webgpu's synchronous read needs OffscreenCanvas,
 * which Node lacks.
 */
async function gradients(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): Promise<{ loss: number; grads: Float32Array[] }> {
  const { value, grads } = tf.tidy(() => {
    const classes = model.outputs[0].shape[1] as number;
    const onehot = tf.oneHot(y.toInt(), classes);
    const { value, grads } = tf.variableGrads(() => {
      // training: false keeps Dropout and noise layers deterministic, so the two backends agree.
      const p = model.apply(x, { training: false }) as tf.Tensor;
      return tf.neg(tf.mean(tf.sum(tf.mul(onehot, tf.log(tf.add(p, 1e-7))), -1))) as tf.Scalar;
    });
    const names = model.trainableWeights.map((w) => (w.read() as tf.Variable).name);
    return { value, grads: names.map((n) => grads[n]) };
  });
  const out = { loss: (await value.data())[0], grads: (await Promise.all(grads.map((g) => g.data()))) as Float32Array[] };
  tf.dispose([value, ...grads]);
  return out;
}

const readWeights = (model: tf.LayersModel) => Promise.all(model.getWeights().map((w) => w.data()));

describe.runIf(present)(`every catalog layer trains one step on webgpu (${webgpu.reason})`, () => {
  for (const spec of LAYER_SPECS) {
    it(spec.kind, async () => {
      await tf.setBackend('cpu');
      const graph = probeGraph(spec.kind);
      const model = compileGraph(graph);
      model.compile({ optimizer: tf.train.adam(1e-2), loss: 'sparseCategoricalCrossentropy' });
      const classes = model.outputs[0].shape[1] as number;
      const x = inputsFor(graph, 4);
      const y = tf.tensor2d([0, 1, 0, classes - 1], [4, 1]);
      const ref = await gradients(model, x, y);

      expect(await activateBackend(report)).toBe('webgpu');
      const got = await gradients(model, x, y);
      expect(got.loss).toBeCloseTo(ref.loss, 3);
      got.grads.forEach((g, i) => {
        const scale = Math.max(1e-3, ...ref.grads[i].map(Math.abs));
        const worst = g.reduce((m, v, j) => Math.max(m, Math.abs(v - ref.grads[i][j])), 0);
        expect(worst / scale, `${model.trainableWeights[i].name}: largest gradient difference vs cpu`).toBeLessThan(1e-3);
      });

      const before = await readWeights(model);
      const loss = (await model.trainOnBatch(x, y)) as number;
      expect(Number.isFinite(loss)).toBe(true);
      const after = await readWeights(model);
      expect(after.some((w, i) => w.some((v, j) => v !== before[i][j]))).toBe(true);
      tf.dispose([x, y]);
      model.dispose();
    });
  }
});
