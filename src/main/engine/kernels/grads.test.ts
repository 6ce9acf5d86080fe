import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { maxRelDiff, onBackend, randomValues } from './test-util';

/** A small conv net as a pure function of its weights (conv, separable, depthwise, pooling, dense). */
function net(x: tf.Tensor4D, w: tf.Tensor[]): tf.Scalar {
  const [c1, dw, pw, dw2, c2, d] = w as [
    tf.Tensor4D,
    tf.Tensor4D,
    tf.Tensor4D,
    tf.Tensor4D,
    tf.Tensor4D,
    tf.Tensor2D,
  ];
  let h = tf.relu(tf.conv2d(x, c1, 1, 'same'));
  h = tf.maxPool(h, 2, 2, 'valid');
  h = tf.separableConv2d(h, dw, pw, 1, 'valid');
  h = tf.depthwiseConv2d(tf.relu(h), dw2, 2, 'same');
  h = tf.conv2d(h, c2, 2, 'same');
  const flat = tf.reshape(h, [x.shape[0], -1]) as tf.Tensor2D;
  return tf.losses.softmaxCrossEntropy(tf.oneHot([1, 0, 2], 3), tf.matMul(flat, d)) as tf.Scalar;
}

describe('tf.grads of a conv net on wasm equals cpu', () => {
  it('matches within 1e-4', async () => {
    const shapes = [
      [3, 3, 2, 4],
      [3, 3, 4, 2],
      [1, 1, 8, 6],
      [3, 3, 6, 2],
      [3, 3, 12, 5],
      [20, 3],
    ];
    const xv = randomValues(3 * 16 * 16 * 2);
    const wv = shapes.map((s) => randomValues(s.reduce((a, b) => a * b, 1)).map((v) => v * 0.5));
    const run = (backend: 'wasm' | 'cpu') =>
      onBackend(backend, () =>
        tf.tidy(() => {
          const x = tf.tensor4d(xv, [3, 16, 16, 2]);
          const ws = shapes.map((s, i) => tf.tensor(wv[i]!, s));
          const g = tf.grads((...args: tf.Tensor[]) => net(x, args));
          return g(ws).map((t) => Array.from(t.dataSync()));
        }),
      );
    const cpu = await run('cpu');
    const wasm = await run('wasm');
    expect(wasm.length).toBe(cpu.length);
    for (let i = 0; i < cpu.length; i++) {
      expect(Math.max(...cpu[i]!.map(Math.abs)), `grad ${i} is non-zero`).toBeGreaterThan(0);
      expect(maxRelDiff(wasm[i]!, cpu[i]!), `grad ${i}`).toBeLessThan(1e-4);
    }
  });
});
