import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { compareKernel, onBackend } from './test-util';

// Memory ownership of our wasm kernels (numeric parity with cpu: conv-kernels and pool-sum-matmul tests).
describe('wasm Identity shares its input', () => {
  it('matches the cpu backend and frees the data only when both tensors are disposed', async () => {
    const r = await compareKernel('Identity', { x: { shape: [4, 5, 6] } }, {});
    expect(r.shape).toEqual([4, 5, 6]);
    expect(r.diff).toBe(0);
    await onBackend('wasm', () => {
      const be = tf.backend();
      const before = be.numDataIds();
      const x = tf.tensor([1, 2, 3, 4], [2, 2]);
      const y = tf.engine().runKernel('Identity', { x }, {}) as tf.Tensor;
      const xi = tf.cast(x, 'int32');
      const yi = tf.engine().runKernel('Identity', { x: xi }, {}) as tf.Tensor;
      xi.dispose();
      expect(Array.from(yi.dataSync())).toEqual([1, 2, 3, 4]);
      x.dispose();
      expect(be.numDataIds()).toBe(before + 2);
      expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4]);
      tf.dispose([y, yi]);
      expect(be.numDataIds()).toBe(before);
    });
  });
});

describe('wasm training kernels free their temporaries', () => {
  it('leaves no wasm data behind after the outputs are disposed', async () => {
    await onBackend('wasm', () => {
      const x = tf.randomNormal([2, 9, 9, 3]);
      const w = tf.randomNormal([3, 3, 3, 4]);
      const dw = tf.randomNormal([3, 3, 3, 2]);
      const ids = tf.tensor1d([0, 1, 1], 'int32');
      const be = tf.backend();
      const run = () => {
        const outs: tf.Tensor[] = [];
        const dy1 = tf.zeros([2, 7, 7, 4]);
        const dy2 = tf.zeros([2, 5, 5, 4]);
        const dyd = tf.zeros([2, 9, 9, 6]);
        const k = (name: string, inputs: tf.NamedTensorMap, attrs: object) =>
          outs.push(tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap) as tf.Tensor);
        k(
          'Conv2DBackpropFilter',
          { x, dy: dy1 },
          { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, 3, 4] },
        );
        k(
          'Conv2DBackpropInput',
          { dy: dy1, filter: w },
          { strides: 1, pad: 'valid', dataFormat: 'NHWC', inputShape: [2, 9, 9, 3] },
        );
        k(
          'Conv2DBackpropInput',
          { dy: dy2, filter: w },
          { strides: 2, pad: 'same', dataFormat: 'NHWC', inputShape: [2, 9, 9, 3] },
        );
        k(
          'DepthwiseConv2dNativeBackpropFilter',
          { x, dy: dyd },
          { strides: 1, dilations: 1, pad: 'same', filterShape: [3, 3, 3, 2] },
        );
        k(
          'DepthwiseConv2dNativeBackpropInput',
          { dy: dyd, filter: dw },
          { strides: 1, dilations: 1, pad: 'same', inputShape: [2, 9, 9, 3] },
        );
        k('UnsortedSegmentSum', { x: tf.slice(x, 0, 3), segmentIds: ids }, { numSegments: 2 });
        outs.push(tf.matMul(tf.reshape(x, [18, 27]), tf.reshape(x, [18, 27]), true, false));
        tf.dispose([...outs, dy1, dy2, dyd]);
      };
      tf.tidy(run);
      const before = be.numDataIds();
      tf.tidy(run);
      tf.tidy(run);
      expect(be.numDataIds()).toBe(before);
      tf.dispose([x, w, dw, ids]);
    });
  });
});
