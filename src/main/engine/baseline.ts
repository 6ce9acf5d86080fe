/**
 * The baseline every evaluation is measured against: a multinomial logistic regression (one softmax
 * layer, L2-regularised as scikit-learn's default C = 1) trained on the network's own training rows, and
 * the majority-class figure. Plain JavaScript rather than tfjs: the features of text are sparse (a
 * TF-IDF bag of words), the model is tiny, and the result must not depend on which backend was chosen.
 */
import { mixSeed, permutation, seededRandom } from '../../shared/random';
import { majorityBaseline, scoreConfusion, type BaselineFigures } from '../../shared/metrics/baseline';
import { PAD_ID } from './data/tokenize';
import type { SampleSet } from './data/types';

/** Features row by row: dense (every column) or sparse (column ids and values, CSR). */
export interface FeatureMatrix {
  rows: number;
  cols: number;
  /** Dense: rows × cols. Sparse: the values, indexed by `ptr`. */
  values: Float32Array;
  sparse?: { ptr: Int32Array; index: Int32Array };
}

export interface BaselineInput {
  train: SampleSet;
  /** Every training label, when `train` is a sample of them (the majority class is counted on all). */
  allTrainLabels?: Int32Array;
  /** The test split (one part, or the chunks of a streamed one, in order). */
  test: Iterable<SampleSet>;
  /** Features per sample (the flattened input shape). */
  per: number;
  classes: readonly string[];
  /** Text samples are word-id sequences: they become a TF-IDF bag of words. */
  text: boolean;
  seed: number;
}

/** Most training rows the regression reads; larger splits give it a seeded sample (their order is shuffled). */
export const BASELINE_MAX_TRAIN = 15_000;
/** Multiply-adds per epoch × epochs the optimiser may spend: bounds the time to a few seconds. */
const WORK_BUDGET = 6e8;
const TARGET_STEPS = 2000;
const BATCH = 128;
const LEARNING_RATE = 0.02;

/** Per word id: how many training documents hold it (the IDF's document frequency), and the vocabulary width. */
function documentFrequency(set: SampleSet, per: number): Float64Array {
  let width = 2;
  for (let i = 0; i < set.count * per; i++) width = Math.max(width, (set.x[i] | 0) + 1);
  const df = new Float64Array(width);
  const seen = new Int32Array(width).fill(-1);
  for (let r = 0; r < set.count; r++)
    for (let j = 0; j < per; j++) {
      const id = set.x[r * per + j] | 0;
      if (id === PAD_ID || seen[id] === r) continue;
      seen[id] = r;
      df[id]++;
    }
  return df;
}

/**
 * TF-IDF rows as scikit-learn's TfidfVectorizer makes them: raw counts × smooth IDF
 * (ln((1 + n) / (1 + df)) + 1), each row scaled to unit length. Word ids unseen in training are dropped.
 */
export function tfidfRows(set: SampleSet, per: number, df: Float64Array, trainRows: number): FeatureMatrix {
  const idf = df.map((d) => Math.log((1 + trainRows) / (1 + d)) + 1);
  const ptr = new Int32Array(set.count + 1);
  const index: number[] = [];
  const values: number[] = [];
  const counts = new Map<number, number>();
  for (let r = 0; r < set.count; r++) {
    counts.clear();
    for (let j = 0; j < per; j++) {
      const id = set.x[r * per + j] | 0;
      if (id !== PAD_ID && id < df.length && df[id] > 0) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const ids = [...counts.keys()].sort((a, b) => a - b);
    let norm = 0;
    for (const id of ids) norm += (counts.get(id)! * idf[id]) ** 2;
    norm = Math.sqrt(norm) || 1;
    for (const id of ids) {
      index.push(id);
      values.push((counts.get(id)! * idf[id]) / norm);
    }
    ptr[r + 1] = index.length;
  }
  return { rows: set.count, cols: df.length, values: Float32Array.from(values), sparse: { ptr, index: Int32Array.from(index) } };
}

/**
 * Per column, the root mean square over the training rows (1 for an all-zero column). Dividing by it puts
 * an unscaled column (a budget in dollars) on the same footing as the rest, so one optimiser step size
 * suits every weight; zeros stay zeros, so sparse pixels stay cheap.
 */
export function columnScales(set: SampleSet, per: number): Float64Array {
  const sum = new Float64Array(per);
  for (let r = 0; r < set.count; r++)
    for (let j = 0; j < per; j++) {
      const v = set.x[r * per + j];
      if (Number.isFinite(v)) sum[j] += v * v;
    }
  return sum.map((s) => Math.sqrt(s / Math.max(set.count, 1)) || 1);
}

const denseRows = (set: SampleSet, per: number, scales: Float64Array): FeatureMatrix => ({
  rows: set.count,
  cols: per,
  // Non-finite cells (a broken column) would poison every weight: they count as 0.
  values: set.x.subarray(0, set.count * per).map((v, i) => (Number.isFinite(v) ? v / scales[i % per] : 0)),
});

/** Logits of one row into `out` (k wide). */
function logits(m: FeatureMatrix, r: number, w: Float64Array, b: Float64Array, k: number, out: Float64Array): void {
  out.set(b);
  const visit = (col: number, v: number) => {
    const o = col * k;
    for (let c = 0; c < k; c++) out[c] += v * w[o + c];
  };
  if (m.sparse) for (let p = m.sparse.ptr[r]; p < m.sparse.ptr[r + 1]; p++) visit(m.sparse.index[p], m.values[p]);
  else for (let j = 0, o = r * m.cols; j < m.cols; j++) if (m.values[o + j] !== 0) visit(j, m.values[o + j]);
}

function softmaxInPlace(z: Float64Array): void {
  let max = -Infinity;
  for (const v of z) max = Math.max(max, v);
  let sum = 0;
  for (let c = 0; c < z.length; c++) sum += z[c] = Math.exp(z[c] - max);
  for (let c = 0; c < z.length; c++) z[c] /= sum;
}

/** Weights and biases of a fitted regression (cols × k, then k). */
export interface LogisticModel {
  w: Float64Array;
  b: Float64Array;
  k: number;
  epochs: number;
}

/**
 * Fit by mini-batch Adam on mean cross-entropy + ‖W‖² / (2n) — scikit-learn's objective at C = 1, divided
 * by n — from zero weights, with a seeded row order and a learning rate decaying linearly to a tenth:
 * the same data and seed give the same weights.
 */
export function fitLogistic(m: FeatureMatrix, y: Int32Array, k: number, seed: number): LogisticModel {
  const n = m.rows;
  const d = m.cols;
  const w = new Float64Array(d * k);
  const b = new Float64Array(k);
  const batch = Math.min(BATCH, Math.max(n, 1));
  const stepsPerEpoch = Math.ceil(n / batch);
  const nnz = m.sparse ? m.values.length / Math.max(n, 1) : d;
  const byWork = Math.floor(WORK_BUDGET / Math.max(n * nnz * k, 1));
  const epochs = Math.max(2, Math.min(300, Math.ceil(TARGET_STEPS / stepsPerEpoch), byWork));
  const totalSteps = epochs * stepsPerEpoch;
  const l2 = 1 / Math.max(n, 1);
  const [beta1, beta2, eps] = [0.9, 0.999, 1e-8];
  const mw = new Float64Array(d * k);
  const vw = new Float64Array(d * k);
  const mb = new Float64Array(k);
  const vb = new Float64Array(k);
  const gw = new Float64Array(d * k);
  const gb = new Float64Array(k);
  const z = new Float64Array(k);
  let step = 0;
  for (let epoch = 0; epoch < epochs && n > 0; epoch++) {
    const order = permutation(n, seededRandom(mixSeed(seed, 0xba5e + epoch)));
    for (let start = 0; start < n; start += batch) {
      const end = Math.min(n, start + batch);
      gw.fill(0);
      gb.fill(0);
      for (let i = start; i < end; i++) {
        const r = order[i];
        logits(m, r, w, b, k, z);
        softmaxInPlace(z);
        z[y[r]] -= 1;
        for (let c = 0; c < k; c++) gb[c] += z[c];
        const add = (col: number, v: number) => {
          const o = col * k;
          for (let c = 0; c < k; c++) gw[o + c] += v * z[c];
        };
        if (m.sparse) for (let p = m.sparse.ptr[r]; p < m.sparse.ptr[r + 1]; p++) add(m.sparse.index[p], m.values[p]);
        else for (let j = 0, o = r * d; j < d; j++) if (m.values[o + j] !== 0) add(j, m.values[o + j]);
      }
      step++;
      const scale = 1 / (end - start);
      const lr = LEARNING_RATE * (1 - (0.9 * (step - 1)) / Math.max(totalSteps - 1, 1));
      const c1 = 1 - beta1 ** step;
      const c2 = 1 - beta2 ** step;
      const update = (p: Float64Array, g: Float64Array, mm: Float64Array, vv: Float64Array, decay: number) => {
        for (let i = 0; i < p.length; i++) {
          const gi = g[i] * scale + decay * p[i];
          mm[i] = beta1 * mm[i] + (1 - beta1) * gi;
          vv[i] = beta2 * vv[i] + (1 - beta2) * gi * gi;
          p[i] -= (lr * (mm[i] / c1)) / (Math.sqrt(vv[i] / c2) + eps);
        }
      };
      update(w, gw, mw, vw, l2);
      update(b, gb, mb, vb, 0);
    }
  }
  return { w, b, k, epochs };
}

/** The predicted class of every row. */
export function predictLogistic(model: LogisticModel, m: FeatureMatrix): Int32Array {
  const out = new Int32Array(m.rows);
  const z = new Float64Array(model.k);
  for (let r = 0; r < m.rows; r++) {
    logits(m, r, model.w, model.b, model.k, z);
    let best = 0;
    for (let c = 1; c < model.k; c++) if (z[c] > z[best]) best = c;
    out[r] = best;
  }
  return out;
}

/** The features the regression reads, for train and any other split of the same data (shared vocabulary/IDF). */
export function baselineFeatures(train: SampleSet, per: number, text: boolean): { train: FeatureMatrix; of(set: SampleSet): FeatureMatrix; describe: string } {
  if (!text) {
    const scales = columnScales(train, per);
    return { train: denseRows(train, per, scales), of: (s) => denseRows(s, per, scales), describe: 'the same preprocessed features as the model, flattened' };
  }
  const df = documentFrequency(train, per);
  return {
    train: tfidfRows(train, per, df, train.count),
    of: (s) => tfidfRows(s, per, df, train.count),
    describe: 'a TF-IDF bag of the words the model reads',
  };
}

/** Train the logistic regression and score it and the majority class on the test split. */
export function runBaseline(input: BaselineInput): BaselineFigures {
  const started = performance.now();
  const k = Math.max(input.classes.length, 2);
  const features = baselineFeatures(input.train, input.per, input.text);
  const model = fitLogistic(features.train, input.train.y, k, input.seed);
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const testLabels: number[] = [];
  for (const part of input.test) {
    const predicted = predictLogistic(model, features.of(part));
    for (let i = 0; i < part.count; i++) {
      confusion[part.y[i]][predicted[i]]++;
      testLabels.push(part.y[i]);
    }
  }
  return {
    logistic: {
      ...scoreConfusion(confusion),
      features: features.describe,
      trainCount: input.train.count,
      epochs: model.epochs,
      seconds: (performance.now() - started) / 1000,
    },
    majority: majorityBaseline(input.allTrainLabels ?? input.train.y, testLabels, input.classes),
  };
}
