import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { compareKernel, KERNEL_TOL as TOL, onBothPaths, runOn } from './test-util';

onBothPaths('wasm pooling, reduction and product kernels match the cpu backend', () => {
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
