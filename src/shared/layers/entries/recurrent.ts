import type { LayerSpec, Params } from '../types';
import type { Shape } from '../../graph/types';
import { bool, num, str } from '../params';
import { lastDim, needsSequence, needsTokenIds, vectorSizeParam, vocabSizeParam } from './common';

const units = {
  type: 'int',
  label: 'Units',
  default: 64,
  min: 1,
  max: 4096,
  help: 'Size of the memory (output features).',
} as const;
const returnSequences = {
  type: 'bool',
  label: 'Return sequences',
  default: false,
  help: 'On: one output per step (to stack another recurrent layer). Off: only the last step (to classify).',
} as const;
const EMBED_HINT = ' Token ids need an Embedding first.';

/** Weights of one LSTM (gates = 4) or GRU (gates = 3, tfjs has no reset_after) over `input` features. */
const rnnWeights = (gates: number, input: number, u: number) => gates * ((input + u) * u + u);
const rnnShape = (input: Shape, u: number, seq: boolean): Shape => (seq ? [input[0], u] : [u]);
/** tfjs config of one cell; sigmoid gates match Keras (tfjs defaults to hard sigmoid). */
const rnnConfig = (p: Params) => ({
  units: num(p, 'units'),
  returnSequences: bool(p, 'returnSequences'),
  recurrentActivation: 'sigmoid',
});

/** A recurrent layer kind (LSTM or GRU) with its gate count. */
function recurrent(kind: 'LSTM' | 'GRU', gates: number, help: string): LayerSpec {
  return {
    kind,
    label: kind,
    category: 'Recurrent',
    help,
    params: { units, returnSequences },
    inputs: { min: 1, max: 1 },
    inferShape: ([input], p) =>
      needsSequence(kind, input, input.length === 1 ? EMBED_HINT : '') ?? {
        ok: true,
        shape: rnnShape(input, num(p, 'units'), bool(p, 'returnSequences')),
      },
    paramCount: ([input], p) => rnnWeights(gates, lastDim(input), num(p, 'units')),
    macs: ([input], p) => (input[0] ?? 0) * gates * (lastDim(input) + num(p, 'units')) * num(p, 'units'),
    compile: (p) => ({ className: kind, config: rnnConfig(p) }),
  };
}

/** Long short-term memory. */
export const lstm = recurrent(
  'LSTM',
  4,
  'Reads a sequence step by step and keeps a memory of what matters. Good for text and time series.',
);

/** Gated recurrent unit. */
export const gru = recurrent('GRU', 3, 'Like LSTM with a simpler memory: fewer weights, often as accurate.');

/** A recurrent layer run forwards and backwards, outputs merged. */
export const bidirectional: LayerSpec = {
  kind: 'Bidirectional',
  label: 'Bidirectional RNN',
  category: 'Recurrent',
  help: 'Runs an LSTM or GRU over the sequence in both directions and merges the two, so each step sees past and future.',
  params: {
    cell: { type: 'enum', label: 'Layer', default: 'LSTM', options: ['LSTM', 'GRU'] },
    units,
    returnSequences,
    mergeMode: {
      type: 'enum',
      label: 'Merge',
      default: 'concat',
      options: ['concat', 'sum', 'mul', 'ave'],
      help: 'How the two directions are combined: side by side (concat, doubles the features) or element-wise.',
    },
  },
  inputs: { min: 1, max: 1 },
  inferShape([input], p) {
    const bad = needsSequence('Bidirectional', input, input.length === 1 ? EMBED_HINT : '');
    if (bad) return bad;
    const u = num(p, 'units') * (str(p, 'mergeMode') === 'concat' ? 2 : 1);
    return { ok: true, shape: rnnShape(input, u, bool(p, 'returnSequences')) };
  },
  paramCount: ([input], p) =>
    2 * rnnWeights(str(p, 'cell') === 'GRU' ? 3 : 4, lastDim(input), num(p, 'units')),
  macs: ([input], p) =>
    2 *
    (input[0] ?? 0) *
    (str(p, 'cell') === 'GRU' ? 3 : 4) *
    (lastDim(input) + num(p, 'units')) *
    num(p, 'units'),
  compile: (p) => ({
    className: 'Bidirectional',
    config: { layer: { className: str(p, 'cell'), config: rnnConfig(p) }, mergeMode: str(p, 'mergeMode') },
  }),
};

/** Token id → learned vector. */
export const embedding: LayerSpec = {
  kind: 'Embedding',
  label: 'Embedding',
  category: 'Core',
  help: 'Turns each token id into a learned vector of numbers, so words with similar use end up close together.',
  params: {
    vocabSize: vocabSizeParam('Number of distinct token ids; match the input layer.'),
    outputDim: vectorSizeParam(64),
  },
  inputs: { min: 1, max: 1 },
  inferShape([input], p) {
    return needsTokenIds('Embedding', input) ?? { ok: true, shape: [input[0], num(p, 'outputDim')] };
  },
  paramCount: (_i, p) => num(p, 'vocabSize') * num(p, 'outputDim'),
  macs: () => 0,
  compile: (p) => ({
    className: 'Embedding',
    config: { inputDim: num(p, 'vocabSize'), outputDim: num(p, 'outputDim') },
  }),
};
