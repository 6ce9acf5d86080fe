import { mixSeed, permutation, seededRandom } from '../../../shared/random';

/** Split codes per row: 0 train, 1 validation, 2 test. */
export const SPLITS = ['train', 'val', 'test'] as const;

/** Normalise train/val/test fractions to sum to 1. */
export function normaliseRatios(r: { train: number; val: number; test: number }): [number, number, number] {
  const sum = r.train + r.val + r.test;
  return [r.train / sum, r.val / sum, r.test / sum];
}

/**
 * Seeded stratified split: within each class the rows are shuffled and cut by the ratios, so every
 * split keeps the class proportions of the source (within one row per class) and the same seed always
 * gives the same rows. Rows whose label is negative are left out (code -1).
 */
export function stratifiedSplit(labels: Int32Array, classCount: number, ratios: [number, number, number], seed: number): Int8Array {
  const byClass: number[][] = Array.from({ length: classCount }, () => []);
  labels.forEach((c, i) => {
    if (c >= 0) byClass[c].push(i);
  });
  const out = new Int8Array(labels.length).fill(-1);
  byClass.forEach((rows, c) => {
    const perm = permutation(rows.length, seededRandom(mixSeed(seed, c + 1)));
    const nTrain = Math.round(rows.length * ratios[0]);
    const nVal = Math.min(rows.length - nTrain, Math.round(rows.length * ratios[1]));
    perm.forEach((p, k) => {
      out[rows[p]] = k < nTrain ? 0 : k < nTrain + nVal ? 1 : 2;
    });
  });
  return out;
}

/** Rows of each split in a seeded interleaved order (so "the first N" of a split is a fair sample). */
export function splitRows(codes: Int8Array, seed: number): [Uint32Array, Uint32Array, Uint32Array] {
  const lists: number[][] = [[], [], []];
  const perm = permutation(codes.length, seededRandom(mixSeed(seed, 0x51717)));
  for (const i of perm) if (codes[i] >= 0) lists[codes[i]].push(i);
  return lists.map((l) => Uint32Array.from(l)) as [Uint32Array, Uint32Array, Uint32Array];
}

/**
 * The split of one row from a seeded hash of its index: no shuffle of the whole table is needed, so a
 * file streams through once. Not stratified: each split gets each class in proportion on average only.
 */
export function hashSplitCode(row: number, seed: number, ratios: readonly [number, number, number]): 0 | 1 | 2 {
  // murmur3's finaliser over the mixed seed and row: neighbouring rows land in unrelated splits.
  let h = mixSeed(mixSeed(seed, 0x5eed5), row);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  const u = ((h ^ (h >>> 16)) >>> 0) / 4294967296;
  return u < ratios[0] ? 0 : u < ratios[0] + ratios[1] ? 1 : 2;
}
