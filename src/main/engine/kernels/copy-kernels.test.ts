import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { onBackend, randomValues } from './test-util';

/** The same op on cpu and wasm: every output's shape and values (exact: these kernels only move data). */
async function same(
  op: (x: tf.Tensor) => tf.Tensor | tf.Tensor[],
  shape: number[],
  dtype: 'float32' | 'int32' = 'float32',
) {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = dtype === 'int32' ? randomValues(size).map((v) => Math.round(v * 1000)) : randomValues(size);
  const run = (backend: 'cpu' | 'wasm') =>
    onBackend(backend, () =>
      tf.tidy(() => {
        const out = op(tf.tensor(values, shape, dtype));
        return (Array.isArray(out) ? out : [out]).map((t) => ({
          shape: t.shape,
          dtype: t.dtype,
          values: Array.from(t.dataSync()),
        }));
      }),
    );
  const cpu = await run('cpu');
  const wasm = await run('wasm');
  expect(wasm).toEqual(cpu);
  return wasm;
}

describe('block-copy kernels on wasm match the cpu backend', () => {
  it.each([0, 1, 2, -1])('Unpack along axis %i', async (axis) => {
    const out = await same((x) => tf.unstack(x, axis), [3, 5, 4]);
    expect(out.length).toBe([3, 5, 4].at(axis)!);
  });

  it('Unpack of int32 values', async () => {
    await same((x) => tf.unstack(x, 1), [2, 3, 2], 'int32');
  });

  it.each([
    { splits: 4, axis: 1 },
    { splits: [1, 2, 5], axis: 1 },
    { splits: [3, -1], axis: 0 },
    { splits: [2, 2], axis: -1 },
  ])('SplitV $splits along axis $axis', async ({ splits, axis }) => {
    await same((x) => tf.split(x, splits, axis), [6, 8, 4]);
  });

  it.each([0, 1, -1])(
    'Concat along axis %i (three inputs, one empty along that axis when possible)',
    async (axis) => {
      await same(
        (x) => {
          const parts = tf.split(x, [1, 2, 3], axis === -1 ? 2 : axis);
          return tf.concat([parts[0]!, parts[2]!, parts[1]!], axis);
        },
        [6, 6, 6],
      );
      await same((x) => tf.concat([x, tf.zeros([2, 0, 3]), x], 1), [2, 4, 3]);
    },
  );

  it('GatherV2 along axis 0 (an embedding lookup), float and int values; other axes too', async () => {
    const ids = [3, 0, 9, 3, 7, 1];
    await same((x) => tf.gather(x, tf.tensor2d(ids, [2, 3], 'int32')), [10, 4, 2]);
    await same((x) => tf.gather(x, tf.tensor1d(ids, 'int32')), [10, 5], 'int32');
    await same((x) => tf.gather(x, tf.tensor1d([2, 0, 1], 'int32'), 1), [4, 3, 2]);
  });

  it('GatherV2 names an index outside the table', async () => {
    await onBackend('wasm', () => {
      const table = tf.ones([4, 2]);
      const ids = tf.tensor1d([1, 4], 'int32');
      expect(() => tf.gather(table, ids)).toThrow(/index value 4 is not in \[0, 3\]/);
      tf.dispose([table, ids]);
    });
  });
});
