import { activate } from './activations';
import { weightOf, type LayerCtx, type LayerFamily } from './types';

/** x · W + b over the last axis (MatMul broadcasts over any leading axes), then the activation. */
function dense(c: LayerCtx): string {
  const kernel = weightOf(c, 'kernel');
  let y = c.g.op(
    'MatMul',
    [c.inputs[0], c.g.weight(`${c.name}/kernel`, kernel.data, kernel.shape)],
    {},
    c.name,
  );
  if (c.config.useBias !== false) {
    const bias = weightOf(c, 'bias');
    y = c.g.op('Add', [y, c.g.weight(`${c.name}/bias`, bias.data, bias.shape)], {}, c.name);
  }
  return activate(c.g, y, c.config.activation, c.name);
}

/** Inference-time batch norm folded into one scale and one shift per channel (last axis). */
function batchNorm(c: LayerCtx): string {
  const mean = weightOf(c, 'moving_mean').data;
  const variance = weightOf(c, 'moving_variance').data;
  const n = mean.length;
  const gamma = c.weights.some((w) => w.name.endsWith('gamma'))
    ? weightOf(c, 'gamma').data
    : new Float32Array(n).fill(1);
  const beta = c.weights.some((w) => w.name.endsWith('beta'))
    ? weightOf(c, 'beta').data
    : new Float32Array(n);
  const eps = Number(c.config.epsilon ?? 1e-3);
  const scale = new Float32Array(n);
  const shift = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    scale[i] = gamma[i] / Math.sqrt(variance[i] + eps);
    shift[i] = beta[i] - mean[i] * scale[i];
  }
  const y = c.g.op('Mul', [c.inputs[0], c.g.weight(`${c.name}/scale`, scale, [n])], {}, c.name);
  return c.g.op('Add', [y, c.g.weight(`${c.name}/shift`, shift, [n])], {}, c.name);
}

/** Layer norm over the last axis: the opset-17 LayerNormalization op. */
function layerNorm(c: LayerCtx): string {
  const d = c.inputShapes[0][c.inputShapes[0].length - 1] as number;
  const has = (s: string) => c.weights.some((w) => w.name.endsWith(s));
  const gamma = has('gamma') ? weightOf(c, 'gamma').data : new Float32Array(d).fill(1);
  const beta = has('beta') ? weightOf(c, 'beta').data : new Float32Array(d);
  return c.g.op(
    'LayerNormalization',
    [c.inputs[0], c.g.weight(`${c.name}/gamma`, gamma, [d]), c.g.weight(`${c.name}/beta`, beta, [d])],
    { axis: { i: -1 }, epsilon: { f: Number(c.config.epsilon ?? 1e-3) } },
    c.name,
  );
}

/** Fold a list of inputs with a binary op (Add, Mul). */
const fold = (op: string) => (c: LayerCtx) =>
  c.inputs.slice(1).reduce((acc, x) => c.g.op(op, [acc, x], {}, c.name), c.inputs[0]);

/** tfjs saves the axis as -1 or as its positive index (rank − 1, batch included). */
const lastAxisOnly = (what: string) => (c: { config: Record<string, unknown>; inputShapes: unknown[][] }) => {
  const axis = c.config.axis;
  const a = Array.isArray(axis) ? axis : [axis];
  const rank = c.inputShapes[0].length;
  return a.length === 1 && (a[0] === -1 || a[0] === undefined || a[0] === rank - 1)
    ? null
    : `${what} over axis ${JSON.stringify(axis)} is not supported (only the last axis).`;
};

/** Core, normalization and merge layers. */
export const coreFamily: LayerFamily = {
  mappers: {
    Dense: dense,
    // Data stays in Keras's NHWC order throughout, so flattening matches Keras's element order.
    Flatten: (c) => c.g.op('Flatten', [c.inputs[0]], { axis: { i: 1 } }, c.name),
    Reshape: (c) =>
      c.g.op('Reshape', [c.inputs[0], c.g.int64([0, ...(c.config.targetShape as number[])])], {}, c.name),
    Dropout: (c) => c.g.op('Identity', [c.inputs[0]], {}, c.name),
    Activation: (c) => activate(c.g, c.inputs[0], c.config.activation, c.name),
    Embedding: (c) => {
      const table = weightOf(c, 'embeddings');
      const ids = c.g.op('Cast', [c.inputs[0]], { to: { i: 7 } }, `${c.name}/ids`);
      return c.g.op(
        'Gather',
        [c.g.weight(`${c.name}/embeddings`, table.data, table.shape), ids],
        { axis: { i: 0 } },
        c.name,
      );
    },
    BatchNormalization: batchNorm,
    LayerNormalization: layerNorm,
    Add: fold('Add'),
    Multiply: fold('Mul'),
    Concatenate: (c) => c.g.op('Concat', c.inputs, { axis: { i: Number(c.config.axis ?? -1) } }, c.name),
  },
  checks: {
    BatchNormalization: lastAxisOnly('BatchNormalization'),
    LayerNormalization: lastAxisOnly('LayerNormalization'),
    Embedding: (c) => (c.config.maskZero ? 'Embedding with mask_zero has no ONNX form here.' : null),
  },
};
