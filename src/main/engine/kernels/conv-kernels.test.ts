import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import {
  compareKernel,
  KERNEL_TOL as TOL,
  onBackend,
  onBothPaths,
  runOn,
  maxRelDiff,
  randomValues,
} from './test-util';
import { registerWasmTrainingKernels } from './index';

type Pad = 'valid' | 'same' | number[][];
interface ConvCase {
  x: [number, number, number, number];
  f: [number, number, number, number];
  s: number | [number, number];
  pad: Pad;
}
const convCases: ConvCase[] = [
  { x: [2, 7, 7, 3], f: [3, 3, 3, 4], s: 1, pad: 'valid' },
  { x: [2, 7, 7, 3], f: [3, 3, 3, 4], s: 1, pad: 'same' },
  { x: [2, 8, 8, 3], f: [3, 3, 3, 5], s: 2, pad: 'same' },
  { x: [2, 9, 9, 2], f: [3, 3, 2, 4], s: 2, pad: 'valid' },
  { x: [1, 8, 9, 1], f: [2, 3, 1, 6], s: [2, 1], pad: 'valid' },
  { x: [3, 10, 10, 1], f: [5, 5, 1, 3], s: 1, pad: 'same' },
  {
    x: [1, 6, 7, 2],
    f: [3, 2, 2, 3],
    s: [1, 2],
    pad: [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ],
  },
  { x: [4, 12, 12, 8], f: [3, 3, 8, 16], s: 1, pad: 'valid' },
  // K = kh·kw·ci < co: the filter gradient packs the patch matrix instead of dy.
  { x: [3, 14, 14, 1], f: [3, 3, 1, 32], s: 1, pad: 'valid' },
  { x: [2, 9, 9, 1], f: [3, 3, 1, 16], s: 2, pad: 'same' },
  { x: [2, 8, 9, 2], f: [2, 2, 2, 16], s: [1, 2], pad: 'same' },
  // The seed CNN's second layer.
  { x: [8, 13, 13, 32], f: [3, 3, 32, 64], s: 1, pad: 'valid' },
  // Few input channels, unpadded, strided: the SIMD filter gradient's packing-free path.
  { x: [2, 11, 10, 3], f: [3, 2, 3, 16], s: [2, 1], pad: 'valid' },
  // Channels a multiple of 8 (the SIMD input gradient adds whole tiles into dx), strided and padded.
  { x: [2, 9, 9, 8], f: [3, 3, 8, 12], s: 2, pad: 'same' },
];
const outShape = (c: ConvCase, depthwise = false): number[] =>
  tf.backend_util.computeConv2DInfo(c.x, c.f, c.s, 1, c.pad as 'valid', undefined, depthwise).outShape;
const label = (c: ConvCase) => `x${c.x} f${c.f} s${c.s} ${JSON.stringify(c.pad)}`;

onBothPaths('wasm convolution kernels match the cpu backend', () => {
  it('registers idempotently', async () => {
    registerWasmTrainingKernels();
    const k = tf.getKernel('Conv2DBackpropFilter', 'wasm');
    const mm = tf.getKernel('BatchMatMul', 'wasm');
    registerWasmTrainingKernels();
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBe(k);
    expect(tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc).toBe(mm!.kernelFunc);
    for (const name of [
      'DepthwiseConv2dNativeBackpropFilter',
      'DepthwiseConv2dNativeBackpropInput',
      'UnsortedSegmentSum',
    ]) {
      expect(tf.getKernel(name, 'wasm'), name).toBeDefined();
    }
  });

  for (const c of convCases) {
    it(`Conv2DBackpropFilter ${label(c)}`, async () => {
      const r = await compareKernel(
        'Conv2DBackpropFilter',
        { x: { shape: c.x }, dy: { shape: outShape(c) } },
        {
          strides: c.s,
          pad: c.pad,
          dataFormat: 'NHWC',
          filterShape: c.f,
        },
      );
      expect(r.shape).toEqual(c.f);
      expect(r.diff).toBeLessThan(TOL);
      expect(r.scale).toBeGreaterThan(0);
    });
    it(`Conv2DBackpropInput ${label(c)}`, async () => {
      const r = await compareKernel(
        'Conv2DBackpropInput',
        { dy: { shape: outShape(c) }, filter: { shape: c.f } },
        {
          strides: c.s,
          pad: c.pad,
          dataFormat: 'NHWC',
          inputShape: c.x,
        },
      );
      expect(r.shape).toEqual(c.x);
      expect(r.diff).toBeLessThan(TOL);
      expect(r.scale).toBeGreaterThan(0);
    });
  }

  for (const c of convCases) {
    it(`Conv2D ${label(c)}`, async () => {
      const r = await compareKernel(
        'Conv2D',
        { x: { shape: c.x }, filter: { shape: c.f } },
        { strides: c.s, pad: c.pad, dataFormat: 'NHWC', dilations: 1 },
      );
      expect(r.shape).toEqual(r.cpuShape);
      expect(r.diff).toBeLessThan(TOL);
    });
  }

  it.each([
    { activation: 'relu', dilations: 1 },
    { activation: 'linear', dilations: 2 },
    // Not ours: the backend's own kernel.
    { activation: 'relu6', dilations: 1 },
  ])('FusedConv2D with bias, $activation, dilation $dilations', async ({ activation, dilations }) => {
    const r = await compareKernel(
      'FusedConv2D',
      { x: { shape: [3, 11, 10, 8] }, filter: { shape: [3, 3, 8, 12] }, bias: { shape: [12] } },
      { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations, activation },
    );
    expect(r.shape).toEqual(r.cpuShape);
    expect(r.diff).toBeLessThan(TOL);
  });

  it('Conv2DBackpropFilter handles dilations (checked against a direct sum)', async () => {
    const f: [number, number, number, number] = [3, 3, 2, 2];
    const info = tf.backend_util.computeConv2DInfo([1, 9, 9, 2], f, 1, 2, 'valid');
    const xv = randomValues(162);
    const dyv = randomValues(tf.util.sizeFromShape(info.outShape));
    const out = await runOn(
      'wasm',
      'Conv2DBackpropFilter',
      { x: { shape: [1, 9, 9, 2], values: xv }, dy: { shape: info.outShape, values: dyv } },
      {
        strides: 1,
        dilations: 2,
        pad: 'valid',
        dataFormat: 'NHWC',
        filterShape: f,
      },
    );
    // Reference: dW = ∂/∂W sum(conv2d(x, W, dilation 2) · dy), computed with the cpu forward op per element.
    const ref = await onBackend('cpu', () =>
      tf.tidy(() => {
        const xs = tf.tensor4d(xv, [1, 9, 9, 2]);
        const dy = tf.tensor4d(dyv, info.outShape as never);
        const res: number[] = [];
        for (let i = 0; i < 36; i++) {
          const onehot = tf.oneHot([i], 36).reshape(f) as tf.Tensor4D;
          res.push(tf.conv2d(xs, onehot.toFloat(), 1, 'valid', 'NHWC', 2).mul(dy).sum().dataSync()[0]!);
        }
        return res;
      }),
    );
    expect(maxRelDiff(out.values, ref)).toBeLessThan(TOL);
  });

  it.each([
    { s: 1, pad: 'valid' as 'valid' | 'same' | number[][] },
    { s: 1, pad: 'same' as 'valid' | 'same' | number[][] },
    {
      s: 1,
      pad: [
        [0, 0],
        [2, 1],
        [1, 3],
        [0, 0],
      ],
    },
  ])('Conv2DBackpropInput with dilation 2, $pad padding is the adjoint of conv2d', async ({ s, pad }) => {
    const xShape: [number, number, number, number] = [2, 11, 10, 3];
    const f: [number, number, number, number] = [3, 3, 3, 4];
    const info = tf.backend_util.computeConv2DInfo(xShape, f, s, 2, pad as 'valid');
    const xv = randomValues(tf.util.sizeFromShape(xShape));
    const wv = randomValues(tf.util.sizeFromShape(f));
    const dyv = randomValues(tf.util.sizeFromShape(info.outShape));
    const dx = await runOn(
      'wasm',
      'Conv2DBackpropInput',
      { dy: { shape: info.outShape, values: dyv }, filter: { shape: f, values: wv } },
      {
        strides: s,
        dilations: 2,
        pad,
        dataFormat: 'NHWC',
        inputShape: xShape,
      },
    );
    expect(dx.shape).toEqual(xShape);
    // <conv2d(x, W), dy> = <x, dx> for every x; checked for one random x on the cpu backend.
    const lhs = await onBackend('cpu', () =>
      tf.tidy(() => {
        const y = tf.conv2d(tf.tensor4d(xv, xShape), tf.tensor4d(wv, f), s, pad as 'valid', 'NHWC', 2);
        return y.mul(tf.tensor(dyv, info.outShape)).sum().dataSync()[0]!;
      }),
    );
    let rhs = 0;
    for (let i = 0; i < xv.length; i++) rhs += xv[i]! * dx.values[i]!;
    expect(Math.abs(lhs - rhs) / Math.max(1, Math.abs(lhs))).toBeLessThan(TOL);
  });

  it('rejects NCHW with a clear message', async () => {
    await onBackend('wasm', () => {
      const x = tf.zeros([1, 2, 5, 5]),
        dy = tf.zeros([1, 2, 3, 3]);
      expect(() =>
        tf.engine().runKernel(
          'Conv2DBackpropFilter',
          { x, dy },
          {
            strides: 1,
            pad: 'valid',
            dataFormat: 'NCHW',
            filterShape: [3, 3, 2, 2],
          },
        ),
      ).toThrow(/NHWC/);
      tf.dispose([x, dy]);
    });
  });

  const dwCases: ConvCase[] = [
    { x: [2, 7, 7, 3], f: [3, 3, 3, 1], s: 1, pad: 'valid' },
    { x: [2, 8, 8, 3], f: [3, 3, 3, 2], s: 2, pad: 'same' },
    { x: [1, 9, 8, 4], f: [2, 3, 4, 3], s: [1, 2], pad: 'same' },
    { x: [2, 6, 6, 2], f: [3, 3, 2, 1], s: 1, pad: 'same' },
    { x: [2, 7, 7, 3], f: [3, 3, 3, 2], s: 1, pad: 'same' },
    { x: [1, 6, 7, 2], f: [2, 2, 2, 3], s: 1, pad: 'same' },
    {
      x: [1, 8, 8, 2],
      f: [3, 3, 2, 2],
      s: 1,
      pad: [
        [0, 0],
        [0, 2],
        [1, 1],
        [0, 0],
      ],
    },
  ];
  for (const c of dwCases) {
    it(`DepthwiseConv2dNativeBackpropFilter ${label(c)}`, async () => {
      const r = await compareKernel(
        'DepthwiseConv2dNativeBackpropFilter',
        { x: { shape: c.x }, dy: { shape: outShape(c, true) } },
        {
          strides: c.s,
          dilations: 1,
          pad: c.pad,
          filterShape: c.f,
        },
      );
      expect(r.shape).toEqual(c.f);
      expect(r.diff).toBeLessThan(TOL);
      expect(r.scale).toBeGreaterThan(0);
    });
    it(`DepthwiseConv2dNativeBackpropInput ${label(c)}`, async () => {
      const r = await compareKernel(
        'DepthwiseConv2dNativeBackpropInput',
        { dy: { shape: outShape(c, true) }, filter: { shape: c.f } },
        {
          strides: c.s,
          dilations: 1,
          pad: c.pad,
          inputShape: c.x,
        },
      );
      expect(r.shape).toEqual(c.x);
      expect(r.diff).toBeLessThan(TOL);
      expect(r.scale).toBeGreaterThan(0);
    });
  }
});
