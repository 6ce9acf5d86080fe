import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { conv2dBiasRelu, CONV_BIAS_RELU, DENSE_BIAS_RELU, RELU_GRAD_BIAS } from './fused-relu-layers';
import { maxRelDiff, onBackend, randomValues } from './test-util';

/**
 * Two ReLU conv layers (the first one's input gradient is not needed) and a ReLU Dense layer, as the
 * layers API builds them.
 */
function model(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [9, 9, 3],
        filters: 8,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
      }),
      tf.layers.conv2d({ filters: 16, kernelSize: 3, strides: 2, activation: 'relu' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 6, activation: 'relu' }),
      tf.layers.dense({ units: 4 }),
    ],
  });
}

describe('Conv2D and Dense + bias + ReLU as one op while training on wasm', () => {
  it('gives the cpu backend gradients, without running the first layer input gradient', async () => {
    const xv = randomValues(5 * 9 * 9 * 3);
    const labels = [0, 1, 2, 3, 1];
    let weights: Float32Array[] | null = null;
    const run = (backend: 'wasm' | 'cpu') =>
      onBackend(backend, async () => {
        const m = model();
        if (!weights) weights = m.getWeights().map((w) => w.dataSync() as Float32Array);
        m.setWeights(m.getWeights().map((w, i) => tf.tensor(weights![i]!, w.shape)));
        const x = tf.tensor4d(xv, [5, 9, 9, 3]);
        const y = tf.oneHot(labels, 4);
        let grads: number[][] = [];
        const profile = await tf.profile(() => {
          const { grads: g } = tf.variableGrads(
            () => tf.losses.softmaxCrossEntropy(y, m.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
          );
          grads = m.trainableWeights.map((w) => Array.from(g[(w.read() as tf.Variable).name]!.dataSync()));
          tf.dispose(Object.values(g));
        });
        tf.dispose([x, y]);
        m.dispose();
        return { grads, kernels: profile.kernels.map((k) => k.name) };
      });
    const cpu = await run('cpu');
    const wasm = await run('wasm');
    expect(cpu.kernels).not.toContain(CONV_BIAS_RELU);
    expect(wasm.kernels.filter((k) => k === CONV_BIAS_RELU)).toHaveLength(2);
    expect(wasm.kernels.filter((k) => k === DENSE_BIAS_RELU)).toHaveLength(1);
    expect(wasm.kernels.filter((k) => k === RELU_GRAD_BIAS)).toHaveLength(3);
    expect(wasm.kernels.filter((k) => k === 'Conv2DBackpropInput')).toHaveLength(1);
    expect(wasm.kernels).not.toContain('Step');
    expect(wasm.grads.length).toBe(cpu.grads.length);
    for (let i = 0; i < cpu.grads.length; i++) {
      expect(Math.max(...cpu.grads[i]!.map(Math.abs)), `grad ${i} is non-zero`).toBeGreaterThan(0);
      expect(maxRelDiff(wasm.grads[i]!, cpu.grads[i]!), `grad ${i}`).toBeLessThan(1e-4);
    }
  });

  it.each([
    { x: [3, 7, 7, 1], f: [3, 3, 1, 5], s: 1, pad: 'valid' },
    { x: [2, 9, 8, 4], f: [3, 3, 4, 12], s: 2, pad: 'same' },
    { x: [1, 6, 6, 6], f: [2, 2, 6, 16], s: 1, pad: 'same' },
    { x: [5, 13, 13, 32], f: [3, 3, 32, 64], s: 1, pad: 'valid' },
  ] as {
    x: [number, number, number, number];
    f: [number, number, number, number];
    s: number;
    pad: 'valid' | 'same';
  }[])('forward x$x f$f s$s $pad equals relu(conv2d + bias) on cpu', async ({ x, f, s, pad }) => {
    const xv = randomValues(x.reduce((a: number, b: number) => a * b, 1));
    const fv = randomValues(f.reduce((a: number, b: number) => a * b, 1));
    const bv = randomValues(f[3]);
    const cpu = await onBackend('cpu', () =>
      tf.tidy(() =>
        tf
          .relu(tf.add(tf.conv2d(tf.tensor4d(xv, x), tf.tensor4d(fv, f), s, pad), tf.tensor1d(bv)))
          .dataSync(),
      ),
    );
    const wasm = await onBackend('wasm', () =>
      tf.tidy(() =>
        conv2dBiasRelu(tf.tensor4d(xv, x), tf.tensor4d(fv, f), tf.tensor1d(bv), [s, s], pad).dataSync(),
      ),
    );
    expect(wasm.length).toBe(cpu.length);
    expect(maxRelDiff(wasm, cpu)).toBeLessThan(1e-5);
  });

  it('leaves inference on tfjs own fused path', async () => {
    await onBackend('wasm', async () => {
      const m = model();
      const x = tf.ones([1, 9, 9, 3]);
      const profile = await tf.profile(() => (m.predict(x) as tf.Tensor).dispose());
      expect(profile.kernels.map((k) => k.name)).not.toContain(CONV_BIAS_RELU);
      x.dispose();
      m.dispose();
    });
  });
});
