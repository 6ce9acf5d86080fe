import { mixSeed, permutation, seededRandom } from '../../../shared/random';
import { openDatabase, type Db } from '../../db';
import { blobToFloat32, blobToInt32, datasetDataRepo, type SplitName } from '../../db/repos/dataset-data';
import { databaseFile } from '../../paths';
import { findBuiltin } from './builtins';
import { perSample } from './prepared';
import { resolveVersionId } from './stored';
import type { SampleSet } from './types';

/** One split of a stored version, read chunk by chunk instead of all at once. */
export interface ChunkedSplit {
  count: number;
  chunks: { index: number; count: number }[];
  /** Rows of one chunk (position in `chunks`), truncated to the split's limit. */
  read(position: number): SampleSet;
}

/** A stored dataset version opened for streaming: memory holds a few chunks, never the whole split. */
export interface StreamedDataset {
  inputShape: number[];
  classes: string[];
  train: ChunkedSplit;
  val: ChunkedSplit;
  test: ChunkedSplit;
  /** Size of the training features in bytes (why streaming was chosen). */
  trainBytes: number;
  close(): void;
}

/**
 * Stream when the training features exceed this (LAYERLAB_STREAM_ABOVE_MB, default 256 MB): held in memory, a
 * 5,000,000-row table of 19 features took the trainer to 1.07 GB; streamed, memory stays at a few chunks.
 */
export const streamThresholdBytes = (env = process.env): number => Number(env.LAYERLAB_STREAM_ABOVE_MB ?? 256) * 2 ** 20;

function chunkedSplit(db: Db, versionId: string, split: SplitName, per: number, limit: number): ChunkedSplit {
  const repo = datasetDataRepo(db);
  const all = repo.chunkIndex(versionId, split);
  const total = all.reduce((a, c) => a + c.count, 0);
  const count = limit > 0 ? Math.min(limit, total) : total;
  // Keep the chunks that hold the first `count` rows (limits mean "the first N", as in memory).
  const chunks: { index: number; count: number }[] = [];
  let left = count;
  for (const c of all) {
    if (left <= 0) break;
    chunks.push({ index: c.index, count: Math.min(c.count, left) });
    left -= c.count;
  }
  return {
    count,
    chunks,
    read(position) {
      const c = chunks[position];
      const row = repo.chunk(versionId, split, c.index);
      if (!row) throw new Error(`Dataset version ${versionId} lost its ${split} chunk ${c.index}.`);
      return { x: blobToFloat32(row.x).subarray(0, c.count * per), y: blobToInt32(row.y).subarray(0, c.count), count: c.count };
    },
  };
}

/**
 * Open an imported version for streaming when its training features are larger than the threshold;
 * null for built-ins and for versions small enough to hold in memory (the faster, exact-shuffle path).
 */
export function openStreamedIfLarge(
  idOrVersion: string,
  dataDir: string,
  limits: { train: number; test: number },
  threshold = streamThresholdBytes(),
): StreamedDataset | null {
  if (findBuiltin(idOrVersion.replace(/@\d+$/, ''))) return null;
  const db = openDatabase(databaseFile(dataDir), { readonly: true });
  try {
    const versionId = resolveVersionId(db, idOrVersion);
    const meta = datasetDataRepo(db).meta(versionId)!;
    const inputShape = JSON.parse(meta.input_shape) as number[];
    const per = perSample(inputShape);
    const train = chunkedSplit(db, versionId, 'train', per, limits.train);
    const trainBytes = train.count * per * 4;
    if (trainBytes <= threshold) {
      db.close();
      return null;
    }
    return {
      inputShape,
      classes: JSON.parse(meta.classes) as string[],
      train,
      val: chunkedSplit(db, versionId, 'val', per, 0),
      test: chunkedSplit(db, versionId, 'test', per, limits.test),
      trainBytes,
      close: () => db.close(),
    };
  } catch (err) {
    if (db.open) db.close();
    throw err;
  }
}

/** Every label of a split (small: one int per row), read chunk by chunk. */
export function labelsOf(split: ChunkedSplit): Int32Array {
  const out = new Int32Array(split.count);
  let at = 0;
  split.chunks.forEach((_, p) => {
    const s = split.read(p);
    out.set(s.y, at);
    at += s.count;
  });
  return out;
}

/**
 * One epoch of batches from a chunked split: chunk order shuffled per epoch (seeded), rows shuffled
 * within a window of `window` chunks, the remainder carried into the next window. Memory: the window
 * plus one batch. The same seed and epoch give the same batches, so resume stays reproducible.
 */
export function* streamedBatches(
  split: ChunkedSplit,
  per: number,
  batchSize: number,
  seed: number,
  epoch: number,
  window = 2,
): Generator<SampleSet> {
  const order = permutation(split.chunks.length, seededRandom(mixSeed(seed, epoch)));
  let carryX = new Float32Array(0);
  let carryY = new Int32Array(0);
  for (let w = 0; w < order.length; w += window) {
    const parts = Array.from(order.subarray(w, w + window), (p) => split.read(p));
    const n = carryY.length + parts.reduce((a, p) => a + p.count, 0);
    const x = new Float32Array(n * per);
    const y = new Int32Array(n);
    x.set(carryX);
    y.set(carryY);
    let at = carryY.length;
    for (const p of parts) {
      x.set(p.x, at * per);
      y.set(p.y, at);
      at += p.count;
    }
    const rows = permutation(n, seededRandom(mixSeed(mixSeed(seed, epoch), w + 1)));
    const full = Math.floor(n / batchSize) * batchSize;
    const last = w + window >= order.length;
    const emit = last ? n : full;
    for (let b = 0; b < emit; b += batchSize) {
      const m = Math.min(batchSize, emit - b);
      const bx = new Float32Array(m * per);
      const by = new Int32Array(m);
      for (let i = 0; i < m; i++) {
        const r = rows[b + i];
        bx.set(x.subarray(r * per, (r + 1) * per), i * per);
        by[i] = y[r];
      }
      yield { x: bx, y: by, count: m };
    }
    const rest = rows.subarray(emit);
    carryX = new Float32Array(rest.length * per);
    carryY = new Int32Array(rest.length);
    rest.forEach((r, i) => {
      carryX.set(x.subarray(r * per, (r + 1) * per), i * per);
      carryY[i] = y[r];
    });
  }
}
