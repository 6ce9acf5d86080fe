import { weightOf, type LayerCtx, type LayerFamily } from './types';

/** x · W + b from the named weights (MatMul broadcasts over batch and steps). */
function linear(c: LayerCtx, x: string, part: string): string {
  const k = weightOf(c, `${part}/kernel`);
  const b = weightOf(c, `${part}/bias`);
  const y = c.g.op(
    'MatMul',
    [x, c.g.weight(`${c.name}/${part}/kernel`, k.data, k.shape)],
    {},
    `${c.name}/${part}`,
  );
  return c.g.op('Add', [y, c.g.weight(`${c.name}/${part}/bias`, b.data, b.shape)], {}, `${c.name}/${part}`);
}

function layerNorm(c: LayerCtx, x: string, part: string): string {
  const gamma = weightOf(c, `${part}/gamma`);
  const beta = weightOf(c, `${part}/beta`);
  return c.g.op(
    'LayerNormalization',
    [
      x,
      c.g.weight(`${c.name}/${part}/gamma`, gamma.data, gamma.shape),
      c.g.weight(`${c.name}/${part}/beta`, beta.data, beta.shape),
    ],
    { axis: { i: -1 }, epsilon: { f: Number(c.config.epsilon ?? 1e-6) } },
    `${c.name}/${part}`,
  );
}

/**
 * The TransformerEncoder block decomposed into standard ops, step for step as its tfjs `call`:
 * x1 = LN(x + MHA(x)); out = LN(x1 + W2·relu(W1·x1 + b1) + b2).
 */
function transformerEncoder(c: LayerCtx): string {
  const { g } = c;
  const x = c.inputs[0];
  const d = c.inputShapes[0][2] as number;
  const h = Number(c.config.numHeads);
  const dh = d / h;
  const split = g.int64([0, 0, h, dh]);
  const heads = (part: string, perm: number[]) =>
    g.op(
      'Transpose',
      [g.op('Reshape', [linear(c, x, part), split])],
      { perm: { ints: perm } },
      `${c.name}/${part}_heads`,
    );
  const q = heads('query', [0, 2, 1, 3]);
  const kT = heads('key', [0, 2, 3, 1]);
  const v = heads('value', [0, 2, 1, 3]);
  const scores = g.op('Mul', [g.op('MatMul', [q, kT]), g.scalar(1 / Math.sqrt(dh))], {}, `${c.name}/scores`);
  const attended = g.op('MatMul', [g.op('Softmax', [scores], { axis: { i: -1 } }), v]);
  const merged = g.op('Reshape', [
    g.op('Transpose', [attended], { perm: { ints: [0, 2, 1, 3] } }),
    g.int64([0, 0, d]),
  ]);
  const x1 = layerNorm(c, g.op('Add', [x, linear(c, merged, 'attention_output')]), 'layernorm_1');
  const ff = linear(c, g.op('Relu', [linear(c, x1, 'ffn_1')]), 'ffn_2');
  return layerNorm(c, g.op('Add', [x1, ff]), 'layernorm_2');
}

/** tokens[ids] + positions[0:steps]. */
function positionalEmbedding(c: LayerCtx): string {
  const tokens = weightOf(c, 'token_embeddings');
  const positions = weightOf(c, 'position_embeddings');
  const steps = c.inputShapes[0][1] as number;
  const dim = positions.shape[1];
  const ids = c.g.op('Cast', [c.inputs[0]], { to: { i: 7 } }, `${c.name}/ids`);
  const looked = c.g.op(
    'Gather',
    [c.g.weight(`${c.name}/token_embeddings`, tokens.data, tokens.shape), ids],
    { axis: { i: 0 } },
    c.name,
  );
  const pos = c.g.weight(`${c.name}/position_embeddings`, positions.data.slice(0, steps * dim), [steps, dim]);
  return c.g.op('Add', [looked, pos], {}, c.name);
}

/** LayerLab's custom attention layers. */
export const attentionFamily: LayerFamily = {
  mappers: { TransformerEncoder: transformerEncoder, PositionalEmbedding: positionalEmbedding },
  checks: {
    TransformerEncoder: (c) =>
      c.inputShapes[0].length === 3 && c.inputShapes[0][2] !== null
        ? null
        : 'the encoder needs a [steps, features] input.',
    PositionalEmbedding: (c) =>
      typeof c.inputShapes[0][1] === 'number'
        ? null
        : 'the positional embedding needs a fixed sequence length.',
  },
};
