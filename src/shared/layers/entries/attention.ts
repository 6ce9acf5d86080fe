import type { LayerSpec } from '../types';
import { num } from '../params';
import { fail, lastDim, needsSequence, needsTokenIds, vectorSizeParam, vocabSizeParam } from './common';
import { formatShape } from '../shape-utils';

/** Epsilon of the encoder's two layer norms (as in the Keras Transformer examples). */
export const TRANSFORMER_EPSILON = 1e-6;

/** Largest head count ≤ `want` that divides `d` (at least 1). */
const headsFor = (d: number, want: number) => {
  for (let h = Math.min(want, d); h > 1; h--) if (d % h === 0) return h;
  return 1;
};

/** One Transformer encoder block (custom tfjs layer "TransformerEncoder"). */
export const transformerEncoder: LayerSpec = {
  kind: 'TransformerEncoder',
  label: 'Transformer encoder',
  category: 'Attention',
  help:
    'Lets every step of a sequence look at every other step (multi-head self-attention), then refines each step with a small ' +
    'feed-forward network. Residual connections and layer normalization keep it stable. Output has the input shape.',
  params: {
    numHeads: {
      type: 'int',
      label: 'Attention heads',
      default: 2,
      min: 1,
      max: 64,
      help: 'Must divide the feature size.',
    },
    ffDim: {
      type: 'int',
      label: 'Feed-forward size',
      default: 64,
      min: 1,
      max: 16384,
      help: 'Hidden units of the feed-forward part.',
    },
  },
  inputs: { min: 1, max: 1 },
  inferShape([input], p) {
    const bad = needsSequence(
      'Transformer encoder',
      input,
      input.length === 1 ? ' Token ids need a PositionalEmbedding first.' : '',
    );
    if (bad) return bad;
    const d = input[1];
    if (d === null) return fail('Transformer encoder needs a known feature size.');
    const h = num(p, 'numHeads');
    if (d % h !== 0) {
      const ok = headsFor(d, h);
      return fail(
        `Transformer encoder: ${h} heads cannot split ${d} features evenly (input ${formatShape(input)}).`,
        {
          kind: 'setParam',
          param: 'numHeads',
          value: ok,
          label: `Use ${ok} head${ok === 1 ? '' : 's'}`,
        },
      );
    }
    return { ok: true, shape: [...input] };
  },
  paramCount([input], p) {
    const d = lastDim(input);
    const ff = num(p, 'ffDim');
    return 4 * (d * d + d) + (d * ff + ff) + (ff * d + d) + 4 * d;
  },
  macs([input], p) {
    const [l, d] = [input[0] ?? 0, lastDim(input)];
    return l * (4 * d * d + 2 * d * num(p, 'ffDim')) + 2 * l * l * d;
  },
  compile: (p) => ({
    className: 'TransformerEncoder',
    config: { numHeads: num(p, 'numHeads'), ffDim: num(p, 'ffDim'), epsilon: TRANSFORMER_EPSILON },
  }),
};

/** Token embedding plus a learned embedding of each position (custom tfjs layer "PositionalEmbedding"). */
export const positionalEmbedding: LayerSpec = {
  kind: 'PositionalEmbedding',
  label: 'Positional embedding',
  category: 'Attention',
  help: 'Turns each token id into a learned vector and adds a learned vector for its position, so a Transformer knows word order.',
  params: {
    vocabSize: vocabSizeParam('Match the input layer.'),
    embedDim: vectorSizeParam(32),
  },
  inputs: { min: 1, max: 1 },
  inferShape([input], p) {
    const bad = needsTokenIds('Positional embedding', input);
    if (bad) return bad;
    if (input[0] === null) return fail('Positional embedding needs a fixed sequence length.');
    return { ok: true, shape: [input[0], num(p, 'embedDim')] };
  },
  paramCount: ([input], p) => (num(p, 'vocabSize') + (input[0] ?? 0)) * num(p, 'embedDim'),
  macs: ([input], p) => (input[0] ?? 0) * num(p, 'embedDim'),
  compile: (p, [input]) => ({
    className: 'PositionalEmbedding',
    config: { vocabSize: num(p, 'vocabSize'), embedDim: num(p, 'embedDim'), sequenceLength: input?.[0] ?? 1 },
  }),
};
