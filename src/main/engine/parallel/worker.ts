/**
 * A gradient worker (Node worker_threads): its own TensorFlow.js with the wasm backend and LayerLab's
 * training kernels, and a replica of the model. Each step it takes the main thread's current weights and
 * its shard of the batch from shared memory, computes that shard's gradients (see shard.ts) and writes
 * them, with its BatchNorm moving statistics, back to shared memory. It never runs the optimizer.
 *
 * Built as out/main/train-worker.js; from source it is loaded through tsx's require hook (see index.ts).
 */
import { compileForTraining } from '../losses';
import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { registerWasmTrainingKernels } from '../kernels';
import { registerCustomLayers } from '../custom-layers';
import { seededRandom } from '../../../shared/random';
import {
  makeLabels,
  nonTrainableWeights,
  readWeightsInto,
  shardGradients,
  sizeOf,
  tensorFrom,
  trainableVariables,
  writeWeightsFrom,
} from './shard';
import type { ToWorker, FromWorker } from './messages';

const port = parentPort;
if (!port) throw new Error('train-worker must run in a worker thread.');

let model: tf.LayersModel | null = null;
let init: Extract<ToWorker, { type: 'init' }> | null = null;

function send(msg: FromWorker): void {
  port!.postMessage(msg);
}

async function setup(msg: Extract<ToWorker, { type: 'init' }>): Promise<void> {
  registerWasmTrainingKernels();
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend failed to start in the worker');
  await tf.ready();
  registerCustomLayers();
  model = await tf.models.modelFromJSON({
    modelTopology: msg.modelTopology as tf.io.ModelJSON['modelTopology'],
  });
  // Compiled only for its loss and metric functions; the optimizer is never used here.
  compileForTraining(model, tf.train.sgd(0), msg.loss, msg.classWeights);
  const names = model.weights.map((w) => w.originalName);
  if (names.join('\n') !== msg.weightNames.join('\n'))
    throw new Error(`worker model weights differ from the main model's: ${names.join(', ')}`);
  if (sizeOf(trainableVariables(model)) !== msg.trainableSize)
    throw new Error('worker model has a different number of trainable values');
  init = msg;
}

function step(msg: Extract<ToWorker, { type: 'step' }>): FromWorker {
  const m = model!;
  const cfg = init!;
  const weights = new Float32Array(cfg.weights);
  const input = new Float32Array(cfg.input);
  const labels = new Int32Array(cfg.labels);
  const out = new Float32Array(cfg.out);
  writeWeightsFrom(m.weights, weights);
  Math.random = seededRandom(msg.seed);
  const per = cfg.inputShape.reduce((a, b) => a * b, 1);
  const x = tensorFrom(input.subarray(0, msg.n * per), [msg.n, ...cfg.inputShape]);
  const y = makeLabels(labels, msg.n, cfg.loss, cfg.classes);
  try {
    const r = shardGradients(m, x, y, msg.total, false, out.subarray(0, cfg.trainableSize));
    const nt = nonTrainableWeights(m);
    if (nt.length) readWeightsInto(nt, out.subarray(cfg.trainableSize));
    return { type: 'done', lossSum: r.lossSum, metricSum: r.metricSum };
  } finally {
    tf.dispose([x, y]);
  }
}

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'init') {
    setup(msg).then(
      () => send({ type: 'ready' }),
      (err: unknown) => send({ type: 'error', message: String((err as Error)?.stack ?? err) }),
    );
  } else if (msg.type === 'step') {
    try {
      send(step(msg));
    } catch (err) {
      send({ type: 'error', message: String((err as Error)?.stack ?? err) });
    }
  }
});
