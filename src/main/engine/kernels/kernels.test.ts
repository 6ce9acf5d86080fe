import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { compareKernel, onBackend, runOn, maxRelDiff, randomValues } from './test-util';
import { registerWasmTrainingKernels } from './index';

const TOL = 1e-4;
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

// Every case runs twice: through LayerLab's SIMD kernels (simd/src) and through the portable paths
// (XNNPACK routes and JS loops) that engines without wasm SIMD, or LAYERLAB_SIMD_KERNELS=0, use.
describe.each([
  { path: 'SIMD kernels', env: undefined },
  { path: 'portable paths', env: '0' },
])('wasm training kernels match the cpu backend ($path)', ({ env }) => {
  beforeAll(() => {
    if (env) process.env.LAYERLAB_SIMD_KERNELS = env;
  });
  afterAll(() => {
    delete process.env.LAYERLAB_SIMD_KERNELS;
  });

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

  it.each([
    { x: [6, 4], ids: [0, 2, 2, 1, 0, 4], n: 5 },
    { x: [5, 2, 3], ids: [3, 3, 3, 0, 1], n: 4 },
    { x: [7], ids: [1, 0, 1, 0, 2, 2, 9], n: 3 },
  ])('UnsortedSegmentSum x$x ids$ids', async ({ x, ids, n }) => {
    const r = await compareKernel(
      'UnsortedSegmentSum',
      { x: { shape: x }, segmentIds: { shape: [ids.length], dtype: 'int32', values: ids } },
      { numSegments: n },
    );
    expect(r.shape).toEqual(r.cpuShape);
    expect(r.diff).toBeLessThan(TOL);
    expect(r.scale).toBeGreaterThan(0);
  });

  it('UnsortedSegmentSum on int32 values', async () => {
    const r = await compareKernel(
      'UnsortedSegmentSum',
      {
        x: { shape: [4, 2], dtype: 'int32', values: [1, 2, 3, 4, 5, 6, 7, 8] },
        segmentIds: { shape: [4], dtype: 'int32', values: [1, 1, 0, 1] },
      },
      { numSegments: 2 },
    );
    expect(r.diff).toBe(0);
  });

  it.each([
    { x: [2, 8, 8, 3], size: 2, s: 2, pad: 'valid' },
    { x: [2, 7, 7, 4], size: 3, s: 2, pad: 'same' },
    { x: [1, 9, 9, 2], size: 3, s: 1, pad: 'valid' },
    { x: [3, 5, 6, 5], size: 2, s: 1, pad: 'same' },
    // The seed CNN's second pool: 11 → 5 leaves the last row and column outside every window.
    { x: [2, 11, 11, 8], size: 2, s: 2, pad: 'valid' },
  ])('MaxPoolGrad x$x size$size s$s $pad', async ({ x, size, s, pad }) => {
    const vals = Array.from({ length: tf.util.sizeFromShape(x) }, (_, i) => Math.sin(i * 12.9898) * 10);
    const pooled = await runOn(
      'cpu',
      'MaxPool',
      { x: { shape: x, values: vals } },
      { filterSize: size, strides: s, pad },
    );
    const r = await compareKernel(
      'MaxPoolGrad',
      {
        dy: { shape: pooled.shape },
        input: { shape: x, values: vals },
        output: { shape: pooled.shape, values: Array.from(pooled.values) },
      },
      { filterSize: size, strides: s, pad },
    );
    expect(r.diff).toBeLessThan(TOL);
    expect(r.scale).toBeGreaterThan(0);
  });

  it.each([
    { x: [2, 8, 8, 3], size: 2, s: 2, pad: 'valid' },
    { x: [2, 7, 7, 4], size: 3, s: 2, pad: 'same' },
    { x: [1, 9, 9, 8], size: 3, s: 1, pad: 'valid' },
    { x: [3, 5, 6, 5], size: 2, s: 1, pad: 'same' },
  ])('AvgPoolGrad x$x size$size s$s $pad', async ({ x, size, s, pad }) => {
    const dyShape = tf.backend_util.computePool2DInfo(
      x as [number, number, number, number],
      size,
      s,
      1,
      pad as 'valid',
    ).outShape;
    const r = await compareKernel(
      'AvgPoolGrad',
      { dy: { shape: dyShape }, input: { shape: x } },
      { filterSize: size, strides: s, pad },
    );
    expect(r.shape).toEqual(r.cpuShape);
    expect(r.diff).toBeLessThan(TOL);
    expect(r.scale).toBeGreaterThan(0);
  });

  it.each([
    { shape: [8, 20, 20, 16], axis: [0, 1, 2], keepDims: false },
    { shape: [8, 20, 20, 16], axis: [0, 1, 2], keepDims: true },
    { shape: [64, 1024], axis: 0, keepDims: false },
    { shape: [8, 20, 20, 16], axis: [1, 2], keepDims: false },
    { shape: [40, 1000], axis: -1, keepDims: false },
    { shape: [64, 26, 26, 32], axis: [2, 0, 1], keepDims: false },
    { shape: [6, 7, 5], axis: [0, 1, 2], keepDims: false },
    { shape: [6, 7, 5], axis: [0, 2], keepDims: true },
    // Leading rows not a multiple of the 4 summed per pass.
    { shape: [5, 3, 7], axis: [0, 1], keepDims: false },
    { shape: [3, 9], axis: 0, keepDims: true },
  ])('Sum $shape axis $axis keepDims $keepDims', async ({ shape, axis, keepDims }) => {
    const r = await compareKernel('Sum', { x: { shape } }, { axis, keepDims });
    expect(r.shape).toEqual(r.cpuShape);
    expect(r.diff).toBeLessThan(TOL);
    expect(r.scale).toBeGreaterThan(0);
  });

  it.each([
    { a: [20, 30], b: [30, 40], tA: false, tB: false },
    { a: [30, 20], b: [30, 40], tA: true, tB: false },
    { a: [20, 30], b: [40, 30], tA: false, tB: true },
    { a: [30, 20], b: [40, 30], tA: true, tB: true },
    { a: [1, 64, 50], b: [1, 64, 33], tA: true, tB: false },
    { a: [3, 8, 5], b: [3, 6, 5], tA: false, tB: true },
    { a: [2, 3], b: [4, 3], tA: false, tB: true },
    // A batch of one broadcast against a batch of four.
    { a: [1, 5, 7], b: [4, 7, 6], tA: false, tB: false },
    { a: [4, 7, 5], b: [7, 6], tA: true, tB: false },
    // Past every block of the SIMD gemm (rows 128, depth 512, columns 512), with ragged edges.
    { a: [130, 601], b: [601, 521], tA: false, tB: false },
    { a: [601, 130], b: [521, 601], tA: true, tB: true },
    // A Dense layer's three products in the seed CNN.
    { a: [64, 1600], b: [1600, 64], tA: false, tB: false },
    { a: [64, 1600], b: [64, 64], tA: true, tB: false },
    { a: [64, 64], b: [1600, 64], tA: false, tB: true },
  ])('BatchMatMul a$a b$b tA=$tA tB=$tB', async ({ a, b, tA, tB }) => {
    const r = await compareKernel(
      'BatchMatMul',
      { a: { shape: a }, b: { shape: b } },
      { transposeA: tA, transposeB: tB },
    );
    expect(r.shape).toEqual(r.cpuShape);
    expect(r.diff).toBeLessThan(TOL);
    expect(r.scale).toBeGreaterThan(0);
  });
});
