import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { mixSeed, seededRandom } from '../../shared/random';
import type { EpochMetrics } from '../../shared/api/types';
import type { TrainingProgress } from '../../shared/api/contract';
import { compileGraph } from './compile';
import { makeOptimizer } from './optimizers';
import { openTrainingData, type TrainingData } from './training-data';
import { crashPoint, describeResume, restoreCheckpoint, restoreNewestCheckpoint, writeCheckpoint } from './checkpoint';
import { saveModelFiles } from './model-files';
import { replayCallbacks } from './callbacks';
import { balancedClassWeights, compileForTraining } from './losses';
import { createTrainStep } from './parallel';
import type { TrainJob, TrainResult } from './protocol';
import { BASELINE_MAX_TRAIN, runBaseline } from './baseline';
import type { BaselineFigures } from '../../shared/metrics/baseline';

/** Callbacks from the loop to whoever runs it (the trainer process, or a test in-process). */
export interface TrainHooks {
  onProgress(p: Omit<TrainingProgress, 'experimentId'>): void;
  /** Called after the epoch's checkpoint is safely on disk. */
  onEpoch(m: EpochMetrics): void | Promise<void>;
  /** A resume started earlier than asked (a torn checkpoint): the epoch it restored, in plain words why. */
  onResumed?(epoch: number, message: string): void;
  /** Polled between batches: 'stop' ends the run as cancelled. */
  control(): 'run' | 'stop' | 'pause';
}

/** Thrown when the user cancels; the runner reports it as `cancelled`, not as a failure. */
export class TrainingCancelled extends Error {}

/**
 * Make tfjs's weight initialisers and dropout masks reproducible: they draw their seeds from
 * Math.random, so seeding it per phase makes a run — and a resumed run — repeatable.
 */
function seedMathRandom(seed: number): void {
  Math.random = seededRandom(seed);
}

const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Run (or resume) one training job to the end. Pure of process concerns, so tests can call it directly. */
export async function runTraining(job: TrainJob, hooks: TrainHooks): Promise<TrainResult> {
  const hp = job.hyperparams;
  // The exact version the experiment recorded (older jobs carry only the dataset id: newest version),
  // in memory, or streamed from the database when it is large.
  const data = await openTrainingData(job);
  const outputNode = job.graph.nodes.find((n) => n.kind === 'Output');
  const loss = String(outputNode?.params.loss ?? 'sparseCategoricalCrossentropy');
  const classes = data.classes.length;

  seedMathRandom(hp.seed);
  const model = compileGraph(job.graph);

  const classWeights = hp.classWeights === 'balanced' ? balancedClassWeights(data.trainLabels(), classes) : null;
  // tfjs checks a custom loss's targets against the output shape, so weighted sparse labels go one-hot
  // (the same loss, written as categorical cross-entropy).
  const trainLoss = classWeights && loss === 'sparseCategoricalCrossentropy' ? 'categoricalCrossentropy' : loss;
  compileForTraining(model, makeOptimizer(hp), trainLoss, classWeights);
  const checkpointDir = join(job.runDir, 'checkpoints');
  let startEpoch = 1;
  const notes: string[] = data.streamedNote ? [data.streamedNote] : [];
  if (job.resumeFromEpoch > 0) {
    const outcome = await restoreNewestCheckpoint(checkpointDir, job.resumeFromEpoch, model);
    startEpoch = outcome.epoch + 1;
    const said = describeResume(job.resumeFromEpoch, outcome);
    if (said) {
      notes.push(said);
      hooks.onResumed?.(outcome.epoch, said);
    }
  }

  const trainCount = data.trainCount;
  const batchSize = Math.min(hp.batchSize, trainCount);
  const batches = Math.ceil(trainCount / batchSize);
  // trainOnBatch, or data-parallel over worker threads on wasm (see parallel/index.ts; LAYERLAB_TRAIN_WORKERS).
  const step = await createTrainStep(model, { loss: trainLoss, classes, inputShape: data.inputShape, batchSize, classWeights });
  // Callbacks replay from the committed history, so a resumed run decides exactly as an unbroken one.
  const history = (job.history ?? []).filter((m) => m.epoch < startEpoch);
  const bestDir = join(job.runDir, 'best');
  const keepBest = hp.earlyStoppingPatience > 0 && hp.restoreBestWeights;
  let callbacks = replayCallbacks(history, hp);
  setLearningRate(model.optimizer, callbacks.learningRate);

  for (let epoch = startEpoch; epoch <= hp.epochs && !callbacks.stop; epoch++) {
    const started = performance.now();
    seedMathRandom(mixSeed(hp.seed, epoch + 1_000_003));
    let lossSum = 0;
    let accSum = 0;
    let seen = 0;
    let lastReport = 0;
    let b = -1;
    for (const batch of data.batches(epoch, batchSize)) {
      b++;
      while (hooks.control() === 'pause') await new Promise((r) => setTimeout(r, 200));
      if (hooks.control() === 'stop') {
        step.dispose();
        data.close();
        throw new TrainingCancelled();
      }
      const n = batch.n;
      const [batchLoss, batchAcc] = await step.run(batch.x, batch.y, n);
      if (hp.stopOnNaN && !Number.isFinite(batchLoss)) {
        step.dispose();
        data.close();
        throw divergedError(batchLoss, epoch, b + 1);
      }
      if (hp.optimizer === 'adamw' && hp.weightDecay > 0) {
        const amount = callbacks.learningRate * hp.weightDecay;
        if (step.decayKernels) step.decayKernels(amount);
        else decayWeights(model, amount);
      }
      crashPoint('batch');
      lossSum += batchLoss * n;
      accSum += batchAcc * n;
      seen += n;
      const now = performance.now();
      if (now - lastReport > 250 || b === batches - 1) {
        lastReport = now;
        const elapsed = (now - started) / 1000;
        const rate = seen / Math.max(elapsed, 1e-6);
        const remaining = (hp.epochs - epoch) * trainCount + (trainCount - seen);
        hooks.onProgress({
          epoch,
          epochs: hp.epochs,
          batch: b + 1,
          batches,
          loss: lossSum / seen,
          accuracy: accSum / seen,
          samplesPerSec: rate,
          etaSeconds: remaining / rate,
        });
      }
      await yieldToEvents();
    }
    step.syncToModel?.();
    const v = await data.evaluateVal(model);
    const metrics: EpochMetrics = {
      epoch,
      loss: lossSum / seen,
      accuracy: accSum / seen,
      valLoss: v?.loss ?? null,
      valAccuracy: v?.accuracy ?? null,
      seconds: (performance.now() - started) / 1000,
    };
    await writeCheckpoint(checkpointDir, epoch, model);
    history.push(metrics);
    callbacks = replayCallbacks(history, hp);
    if (keepBest && callbacks.bestEpoch === epoch) await writeCheckpoint(bestDir, epoch, model);
    if (callbacks.note) notes.push(callbacks.note);
    setLearningRate(model.optimizer, callbacks.learningRate);
    await hooks.onEpoch(metrics);
    crashPoint('epoch-end');
  }
  step.dispose();
  if (keepBest && callbacks.bestEpoch > 0 && callbacks.bestEpoch !== history[history.length - 1]?.epoch) {
    await restoreCheckpoint(bestDir, callbacks.bestEpoch, model);
    notes.push(`Kept the weights of epoch ${callbacks.bestEpoch}, the best one.`);
  }

  const test = await data.evaluateTest(model);
  const baseline = trainBaseline(job, data, notes);
  data.close();
  const modelDir = join(job.runDir, 'model');
  await saveModelFiles(model, modelDir);
  model.dispose();
  // The test split is its first `testCount` samples, in order: sample i is test index i.
  const predictions = test.predictions && { ...test.predictions, indices: test.predictions.labels.map((_, i) => i) };
  return { testAccuracy: test.accuracy, testLoss: test.loss, testCount: test.count, confusion: test.confusion, modelDir, predictions, notes, ...(baseline ? { baseline } : {}) };
}

/**
 * The logistic-regression and majority baselines on the run's own training rows and test split. A failure
 * here never fails the run: it becomes a note.
 */
function trainBaseline(job: TrainJob, data: TrainingData, notes: string[]): BaselineFigures | null {
  try {
    const text = job.datasetKind ? job.datasetKind === 'text' : job.graph.nodes.some((n) => /Embedding/.test(n.kind));
    const sets = data.baselineSets(BASELINE_MAX_TRAIN);
    return runBaseline({
      train: sets.train,
      allTrainLabels: data.trainLabels(),
      test: sets.test,
      per: data.inputShape.reduce((a, b) => a * b, 1),
      classes: data.classes,
      text,
      seed: job.hyperparams.seed,
    });
  } catch {
    notes.push('The logistic-regression baseline could not be trained on this data; the model\'s own figures are unaffected.');
    return null;
  }
}

/** The plain-words failure for a loss that became NaN or infinite (stop-on-NaN). */
export function divergedError(loss: number, epoch: number, batch: number): Error {
  return new Error(
    `The loss became ${loss} at epoch ${epoch}, batch ${batch}: training diverged. Try a lower learning rate, or check the data for extreme values.`,
  );
}

/** Set an optimizer's learning rate (SGD-family optimizers cache it in a tensor, hence their setter). */
function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  const o = optimizer as unknown as { setLearningRate?: (lr: number) => void; learningRate: number };
  if (o.learningRate === lr) return;
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}

/** AdamW's decoupled weight decay: shrink kernels (not biases or norms) by lr × decay after each step. */
function decayWeights(model: tf.LayersModel, amount: number): void {
  tf.tidy(() => {
    for (const w of model.trainableWeights)
      if (/kernel|embeddings/.test(w.originalName)) w.write(tf.mul(w.read(), 1 - amount));
  });
}
