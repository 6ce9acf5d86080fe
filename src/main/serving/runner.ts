/**
 * Who computes the served model's predictions: onnxruntime-node on the model converted to ONNX when the
 * conversion exists and agrees with the app on a parity probe (native, and it runs off the event loop, so
 * /healthz answers while a batch runs), otherwise TensorFlow.js on the fastest backend that starts here
 * (tfjs-node, then WebAssembly; the pure-JavaScript cpu backend only as the last resort).
 */
import * as tf from '@tensorflow/tfjs';
import { ensureBackend } from '../engine/backend';
import { ONNX_OUTPUT, PARITY_TOLERANCE, toOnnx } from '../export';
import type { InputSpec } from './signature';

export interface Runner {
  /** Short name for status lines: "onnxruntime", "tfjs-wasm", … */
  readonly name: string;
  /** Why this runner, in one plain line. */
  readonly reason: string;
  /** n samples (flat) → n × outputSize probabilities. */
  run(x: Float32Array, n: number): Promise<Float32Array>;
  dispose(): Promise<void>;
}

export type RuntimeChoice = 'auto' | 'onnxruntime' | 'tfjs';

/**
 * This process's TensorFlow.js backend, chosen by the training ladder (the fastest that starts, or the
 * user's pin) and ready, through the host's one ensureBackend; returns its name.
 */
export const fastestTfjsBackend = (): Promise<string> => ensureBackend();

export function tfjsRunner(model: tf.LayersModel, spec: InputSpec, reason: string): Runner {
  return {
    name: `tfjs-${tf.getBackend()}`,
    reason,
    run: async (x, n) =>
      tf.tidy(() => (model.predict(tf.tensor(x, [n, ...spec.shape])) as tf.Tensor).dataSync() as Float32Array),
    dispose: async () => undefined,
  };
}

/** Samples the model can take: token ids for embedding inputs, values in [0, 1) otherwise. */
function probeInput(spec: InputSpec, n: number): Float32Array {
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  return Float32Array.from({ length: n * spec.size }, () =>
    spec.vocab !== null ? Math.floor(rand() * spec.vocab) : rand(),
  );
}

async function onnxRunner(model: tf.LayersModel, spec: InputSpec): Promise<Runner | string> {
  let ort: typeof import('onnxruntime-node');
  try {
    ort = await import('onnxruntime-node');
  } catch {
    return 'onnxruntime-node is not installed';
  }
  let bytes: Uint8Array;
  let inputName: string;
  try {
    const onnx = toOnnx(model);
    bytes = onnx.bytes;
    inputName = onnx.inputNames[0];
  } catch (err) {
    return `the model has no ONNX form (${String((err as Error).message).replace(/^This model cannot be exported to ONNX: /, '')})`;
  }
  let session: import('onnxruntime-node').InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes);
  } catch {
    return 'onnxruntime-node could not load the converted model';
  }
  const run = async (x: Float32Array, n: number) =>
    (await session.run({ [inputName]: new ort.Tensor('float32', x.slice(), [n, ...spec.shape]) }))[ONNX_OUTPUT]
      .data as Float32Array;
  // The conversion is checked here, not trusted: a model it would answer differently stays on tfjs.
  const n = 16;
  const x = probeInput(spec, n);
  const ours = tf.tidy(() => (model.predict(tf.tensor(x, [n, ...spec.shape])) as tf.Tensor).dataSync());
  let diff = Infinity;
  try {
    const theirs = await run(x, n);
    diff = theirs.length === ours.length ? Math.max(...ours.map((v, i) => Math.abs(v - theirs[i]))) : Infinity;
  } catch {
    /* counted as a mismatch below */
  }
  if (!(diff <= PARITY_TOLERANCE)) {
    await session.release();
    return `onnxruntime's answers differ from the app's on a probe (largest |Δp| ${diff.toExponential(1)})`;
  }
  return {
    name: 'onnxruntime',
    reason: `onnxruntime-node (CPU) on the model converted to ONNX; it matches the app on a probe (largest |Δp| ${diff.toExponential(1)})`,
    run,
    dispose: () => session.release(),
  };
}

/** The fastest runner for the model; `choice` pins one (tests and the bench compare both). */
export async function chooseRunner(model: tf.LayersModel, spec: InputSpec, choice: RuntimeChoice = 'auto'): Promise<Runner> {
  const backend = await fastestTfjsBackend();
  let why = 'pinned to TensorFlow.js';
  if (choice !== 'tfjs') {
    const ort = await onnxRunner(model, spec);
    if (typeof ort !== 'string') return ort;
    if (choice === 'onnxruntime') throw new Error(`onnxruntime cannot serve this model: ${ort}.`);
    why = ort;
  }
  return tfjsRunner(model, spec, `TensorFlow.js on ${backend}, because ${why}`);
}
