/**
 * The inner training step of runTraining, single-threaded (model.trainOnBatch) or data-parallel over
 * Node worker threads.
 *
 * Data-parallel (wasm backend, more than one core): the batch is split into S shards; the main thread
 * computes shard 0 while each worker (its own tfjs + wasm realm with a replica of the model) computes
 * one other shard. Shard gradients are scaled so that their sum is the full-batch gradient (up to float
 * rounding, see shard.ts), summed in shard order on the main thread, and one optimizer step is applied
 * there; the workers take the new weights from shared memory at the start of the next step. Optimizer
 * state lives only on the main replica, so checkpoints are unchanged.
 *
 * Deviations from the single-threaded step, all documented here:
 *  - Dropout masks: the main shard draws from the per-epoch seeded Math.random as before; each worker's
 *    Math.random is reseeded every step from a number the main thread draws from that same sequence.
 *    A run is reproducible (and a resumed run bit-identical to an uninterrupted one) for a fixed worker
 *    count; runs with different worker counts differ in rounding and in their dropout masks.
 *  - BatchNormalization normalises each shard with that shard's own statistics ("ghost batches" of
 *    batch/S samples), and the moving statistics become the sample-weighted mean of the replicas' updated
 *    statistics (exact for the moving mean; the moving variance averages per-shard variances).
 *
 * LAYERLAB_TRAIN_WORKERS=n sets the number of shards (threads, main included); 1 forces the
 * single-threaded trainOnBatch step.
 */
import * as tf from '@tensorflow/tfjs';
import { Worker } from 'node:worker_threads';
import { workerEntry } from '../../worker-entry';
import { chooseTrainWorkers, MIN_SHARD } from './worker-count';

export { chooseTrainWorkers, maxTrainWorkers, modelCost } from './worker-count';
import type { FromWorker, ToWorker } from './messages';
import { fusedDenseStep } from '../fused-dense';
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

export interface TrainStep {
  /** Threads computing each step (1 = trainOnBatch on this thread). */
  readonly workers: number;
  /** One optimizer step on the first n rows of x/y; returns [loss, accuracy] like trainOnBatch. */
  run(x: Float32Array, y: Int32Array, n: number): Promise<[number, number]>;
  /** Stops the worker threads. Idempotent. */
  dispose(): void;
  /**
   * Steps that keep the weights outside the model while an epoch runs (the fused Dense trainer) write
   * them, and the optimizer state, back into the model; runTraining calls it before reading the model.
   */
  syncToModel?(): void;
  /** AdamW's decoupled decay applied to the step's own copy of the kernels (see syncToModel). */
  decayKernels?(amount: number): void;
}

export interface TrainStepOptions {
  loss: string;
  /** Per-class loss weights (null = unweighted); workers compile the same weighted loss. */
  classWeights?: number[] | null;
  classes: number;
  inputShape: number[];
  batchSize: number;
  /** Shards per step; default from LAYERLAB_TRAIN_WORKERS, the backend and the cores. */
  workers?: number;
  /** 'tfjs' never uses the fused Dense trainer (benchmarks compare both); default: it where it pays. */
  engine?: 'auto' | 'tfjs';
}

/** The step runTraining uses: data-parallel when more than one worker is chosen, else trainOnBatch. */
export async function createTrainStep(model: tf.LayersModel, opts: TrainStepOptions): Promise<TrainStep> {
  if (opts.engine !== 'tfjs' && opts.workers === undefined) {
    const fused = fusedDenseStep(model, opts);
    if (fused) return fused;
  }
  const workers = opts.workers ?? chooseTrainWorkers(opts.batchSize, tf.getBackend(), process.env, model);
  if (workers > 1) return DataParallelStep.create(model, { ...opts, workers });
  return singleStep(model, opts);
}

function singleStep(model: tf.LayersModel, opts: TrainStepOptions): TrainStep {
  const per = opts.inputShape.reduce((a, b) => a * b, 1);
  return {
    workers: 1,
    async run(x, y, n) {
      const xs = tf.tensor(x.subarray(0, n * per), [n, ...opts.inputShape]);
      const ys = makeLabels(y, n, opts.loss, opts.classes);
      const [loss, acc] = (await model.trainOnBatch(xs, ys)) as number[];
      tf.dispose([xs, ys]);
      return [loss!, acc ?? 0];
    },
    dispose() {},
  };
}

interface Replica {
  worker: Worker;
  input: Float32Array;
  labels: Int32Array;
  out: Float32Array;
  pending: { resolve: (m: FromWorker) => void; reject: (e: Error) => void } | null;
}

/** The next message from a worker; never an unhandled rejection when nobody waits for it any more. */
function expect(r: Replica): Promise<FromWorker> {
  const p = new Promise<FromWorker>((resolve, reject) => (r.pending = { resolve, reject }));
  p.catch(() => undefined);
  return p;
}

export class DataParallelStep implements TrainStep {
  private disposed = false;
  private failure: Error | null = null;

  private constructor(
    private readonly model: tf.LayersModel,
    private readonly opts: TrainStepOptions & { workers: number },
    private readonly replicas: Replica[],
    private readonly weightsView: Float32Array,
    private readonly trainableSize: number,
    private readonly nonTrainableSize: number,
  ) {}

  get workers(): number {
    return this.replicas.length + 1;
  }

  static async create(
    model: tf.LayersModel,
    opts: TrainStepOptions & { workers: number },
  ): Promise<DataParallelStep> {
    const per = opts.inputShape.reduce((a, b) => a * b, 1);
    if (model.weights.some((w) => w.dtype !== 'float32')) return singleStep(model, opts) as never;
    const trainableSize = sizeOf(trainableVariables(model));
    const nonTrainableSize = sizeOf(nonTrainableWeights(model).map((w) => ({ shape: w.shape as number[] })));
    const totalWeights = sizeOf(model.weights.map((w) => ({ shape: w.shape as number[] })));
    const weights = new SharedArrayBuffer(totalWeights * 4);
    // A smaller last batch may use fewer shards, each then larger than batchSize / workers.
    const maxShard = opts.batchSize;
    const topology = model.toJSON(null, false);
    const { file, options } = workerEntry('train-worker');
    const replicas: Replica[] = [];
    const ready: Promise<FromWorker>[] = [];
    for (let i = 1; i < opts.workers; i++) {
      const input = new SharedArrayBuffer(maxShard * per * 4);
      const labels = new SharedArrayBuffer(maxShard * 4);
      const out = new SharedArrayBuffer((trainableSize + nonTrainableSize) * 4);
      const worker = new Worker(file, options);
      // A worker never keeps the process alive (a run that throws leaves nothing running).
      worker.unref();
      const r: Replica = {
        worker,
        input: new Float32Array(input),
        labels: new Int32Array(labels),
        out: new Float32Array(out),
        pending: null,
      };
      replicas.push(r);
      const init: ToWorker = {
        type: 'init',
        modelTopology: topology,
        loss: opts.loss,
        classWeights: opts.classWeights ?? null,
        classes: opts.classes,
        inputShape: opts.inputShape,
        weightNames: model.weights.map((w) => w.originalName),
        trainableSize,
        weights,
        input,
        labels,
        out,
      };
      ready.push(expect(r));
      worker.postMessage(init);
    }
    const step = new DataParallelStep(
      model,
      opts,
      replicas,
      new Float32Array(weights),
      trainableSize,
      nonTrainableSize,
    );
    for (const r of replicas) step.listen(r);
    try {
      for (const m of await Promise.all(ready))
        if (m.type === 'error') throw new Error(`training worker failed to start: ${m.message}`);
    } catch (err) {
      step.dispose();
      throw err;
    }
    return step;
  }

  private listen(r: Replica): void {
    r.worker.on('message', (m: FromWorker) => {
      const p = r.pending;
      r.pending = null;
      p?.resolve(m);
    });
    const fail = (err: Error) => {
      this.failure ??= err;
      const p = r.pending;
      r.pending = null;
      p?.reject(err);
    };
    r.worker.on('error', (err) => fail(err instanceof Error ? err : new Error(String(err))));
    r.worker.on('exit', (code) => {
      if (!this.disposed) fail(new Error(`training worker exited (code ${code})`));
    });
  }

  async run(x: Float32Array, y: Int32Array, n: number): Promise<[number, number]> {
    if (this.disposed) throw new Error('DataParallelStep used after dispose');
    if (this.failure) throw this.failure;
    const { model, opts, replicas } = this;
    const per = opts.inputShape.reduce((a, b) => a * b, 1);
    // Shard sizes: as even as possible, shard 0 (this thread) first; tiny batches use fewer shards.
    const shards = Math.max(1, Math.min(replicas.length + 1, Math.floor(n / MIN_SHARD) || 1));
    const sizes = Array.from({ length: shards }, (_, s) => Math.floor(n / shards) + (s < n % shards ? 1 : 0));
    readWeightsInto(model.weights, this.weightsView);
    const replies: Promise<FromWorker>[] = [];
    let start = sizes[0]!;
    for (let s = 1; s < shards; s++) {
      const r = replicas[s - 1]!;
      const k = sizes[s]!;
      r.input.set(x.subarray(start * per, (start + k) * per));
      r.labels.set(y.subarray(start, start + k));
      start += k;
      // Drawn from the per-epoch seeded Math.random: reproducible for a fixed worker count.
      const seed = Math.floor(Math.random() * 4294967296) >>> 0;
      replies.push(expect(r));
      const msg: ToWorker = { type: 'step', n: k, total: n, seed };
      r.worker.postMessage(msg);
    }
    const grads = new Float32Array(this.trainableSize);
    const n0 = sizes[0]!;
    const x0 = tensorFrom(x.subarray(0, n0 * per), [n0, ...opts.inputShape]);
    const y0 = makeLabels(y, n0, opts.loss, opts.classes);
    let own;
    try {
      own = shardGradients(model, x0, y0, n, true, grads);
    } finally {
      tf.dispose([x0, y0]);
    }
    const done = await Promise.all(replies);
    let lossSum = own.lossSum;
    let metricSum = own.metricSum;
    for (let s = 1; s < shards; s++) {
      const m = done[s - 1]!;
      if (m.type === 'error') throw (this.failure = new Error(`training worker failed: ${m.message}`));
      if (m.type !== 'done') throw new Error(`unexpected message from a training worker: ${m.type}`);
      lossSum += m.lossSum;
      metricSum += m.metricSum;
      const g = replicas[s - 1]!.out;
      for (let i = 0; i < grads.length; i++) grads[i] += g[i]!;
    }
    this.apply(grads);
    if (this.nonTrainableSize > 0) this.averageNonTrainable(sizes, n);
    return [lossSum / n + own.regularization, metricSum / n];
  }

  /** One optimizer step with the summed gradients, variables in trainOnBatch's order. */
  private apply(grads: Float32Array): void {
    const vars = trainableVariables(this.model);
    tf.tidy(() => {
      let at = 0;
      const list = vars.map((v) => {
        const size = v.size;
        const tensor = tf.tensor(grads.subarray(at, at + size), v.shape);
        at += size;
        return { name: v.name, tensor };
      });
      this.model.optimizer.applyGradients(list);
    });
  }

  /** BatchNorm moving statistics: the sample-weighted mean of every replica's updated values. */
  private averageNonTrainable(sizes: number[], n: number): void {
    const nt = nonTrainableWeights(this.model);
    const acc = new Float32Array(this.nonTrainableSize);
    readWeightsInto(nt, acc);
    const w0 = sizes[0]! / n;
    for (let i = 0; i < acc.length; i++) acc[i] = acc[i]! * w0;
    for (let s = 1; s < sizes.length; s++) {
      const ws = sizes[s]! / n;
      const src = this.replicas[s - 1]!.out.subarray(this.trainableSize);
      for (let i = 0; i < acc.length; i++) acc[i] += ws * src[i]!;
    }
    writeWeightsFrom(nt, acc);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const r of this.replicas) {
      r.pending?.reject(new Error('training workers stopped'));
      r.pending = null;
      void r.worker.terminate();
    }
  }
}
