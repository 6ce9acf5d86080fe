import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { compileGraph } from '../../engine/compile';
import { allLayersGraph } from '../../../shared/codegen/all-layers.fixture';
import { chain } from '../../../shared/templates';
import type { ModelGraph } from '../../../shared/graph/types';
import { ONNX_OUTPUT, onnxProblems, toOnnx } from './convert';
import { decodeModel } from './proto';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Random weights everywhere (variances positive), so biases and norm statistics are exercised too. */
function randomize(model: tf.LayersModel, seed: number): void {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  model.setWeights(
    model.weights.map((w) => {
      const n = w.shape.reduce((a, b) => (a as number) * (b as number), 1) as number;
      const lo = w.originalName.includes('variance') ? 0.5 : -0.4;
      return tf.tensor(
        Float32Array.from({ length: n }, () => lo + rand() * 0.8),
        w.shape as number[],
      );
    }),
  );
}

/** Inputs for every model input: token ids for sequences of ids, values in 0..1 otherwise. */
function inputsFor(model: tf.LayersModel, graph: ModelGraph, n: number): Float32Array[] {
  return model.inputs.map((t) => {
    const node = graph.nodes.find((x) => x.name === t.sourceLayer.name)!;
    const size = (t.shape.slice(1) as number[]).reduce((a, b) => a * b, 1);
    const vocab = Number(node.params.vocabSize ?? 0);
    return Float32Array.from({ length: n * size }, (_v, i) =>
      vocab ? (i * 7919) % vocab : ((i * 37) % 101) / 101,
    );
  });
}

async function maxDiff(graph: ModelGraph, seed = 1): Promise<number> {
  const model = compileGraph(graph);
  randomize(model, seed);
  const n = 5;
  const xs = inputsFor(model, graph, n);
  const shapes = model.inputs.map((t) => [n, ...(t.shape.slice(1) as number[])]);
  const expected = (
    model.predict(xs.map((x, i) => tf.tensor(x, shapes[i]))) as tf.Tensor
  ).dataSync() as Float32Array;
  const { bytes, inputNames } = toOnnx(model);
  const session = await ort.InferenceSession.create(bytes);
  const feeds = Object.fromEntries(
    inputNames.map((name, i) => [name, new ort.Tensor('float32', xs[i], shapes[i])]),
  );
  const got = (await session.run(feeds))[ONNX_OUTPUT].data as Float32Array;
  expect(got.length).toBe(expected.length);
  return expected.reduce((m, v, i) => Math.max(m, Math.abs(v - got[i])), 0);
}

describe('ONNX export (checked in onnxruntime-node)', () => {
  it('exports a plain tf.sequential model (its `layers` leave the InputLayer out)', async () => {
    const model = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu' }), tf.layers.dense({ units: 3, activation: 'softmax' })],
    });
    randomize(model, 3);
    const x = Float32Array.from({ length: 8 }, (_v, i) => i / 8);
    const expected = (model.predict(tf.tensor(x, [2, 4])) as tf.Tensor).dataSync() as Float32Array;
    const { bytes, inputNames } = toOnnx(model);
    expect(inputNames).toHaveLength(1);
    const session = await ort.InferenceSession.create(bytes);
    const got = (await session.run({ [inputNames[0]!]: new ort.Tensor('float32', x, [2, 4]) }))[ONNX_OUTPUT].data as Float32Array;
    expect(Math.max(...expected.map((v, i) => Math.abs(v - got[i]!)))).toBeLessThan(1e-6);
  });

  it('matches tfjs on a graph that uses every layer kind of the catalog', async () => {
    expect(await maxDiff(allLayersGraph)).toBeLessThan(1e-5);
  });

  it('declares opset 17 and the Keras input names', () => {
    const decoded = decodeModel(toOnnx(compileGraph(allLayersGraph)).bytes) as {
      opset_import: { version: number }[];
      graph: { input: { name: string }[] };
    };
    expect(decoded.opset_import[0].version).toBe(17);
    expect(decoded.graph.input.map((i) => i.name).sort()).toEqual(['image', 'table', 'tokens']);
  });

  it.each([
    ['LSTM', 'concat', false],
    ['LSTM', 'sum', true],
    ['GRU', 'ave', false],
    ['GRU', 'mul', true],
  ])('matches a Bidirectional %s (merge %s, sequences %s)', async (cell, mergeMode, returnSequences) => {
    const graph = chain([
      { kind: 'InputSequence', name: 'tokens', params: { length: 7, vocabSize: 30 } },
      { kind: 'Embedding', name: 'emb', params: { vocabSize: 30, outputDim: 5 } },
      { kind: 'Bidirectional', name: 'bi', params: { cell, units: 3, returnSequences, mergeMode } },
      ...(returnSequences ? [{ kind: 'Flatten', name: 'flat', params: {} }] : []),
      { kind: 'Output', name: 'out', params: { classes: 4 } },
    ]).graph;
    expect(await maxDiff(graph, 3)).toBeLessThan(1e-5);
  });

  it.each(['elu', 'selu', 'gelu', 'swish', 'sigmoid'])(
    'matches the %s activation and strided "same" pooling',
    async (activation) => {
      const graph = chain([
        { kind: 'InputImage', name: 'img', params: { height: 9, width: 7, channels: 2 } },
        {
          kind: 'Conv2D',
          name: 'conv',
          params: { filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation },
        },
        { kind: 'AveragePool2D', name: 'avg', params: { poolSize: 3, strides: 2, padding: 'same' } },
        { kind: 'Flatten', name: 'flat', params: {} },
        { kind: 'Dense', name: 'dense', params: { units: 4, activation } },
        { kind: 'Output', name: 'out', params: { classes: 3, activation: 'sigmoid' } },
      ]).graph;
      expect(await maxDiff(graph, 5)).toBeLessThan(1e-5);
    },
  );

  it('refuses a layer without an ONNX form before building anything, naming it', () => {
    const model = compileGraph(
      chain([
        { kind: 'InputVector', name: 'x', params: { features: 4 } },
        { kind: 'Output', name: 'out', params: { classes: 2 } },
      ]).graph,
    );
    const input = tf.input({ shape: [4] });
    const odd = tf.layers
      .repeatVector({ n: 2, name: 'repeat' })
      .apply(model.apply(input)) as tf.SymbolicTensor;
    const wrapped = tf.model({ inputs: input, outputs: tf.layers.flatten().apply(odd) as tf.SymbolicTensor });
    expect(onnxProblems(wrapped).join(' ')).toMatch(/repeat: the RepeatVector layer has no ONNX form/);
    expect(() => toOnnx(wrapped)).toThrow(/cannot be exported to ONNX/);
  });
});
