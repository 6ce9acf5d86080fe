import { describe, expect, it, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { registerWasmTrainingKernels } from './index';

// One training step (Adam) of each layer kind the catalog offers, on the wasm backend.
type Case = {
  name: string;
  build: () => tf.LayersModel;
  x: () => tf.Tensor;
  y: () => tf.Tensor;
  loss: string;
};
const seq = (layers: tf.layers.Layer[]) => tf.sequential({ layers });
const img =
  (h = 8, w = 8, c = 3) =>
  () =>
    tf.randomNormal([4, h, w, c]);
const cls =
  (n = 3) =>
  () =>
    tf.oneHot(tf.tensor1d([0, 1, 2, 1], 'int32'), n);
const sparse = () => tf.tensor1d([0, 1, 2, 1], 'float32');

function attention(): tf.LayersModel {
  class MHA extends tf.layers.Layer {
    static className = 'TestSelfAttention';
    wq!: tf.LayerVariable;
    wk!: tf.LayerVariable;
    wv!: tf.LayerVariable;
    override build(s: tf.Shape | tf.Shape[]) {
      const d = (s as number[])[2]!;
      this.wq = this.addWeight('wq', [d, d], 'float32', tf.initializers.glorotUniform({}));
      this.wk = this.addWeight('wk', [d, d], 'float32', tf.initializers.glorotUniform({}));
      this.wv = this.addWeight('wv', [d, d], 'float32', tf.initializers.glorotUniform({}));
    }
    override call(inputs: tf.Tensor | tf.Tensor[]) {
      return tf.tidy(() => {
        const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
        const [b, t, d] = x.shape;
        const h = 2,
          dh = d / h;
        const proj = (w: tf.LayerVariable) =>
          tf
            .matMul(x.reshape([b * t, d]), w.read() as tf.Tensor2D)
            .reshape([b, t, h, dh])
            .transpose([0, 2, 1, 3]);
        const q = proj(this.wq),
          k = proj(this.wk),
          v = proj(this.wv);
        const att = tf.softmax(tf.matMul(q, k, false, true).div(Math.sqrt(dh)));
        return tf.matMul(att, v).transpose([0, 2, 1, 3]).reshape([b, t, d]);
      });
    }
    override computeOutputShape(s: tf.Shape | tf.Shape[]) {
      return s;
    }
  }
  const inp = tf.input({ shape: [6, 8] });
  const o = new MHA({}).apply(inp) as tf.SymbolicTensor;
  const out = tf.layers
    .dense({ units: 3, activation: 'softmax' })
    .apply(tf.layers.globalAveragePooling1d().apply(o)) as tf.SymbolicTensor;
  return tf.model({ inputs: inp, outputs: out });
}

const cases: Case[] = [
  {
    name: 'dense',
    build: () =>
      seq([
        tf.layers.dense({ inputShape: [5], units: 4, activation: 'relu' }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ]),
    x: () => tf.randomNormal([4, 5]),
    y: cls(),
    loss: 'categoricalCrossentropy',
  },
  {
    name: 'conv1d',
    build: () =>
      seq([
        tf.layers.conv1d({ inputShape: [10, 3], filters: 4, kernelSize: 3 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ]),
    x: () => tf.randomNormal([4, 10, 3]),
    y: sparse,
    loss: 'sparseCategoricalCrossentropy',
  },
  {
    name: 'conv2d-valid-s1',
    build: () =>
      seq([
        tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ]),
    x: img(),
    y: cls(),
    loss: 'categoricalCrossentropy',
  },
  {
    name: 'conv2d-same-s2',
    build: () =>
      seq([
        tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3, strides: 2, padding: 'same' }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ]),
    x: img(),
    y: cls(),
    loss: 'categoricalCrossentropy',
  },
  {
    name: 'separable',
    build: () =>
      seq([
        tf.layers.separableConv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ]),
    x: img(),
    y: cls(),
    loss: 'categoricalCrossentropy',
  },
  {
    name: 'depthwise',
    build: () =>
      seq([
        tf.layers.depthwiseConv2d({ inputShape: [8, 8, 3], kernelSize: 3, depthMultiplier: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ]),
    x: img(),
    y: cls(),
    loss: 'categoricalCrossentropy',
  },
  {
    name: 'maxpool1d',
    build: () =>
      seq([
        tf.layers.maxPooling1d({ inputShape: [10, 3], poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ]),
    x: () => tf.randomNormal([4, 10, 3]),
    y: cls(),
    loss: 'categoricalCrossentropy',
  },
  {
    name: 'maxpool2d',
    build: () =>
      seq([
        tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3 }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ]),
    x: img(),
    y: cls(),
    loss: 'categoricalCrossentropy',
  },
  {
    name: 'avgpool2d',
    build: () =>
      seq([
        tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3 }),
        tf.layers.averagePooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ]),
    x: img(),
    y: cls(),
    loss: 'categoricalCrossentropy',
  },
  {
    name: 'gap1d',
    build: () =>
      seq([
        tf.layers.conv1d({ inputShape: [10, 3], filters: 4, kernelSize: 3 }),
        tf.layers.globalAveragePooling1d(),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ]),
    x: () => tf.randomNormal([4, 10, 3]),
    y: cls(),
    loss: 'categoricalCrossentropy',
  },
  {
    name: 'gap2d',
    build: () =>
      seq([
        tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3 }),
        tf.layers.globalAveragePooling2d({}),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ]),
    x: img(),
    y: cls(),
    loss: 'categoricalCrossentropy',
  },
  {
    name: 'batchnorm',
    build: () =>
      seq([
        tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3 }),
        tf.layers.batchNormalization(),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ]),
    x: img(),
    y: cls(),
    loss: 'categoricalCrossentropy',
  },
  {
    name: 'layernorm',
    build: () =>
      seq([
        tf.layers.dense({ inputShape: [5], units: 4 }),
        tf.layers.layerNormalization(),
        tf.layers.dropout({ rate: 0.3 }),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ]),
    x: () => tf.randomNormal([4, 5]),
    y: () => tf.tensor2d([[0], [1], [1], [0]]),
    loss: 'binaryCrossentropy',
  },
  {
    name: 'embedding',
    build: () =>
      seq([
        tf.layers.embedding({ inputDim: 20, outputDim: 4, inputLength: 6 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ]),
    x: () =>
      tf.tensor2d([
        [1, 2, 3, 4, 5, 6],
        [1, 1, 1, 1, 2, 2],
        [7, 8, 9, 10, 11, 19],
        [0, 0, 0, 0, 0, 0],
      ]),
    y: sparse,
    loss: 'sparseCategoricalCrossentropy',
  },
  {
    name: 'lstm',
    build: () =>
      seq([
        tf.layers.lstm({ inputShape: [6, 3], units: 4 }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ]),
    x: () => tf.randomNormal([4, 6, 3]),
    y: cls(),
    loss: 'categoricalCrossentropy',
  },
  {
    name: 'gru',
    build: () =>
      seq([
        tf.layers.gru({ inputShape: [6, 3], units: 4 }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ]),
    x: () => tf.randomNormal([4, 6, 3]),
    y: cls(),
    loss: 'categoricalCrossentropy',
  },
  {
    name: 'bilstm',
    build: () =>
      seq([
        tf.layers.bidirectional({ inputShape: [6, 3], layer: tf.layers.lstm({ units: 4 }) as tf.RNN }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ]),
    x: () => tf.randomNormal([4, 6, 3]),
    y: cls(),
    loss: 'categoricalCrossentropy',
  },
  {
    name: 'merge',
    build: () => {
      const i = tf.input({ shape: [5] });
      const a = tf.layers.dense({ units: 4 }).apply(i) as tf.SymbolicTensor;
      const b = tf.layers.dense({ units: 4 }).apply(i) as tf.SymbolicTensor;
      const s = tf.layers.add().apply([a, b]) as tf.SymbolicTensor;
      const m = tf.layers.multiply().apply([a, b]) as tf.SymbolicTensor;
      const c = tf.layers.concatenate().apply([s, m]) as tf.SymbolicTensor;
      return tf.model({
        inputs: i,
        outputs: tf.layers.dense({ units: 3, activation: 'softmax' }).apply(c) as tf.SymbolicTensor,
      });
    },
    x: () => tf.randomNormal([4, 5]),
    y: cls(),
    loss: 'categoricalCrossentropy',
  },
  {
    name: 'attention',
    build: attention,
    x: () => tf.randomNormal([4, 6, 8]),
    y: cls(),
    loss: 'categoricalCrossentropy',
  },
];

describe('one training step on wasm', () => {
  beforeAll(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
  });
  for (const c of cases) {
    it(c.name, async () => {
      const m = c.build();
      m.compile({ optimizer: tf.train.adam(1e-2), loss: c.loss });
      const before = m.getWeights().map((w) => Array.from(w.dataSync()));
      const x = c.x(),
        y = c.y();
      const h = await m.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 });
      expect(Number.isFinite(h.history.loss[0] as number)).toBe(true);
      const after = m.getWeights().map((w) => Array.from(w.dataSync()));
      const changed = after.filter((w, i) => w.some((v, j) => v !== before[i]![j])).length;
      expect(changed).toBeGreaterThan(0);
      tf.dispose([x, y]);
      m.dispose();
    });
  }
});
