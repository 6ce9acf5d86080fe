import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '../../../shared/random';
import { mnistCnn } from '../../../shared/templates';
import { tabularMlp } from '../../../shared/templates/extra';
import { compileGraph } from '../compile';
import { registerWasmTrainingKernels } from '../kernels';
import { FusedAdamOptimizer } from '../kernels/fused-adam';
import { createTrainStep } from '../parallel';
import { fusedDenseStep, planFusedDense } from './index';
import { FusedDenseStep } from './step';

const realRandom = Math.random;
beforeAll(async () => {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
  await tf.ready();
});
afterAll(() => void (Math.random = realRandom));

const LOSS = 'sparseCategoricalCrossentropy';

interface Spec {
  features: number;
  hidden: { units: number; activation: 'relu' | 'sigmoid' | 'tanh' | 'linear' }[];
  classes: number;
  optimizer: () => tf.Optimizer;
  regularize?: boolean;
}

function makeModel(spec: Spec): tf.LayersModel {
  Math.random = seededRandom(5);
  const layers = [
    ...spec.hidden.map((h, i) =>
      tf.layers.dense({
        ...(i === 0 ? { inputShape: [spec.features] } : {}),
        units: h.units,
        activation: h.activation,
        kernelRegularizer: spec.regularize ? tf.regularizers.l2({ l2: 1e-3 }) : undefined,
      }),
    ),
    tf.layers.dense({ units: spec.classes, activation: 'softmax' }),
  ];
  const model = tf.sequential({ layers });
  model.compile({ optimizer: spec.optimizer(), loss: LOSS, metrics: ['accuracy'] });
  return model;
}

function batchData(spec: Spec, n: number, seed = 11) {
  const r = seededRandom(seed);
  const x = Float32Array.from({ length: n * spec.features }, () => r() * 4 - 2);
  const y = Int32Array.from({ length: n }, () => Math.floor(r() * spec.classes));
  return { x, y };
}

const weightsOf = (m: tf.LayersModel) => m.getWeights().map((w) => w.dataSync() as Float32Array);
const maxDiff = (a: Float32Array[], b: Float32Array[]) =>
  Math.max(...a.map((w, i) => Math.max(...w.map((v, k) => Math.abs(v - b[i]![k]!)))));

/** The same seeded model trained `steps` steps through tfjs's trainOnBatch and through the fused step. */
async function bothWays(spec: Spec, steps: number, n = 32) {
  const reference = makeModel(spec);
  const fusedModel = makeModel(spec);
  expect(maxDiff(weightsOf(reference), weightsOf(fusedModel))).toBe(0);
  const tfjs = await createTrainStep(reference, { loss: LOSS, classes: spec.classes, inputShape: [spec.features], batchSize: n, engine: 'tfjs' });
  const planned = planFusedDense(fusedModel, { loss: LOSS });
  if (!('plan' in planned)) throw new Error(planned.reason);
  const fused = new FusedDenseStep(fusedModel, planned.plan);
  const outs: { tfjs: [number, number]; fused: [number, number] }[] = [];
  for (let s = 0; s < steps; s++) {
    const { x, y } = batchData(spec, n, 11 + s);
    outs.push({ tfjs: await tfjs.run(x, y, n), fused: await fused.run(x, y, n) });
  }
  fused.syncToModel();
  return { reference, fusedModel, outs };
}

describe('fused Dense trainer', () => {
  it('chooses the Dense stacks it reproduces and says why it leaves the others to tfjs', () => {
    const table = compileGraph(tabularMlp.graph);
    table.compile({ optimizer: new FusedAdamOptimizer(1e-3, 0.9, 0.999, 1e-7), loss: LOSS, metrics: ['accuracy'] });
    const planned = planFusedDense(table, { loss: LOSS });
    expect('plan' in planned && planned.plan).toMatchObject({ features: 4, classes: 3, optimizer: 'adam' });
    expect(planFusedDense(table, { loss: LOSS, classWeights: [1, 2, 1] })).toEqual({ reason: 'class weights are on' });
    expect(planFusedDense(table, { loss: 'binaryCrossentropy' })).toEqual({ reason: 'the loss is binaryCrossentropy' });

    const cnn = compileGraph(mnistCnn.graph);
    cnn.compile({ optimizer: tf.train.adam(), loss: LOSS });
    expect(planFusedDense(cnn, { loss: LOSS })).toMatchObject({ reason: expect.stringMatching(/Conv2D layer/) });

    const spec: Spec = { features: 3, hidden: [{ units: 4, activation: 'relu' }], classes: 2, optimizer: () => tf.train.adam() };
    expect(planFusedDense(makeModel({ ...spec, regularize: true }), { loss: LOSS })).toMatchObject({ reason: expect.stringMatching(/kernel regularizer/) });
    expect(planFusedDense(makeModel({ ...spec, optimizer: () => tf.train.momentum(0.1, 0.9) }), { loss: LOSS })).toMatchObject({
      reason: expect.stringMatching(/optimizer/),
    });
    expect(planFusedDense(makeModel({ ...spec, optimizer: () => tf.train.rmsprop(0.1) }), { loss: LOSS })).toMatchObject({
      reason: expect.stringMatching(/optimizer/),
    });
    [table, cnn].forEach((m) => m.dispose());
  });

  it('is what createTrainStep picks for a small table model, and not for a large one or when turned off', async () => {
    const small: Spec = { features: 4, hidden: [{ units: 16, activation: 'relu' }], classes: 3, optimizer: () => tf.train.adam() };
    const large: Spec = { features: 784, hidden: [{ units: 512, activation: 'relu' }], classes: 10, optimizer: () => tf.train.adam() };
    const m1 = makeModel(small);
    const m2 = makeModel(large);
    const opts = (f: number) => ({ loss: LOSS, classes: 3, inputShape: [f], batchSize: 64 });
    expect(await createTrainStep(m1, opts(4))).toBeInstanceOf(FusedDenseStep);
    expect(fusedDenseStep(m1, opts(4), { LAYERLAB_FUSED_DENSE: '0' })).toBeNull();
    expect(await createTrainStep(m1, { ...opts(4), engine: 'tfjs' })).not.toBeInstanceOf(FusedDenseStep);
    expect(fusedDenseStep(m2, opts(784), {})).toBeNull();
    expect(fusedDenseStep(m2, opts(784), { LAYERLAB_FUSED_DENSE: '1' })).toBeInstanceOf(FusedDenseStep);
    [m1, m2].forEach((m) => m.dispose());
  });

  it('gives tfjs trainOnBatch\'s losses, accuracies, weights and Adam state (relu, sigmoid, tanh, linear)', async () => {
    const spec: Spec = {
      features: 5,
      hidden: [
        { units: 7, activation: 'relu' },
        { units: 6, activation: 'sigmoid' },
        { units: 5, activation: 'tanh' },
        { units: 4, activation: 'linear' },
      ],
      classes: 3,
      optimizer: () => new FusedAdamOptimizer(0.01, 0.9, 0.999, 1e-7),
    };
    const { reference, fusedModel, outs } = await bothWays(spec, 6);
    for (const o of outs) {
      expect(o.fused[0]).toBeCloseTo(o.tfjs[0], 5);
      expect(o.fused[1]).toBe(o.tfjs[1]);
    }
    // Training moved the weights, and both ways moved them alike.
    expect(maxDiff(weightsOf(reference), weightsOf(makeModel(spec)))).toBeGreaterThan(1e-3);
    expect(maxDiff(weightsOf(reference), weightsOf(fusedModel))).toBeLessThan(2e-5);
    // The optimizer state a checkpoint saves: iteration count, first and second moments, by name.
    const [a, b] = [await reference.optimizer.getWeights(), await fusedModel.optimizer.getWeights()];
    const names = fusedModel.trainableWeights.map((w) => (w.read() as tf.Variable).name);
    expect(b.map((w) => w.name)).toEqual(['iter', ...names.map((n) => `${n}/m`), ...names.map((n) => `${n}/v`)]);
    expect(a).toHaveLength(b.length);
    expect(b[0]!.tensor.dataSync()[0]).toBe(6);
    expect(maxDiff(a.map((w) => w.tensor.dataSync() as Float32Array), b.map((w) => w.tensor.dataSync() as Float32Array))).toBeLessThan(1e-5);
    [reference, fusedModel].forEach((m) => m.dispose());
  });

  it('gives plain SGD\'s update too', async () => {
    const spec: Spec = { features: 4, hidden: [{ units: 8, activation: 'relu' }], classes: 3, optimizer: () => tf.train.sgd(0.1) };
    const { reference, fusedModel, outs } = await bothWays(spec, 5);
    outs.forEach((o) => expect(o.fused[0]).toBeCloseTo(o.tfjs[0], 5));
    expect(maxDiff(weightsOf(reference), weightsOf(fusedModel))).toBeLessThan(1e-5);
    [reference, fusedModel].forEach((m) => m.dispose());
  });

  it('continues from a model and optimizer state it did not produce (a resumed run), as tfjs does', async () => {
    const spec: Spec = { features: 4, hidden: [{ units: 8, activation: 'tanh' }], classes: 3, optimizer: () => new FusedAdamOptimizer(0.01, 0.9, 0.999, 1e-7) };
    // Three steps through tfjs on both models, then three more: tfjs on one, fused on the other.
    const reference = makeModel(spec);
    const resumed = makeModel(spec);
    const opts = { loss: LOSS, classes: 3, inputShape: [4], batchSize: 16, engine: 'tfjs' as const };
    const [s1, s2] = [await createTrainStep(reference, opts), await createTrainStep(resumed, opts)];
    for (let s = 0; s < 3; s++) {
      const { x, y } = batchData(spec, 16, 30 + s);
      await s1.run(x, y, 16);
      await s2.run(x, y, 16);
    }
    const planned = planFusedDense(resumed, { loss: LOSS });
    if (!('plan' in planned)) throw new Error(planned.reason);
    const fused = new FusedDenseStep(resumed, planned.plan);
    for (let s = 3; s < 6; s++) {
      const { x, y } = batchData(spec, 16, 30 + s);
      await s1.run(x, y, 16);
      await fused.run(x, y, 16);
    }
    fused.syncToModel();
    expect(maxDiff(weightsOf(reference), weightsOf(resumed))).toBeLessThan(1e-5);
    expect(resumed.optimizer.iterations).toBe(6);
    [reference, resumed].forEach((m) => m.dispose());
  });

  it('trains a Dropout model to a falling loss, and AdamW decay shrinks only the kernels', async () => {
    Math.random = seededRandom(9);
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4], units: 16, activation: 'relu' }),
        tf.layers.dropout({ rate: 0.3 }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.02), loss: LOSS, metrics: ['accuracy'] });
    const planned = planFusedDense(model, { loss: LOSS });
    if (!('plan' in planned)) throw new Error(planned.reason);
    expect(planned.plan.steps.map((s) => s.kind)).toEqual(['dense', 'dropout', 'dense']);
    const step = new FusedDenseStep(model, planned.plan);
    // A learnable rule: the class is the index of the largest of the first three features.
    const r = seededRandom(4);
    const n = 64;
    const losses: number[] = [];
    for (let s = 0; s < 150; s++) {
      const x = Float32Array.from({ length: n * 4 }, () => r() * 2 - 1);
      const y = Int32Array.from({ length: n }, (_v, i) => [0, 1, 2].reduce((b, c) => (x[i * 4 + c]! > x[i * 4 + b]! ? c : b), 0));
      losses.push((await step.run(x, y, n))[0]);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(losses.slice(-20))).toBeLessThan(mean(losses.slice(0, 20)) * 0.6);

    step.syncToModel();
    const before = weightsOf(model);
    step.decayKernels(0.5);
    step.syncToModel();
    const after = weightsOf(model);
    // Weights in order: kernel, bias, kernel, bias.
    expect(after[0]![0]).toBeCloseTo(before[0]![0]! * 0.5, 6);
    expect(after[1]).toEqual(before[1]);
    expect(after[2]![1]).toBeCloseTo(before[2]![1]! * 0.5, 6);
    model.dispose();
  });
});
