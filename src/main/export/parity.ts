import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { createRequire } from 'node:module';
import type { ParityReport } from '../../shared/api/types';
import { loadDataset } from '../engine/data/load';
import { ONNX_OUTPUT } from './onnx/convert';
import { predictInChild } from './parity-child';

/** Inputs fed to both runtimes: one flat array per model input. */
export interface ParitySamples {
  inputs: Float32Array[];
  /** Per-sample shape of each input. */
  shapes: number[][];
  count: number;
  source: ParityReport['source'];
}

/** Max |Δp| below which (with full top-1 agreement) an export passes. */
export const PARITY_TOLERANCE = 1e-4;

const sampleShape = (t: tf.SymbolicTensor) => t.shape.slice(1).map((d) => d ?? 1);
const sizeOf = (s: number[]) => s.reduce((a, b) => a * b, 1);

/** Smallest vocabulary of any embedding in the model: generated token ids must stay below it. */
export function vocabOf(model: tf.LayersModel): number | null {
  const sizes = model.layers.flatMap((l) => {
    const c = l.getConfig() as { inputDim?: number; vocabSize?: number };
    return [c.inputDim, c.vocabSize].filter((v): v is number => typeof v === 'number');
  });
  return sizes.length ? Math.min(...sizes) : null;
}

/**
 * Token ids of a longer encoding cut to a model's shorter sequence input: the encoder writes the words
 * first and pads at the end, so the first `length` ids are exactly the text encoded at that length.
 * Ids past the model's vocabulary read as unknown (1), as the tokenizer would give them.
 */
export function fitSequences(x: Float32Array, count: number, from: number, length: number, vocab: number): Float32Array {
  const out = new Float32Array(count * length);
  for (let i = 0; i < count; i++)
    for (let j = 0; j < length; j++) {
      const id = x[i * from + j];
      out[i * length + j] = id < vocab ? id : 1;
    }
  return out;
}

/**
 * `n` held-out samples: the first n of the dataset version's test split (imported datasets read from the
 * project in `dataDir`), fitted to the model's input where a text model takes fewer tokens. Generated
 * inputs only when the data cannot be had at all (a bundle imported without its samples).
 */
export async function paritySamples(
  model: tf.LayersModel,
  datasetId: string | null,
  n: number,
  dataDir?: string,
): Promise<ParitySamples> {
  const shapes = model.inputs.map(sampleShape);
  const vocab = vocabOf(model);
  if (datasetId && model.inputs.length === 1) {
    try {
      const data = await loadDataset(datasetId, { train: 1, test: n }, { dataDir });
      const [have, want] = [sizeOf(data.inputShape), sizeOf(shapes[0])];
      if (data.test.count > 0 && have === want)
        return { inputs: [data.test.x], shapes, count: data.test.count, source: 'test split' };
      if (data.test.count > 0 && vocab && data.inputShape.length === 1 && shapes[0].length === 1 && want < have)
        return {
          inputs: [fitSequences(data.test.x, data.test.count, have, want, vocab)],
          shapes,
          count: data.test.count,
          source: 'test split',
        };
    } catch {
      // No samples to be had (e.g. a bundle imported without data): fall through to generated inputs.
    }
  }
  const inputs = shapes.map((s, k) =>
    Float32Array.from({ length: n * sizeOf(s) }, (_v, i) =>
      vocab ? (i * 7919 + k * 31) % vocab : (((i + k) * 2654435761) % 1000) / 1000,
    ),
  );
  return { inputs, shapes, count: n, source: 'synthetic' };
}

/** Predict all samples in batches (bounded memory), as flat probabilities. */
export function predictAll(model: tf.LayersModel, s: ParitySamples, batch = 64): Float32Array {
  const parts: Float32Array[] = [];
  for (let at = 0; at < s.count; at += batch) {
    const n = Math.min(batch, s.count - at);
    parts.push(
      tf.tidy(() => {
        const xs = s.inputs.map((x, k) =>
          tf.tensor(x.subarray(at * sizeOf(s.shapes[k]), (at + n) * sizeOf(s.shapes[k])), [
            n,
            ...s.shapes[k],
          ]),
        );
        return (model.predict(xs.length === 1 ? xs[0] : xs) as tf.Tensor).dataSync() as Float32Array;
      }),
    );
  }
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

const argmax = (p: Float32Array, from: number, width: number) => {
  if (width === 1) return p[from] >= 0.5 ? 1 : 0;
  let best = 0;
  for (let j = 1; j < width; j++) if (p[from + j] > p[from + best]) best = j;
  return best;
};

/** Compare two runtimes' probabilities over the same samples. */
export function compare(
  runtime: string,
  expected: Float32Array,
  got: Float32Array,
  s: ParitySamples,
): ParityReport {
  if (expected.length !== got.length)
    throw new Error(
      `The exported model returned ${got.length} values for ${s.count} samples; the app's returned ${expected.length}.`,
    );
  const width = expected.length / s.count;
  let agree = 0;
  let maxAbsDiff = 0;
  for (let i = 0; i < s.count; i++) {
    if (argmax(expected, i * width, width) === argmax(got, i * width, width)) agree++;
    for (let j = 0; j < width; j++)
      maxAbsDiff = Math.max(maxAbsDiff, Math.abs(expected[i * width + j] - got[i * width + j]));
  }
  const top1Agreement = agree / s.count;
  return {
    runtime,
    samples: s.count,
    source: s.source,
    top1Agreement,
    maxAbsDiff,
    passed: agree === s.count && maxAbsDiff < PARITY_TOLERANCE,
  };
}

const ortVersion = () => {
  try {
    return (createRequire(import.meta.url)('onnxruntime-node/package.json') as { version: string }).version;
  } catch {
    return '?';
  }
};

/** The exported .onnx file through onnxruntime-node (CPU). */
export async function onnxParity(
  model: tf.LayersModel,
  onnxFile: string,
  inputNames: string[],
  s: ParitySamples,
): Promise<ParityReport> {
  const session = await ort.InferenceSession.create(onnxFile);
  try {
    const feeds = Object.fromEntries(
      inputNames.map((name, k) => [name, new ort.Tensor('float32', s.inputs[k], [s.count, ...s.shapes[k]])]),
    );
    const got = (await session.run(feeds))[ONNX_OUTPUT].data as Float32Array;
    return compare(`onnxruntime-node ${ortVersion()} (CPU)`, predictAll(model, s), got, s);
  } finally {
    await session.release();
  }
}

/**
 * The exported TF.js folder loaded by plain TensorFlow.js in a separate process, with only the folder's
 * own files (load.js, custom-layers.js): outside the app's layer registry, as a user would load it.
 */
export async function tfjsParity(model: tf.LayersModel, dir: string, s: ParitySamples): Promise<ParityReport> {
  const expected = predictAll(model, s);
  const child = await predictInChild(dir, s);
  return compare(child.runtime, expected, child.probs, s);
}
