import * as tf from '@tensorflow/tfjs';
import { mixSeed, permutation, seededRandom } from '../../shared/random';
import { loadDataset } from './data/load';
import { labelsOf, openStreamedIfLarge, streamedBatches, type ChunkedSplit } from './data/streamed';
import type { SampleSet } from './data/types';
import { evaluateSamples, mergeEvaluations, type EvalResult } from './evaluate';
import type { TrainJob } from './protocol';

/** One batch for a training step: the first `n` rows of x/y are the batch. */
export interface Batch {
  x: Float32Array;
  y: Int32Array;
  n: number;
}

/** What the training loop needs from its data, whether held in memory or streamed from SQLite. */
export interface TrainingData {
  inputShape: number[];
  classes: string[];
  trainCount: number;
  /** Set when the data is streamed (why, in plain words). */
  streamedNote: string | null;
  trainLabels(): Int32Array;
  /** The epoch's batches, in a seeded order (same seed and epoch → same batches). */
  batches(epoch: number, batchSize: number): Iterable<Batch>;
  evaluateVal(model: tf.LayersModel): Promise<EvalResult | null>;
  evaluateTest(model: tf.LayersModel): Promise<EvalResult>;
  /**
   * What the baseline trains and is tested on: the training rows (a seeded sample of at most `maxTrain`
   * of them) and the test split, in parts.
   */
  baselineSets(maxTrain: number): { train: SampleSet; test: Iterable<SampleSet> };
  close(): void;
}

/** Split train indices into train/validation with a seeded shuffle (the same rows every time). */
export function splitIndices(count: number, validationSplit: number, seed: number): { train: Uint32Array; val: Uint32Array } {
  const perm = permutation(count, seededRandom(mixSeed(seed, 0x5eed)));
  const valCount = Math.floor(count * validationSplit);
  return { train: perm.subarray(valCount), val: perm.subarray(0, valCount) };
}

/** Copy the given rows of a sample set into a compact new one (features and labels). */
export function gatherRows(set: SampleSet, rows: Uint32Array, per: number): SampleSet {
  const x = new Float32Array(rows.length * per);
  const y = new Int32Array(rows.length);
  rows.forEach((r, i) => {
    x.set(set.x.subarray(r * per, (r + 1) * per), i * per);
    y[i] = set.y[r];
  });
  return { x, y, count: rows.length };
}

/**
 * Open a job's data: streamed chunk by chunk from the project database when the training features are
 * larger than LAYERLAB_STREAM_ABOVE_MB (imported datasets only), otherwise loaded into memory.
 */
export async function openTrainingData(job: TrainJob): Promise<TrainingData> {
  const hp = job.hyperparams;
  const id = job.datasetVersionId ?? job.datasetId;
  const limits = { train: hp.trainLimit, test: hp.testLimit };
  const streamed = openStreamedIfLarge(id, job.dataDir, limits);
  if (streamed) return streamedData(streamed.inputShape, streamed.classes, streamed, streamed.trainBytes, hp.seed);
  const data = await loadDataset(id, limits, { dataDir: job.dataDir });
  const per = data.inputShape.reduce((a, b) => a * b, 1);
  const classes = data.classes.length;
  // A dataset with its own stored validation split uses it; otherwise one is cut from train (seeded).
  const storedVal = data.val && data.val.count > 0 ? data.val : null;
  const { train: trainRows, val: valRows } = splitIndices(data.train.count, storedVal ? 0 : hp.validationSplit, hp.seed);
  const train = gatherRows(data.train, trainRows, per);
  const val = storedVal ?? gatherRows(data.train, valRows, per);
  return {
    inputShape: data.inputShape,
    classes: data.classes,
    trainCount: train.count,
    streamedNote: null,
    trainLabels: () => train.y,
    *batches(epoch, batchSize) {
      const order = permutation(train.count, seededRandom(mixSeed(hp.seed, epoch)));
      const x = new Float32Array(batchSize * per);
      const y = new Int32Array(batchSize);
      for (let start = 0; start < train.count; start += batchSize) {
        const n = Math.min(batchSize, train.count - start);
        for (let i = 0; i < n; i++) {
          const row = order[start + i];
          x.set(train.x.subarray(row * per, (row + 1) * per), i * per);
          y[i] = train.y[row];
        }
        yield { x, y, n };
      }
    },
    evaluateVal: async (model) => (val.count > 0 ? evaluateSamples(model, val, data.inputShape, classes) : null),
    evaluateTest: (model) => evaluateSamples(model, data.test, data.inputShape, classes, 256, true),
    // The training rows are already in a seeded random order, so their head is a fair sample.
    baselineSets: (maxTrain) => ({
      train: train.count <= maxTrain ? train : { x: train.x.subarray(0, maxTrain * per), y: train.y.subarray(0, maxTrain), count: maxTrain },
      test: [data.test],
    }),
    close: () => undefined,
  };
}

function streamedData(
  inputShape: number[],
  classNames: string[],
  s: { train: ChunkedSplit; val: ChunkedSplit; test: ChunkedSplit; close(): void },
  trainBytes: number,
  seed: number,
): TrainingData {
  const per = inputShape.reduce((a, b) => a * b, 1);
  const classes = classNames.length;
  const evaluateChunks = async (model: tf.LayersModel, split: ChunkedSplit, keep: boolean) => {
    const parts: EvalResult[] = [];
    // One chunk at a time, as before: only one chunk's rows are in memory.
    for (let p = 0; p < split.chunks.length; p++) {
      parts.push(await evaluateSamples(model, split.read(p), inputShape, classes, 256, keep));
    }
    return mergeEvaluations(parts, classes);
  };
  return {
    inputShape,
    classes: classNames,
    trainCount: s.train.count,
    streamedNote: `The training data (${Math.round(trainBytes / 2 ** 20)} MB) is streamed from the project database in chunks; rows are shuffled within windows of two chunks.`,
    trainLabels: () => labelsOf(s.train),
    *batches(epoch, batchSize) {
      for (const b of streamedBatches(s.train, per, batchSize, seed, epoch)) yield { x: b.x, y: b.y, n: b.count };
    },
    evaluateVal: async (model) => (s.val.count > 0 ? evaluateChunks(model, s.val, false) : null),
    evaluateTest: (model) => evaluateChunks(model, s.test, true),
    baselineSets: (maxTrain) => ({ train: sampleStreamed(s.train, per, maxTrain, seed), test: readAll(s.test) }),
    close: () => s.close(),
  };
}

/** Up to `maxTrain` rows of a streamed training split, read as the first epoch's shuffled batches give them. */
function sampleStreamed(split: ChunkedSplit, per: number, maxTrain: number, seed: number): SampleSet {
  const count = Math.min(maxTrain, split.count);
  const x = new Float32Array(count * per);
  const y = new Int32Array(count);
  let filled = 0;
  for (const b of streamedBatches(split, per, 1024, seed, 1)) {
    const n = Math.min(b.count, count - filled);
    x.set(b.x.subarray(0, n * per), filled * per);
    y.set(b.y.subarray(0, n), filled);
    filled += n;
    if (filled >= count) break;
  }
  return { x: x.subarray(0, filled * per), y: y.subarray(0, filled), count: filled };
}

/** The parts of a streamed split one at a time, so memory holds one chunk. */
function* readAll(split: ChunkedSplit): Generator<SampleSet> {
  for (let p = 0; p < split.chunks.length; p++) yield split.read(p);
}
