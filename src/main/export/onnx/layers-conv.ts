import type { Attr } from './builder';
import { activate } from './activations';
import { transpose, weightOf, type LayerCtx, type LayerFamily } from './types';

// Keras data is channels-last; ONNX Conv/Pool want channels-first. Each such op is wrapped in a pair of
// Transposes, so every other layer (Flatten above all) sees Keras's order; onnxruntime's transpose
// optimizer cancels the back-to-back pairs between consecutive convolutions.
const TO_NCHW: Record<number, number[]> = { 3: [0, 2, 1], 4: [0, 3, 1, 2] };
const TO_NHWC: Record<number, number[]> = { 3: [0, 2, 1], 4: [0, 2, 3, 1] };

const list = (v: unknown, n: number): number[] =>
  Array.isArray(v) ? (v as number[]) : Array<number>(n).fill(Number(v ?? 1));

/** Stride, padding and dilation attributes of a window op with `n` spatial axes. */
function windowAttrs(c: LayerCtx, n: number, kernel: number[], dilations = true): Record<string, Attr> {
  const attrs: Record<string, Attr> = {
    kernel_shape: { ints: kernel },
    strides: { ints: list(c.config.strides, n) },
  };
  // TF's "same" puts the odd extra pad at the end: SAME_UPPER.
  if (c.config.padding === 'same') attrs.auto_pad = { s: 'SAME_UPPER' };
  else attrs.pads = { ints: Array<number>(2 * n).fill(0) };
  if (dilations) attrs.dilations = { ints: list(c.config.dilationRate, n) };
  return attrs;
}

/** Run `body` on the channels-first view of the input and return the channels-last result. */
function channelsFirst(c: LayerCtx, body: (x: string) => string): string {
  const rank = c.inputShapes[0].length;
  const x = c.g.op('Transpose', [c.inputs[0]], { perm: { ints: TO_NCHW[rank] } }, `${c.name}/to_nchw`);
  return c.g.op('Transpose', [body(x)], { perm: { ints: TO_NHWC[rank] } }, `${c.name}/to_nhwc`);
}

const bias = (c: LayerCtx) => {
  if (c.config.useBias === false) return [];
  const b = weightOf(c, 'bias');
  return [c.g.weight(`${c.name}/bias`, b.data, b.shape)];
};

/** Conv1D / Conv2D: kernel [k…, in, out] → ONNX [out, in, k…]. */
function conv(c: LayerCtx): string {
  const k = weightOf(c, 'kernel');
  const n = k.shape.length - 2;
  const perm = n === 1 ? [2, 1, 0] : [3, 2, 0, 1];
  const w = transpose(k.data, k.shape, perm);
  const y = channelsFirst(c, (x) =>
    c.g.op(
      'Conv',
      [x, c.g.weight(`${c.name}/kernel`, w.data, w.shape), ...bias(c)],
      windowAttrs(c, n, k.shape.slice(0, n)),
      c.name,
    ),
  );
  return activate(c.g, y, c.config.activation, c.name);
}

/** Depthwise kernel [kh, kw, in, m] → grouped-conv weight [in·m, 1, kh, kw] (output channel c·m + j, as TF orders it). */
function depthwiseWeight(c: LayerCtx): { name: string; kernel: number[]; channels: number } {
  const k = weightOf(c, 'depthwise_kernel');
  const [kh, kw, cin, m] = k.shape;
  const w = transpose(k.data, k.shape, [2, 3, 0, 1]);
  return {
    name: c.g.weight(`${c.name}/depthwise_kernel`, w.data, [cin * m, 1, kh, kw]),
    kernel: [kh, kw],
    channels: cin,
  };
}

function depthwise(c: LayerCtx): string {
  const d = depthwiseWeight(c);
  const y = channelsFirst(c, (x) =>
    c.g.op(
      'Conv',
      [x, d.name, ...bias(c)],
      { ...windowAttrs(c, 2, d.kernel), group: { i: d.channels } },
      c.name,
    ),
  );
  return activate(c.g, y, c.config.activation, c.name);
}

function separable(c: LayerCtx): string {
  const d = depthwiseWeight(c);
  const p = weightOf(c, 'pointwise_kernel');
  const pw = transpose(p.data, p.shape, [3, 2, 0, 1]);
  const y = channelsFirst(c, (x) => {
    const mid = c.g.op(
      'Conv',
      [x, d.name],
      { ...windowAttrs(c, 2, d.kernel), group: { i: d.channels } },
      `${c.name}/depthwise`,
    );
    const pwName = c.g.weight(`${c.name}/pointwise_kernel`, pw.data, pw.shape);
    return c.g.op(
      'Conv',
      [mid, pwName, ...bias(c)],
      { kernel_shape: { ints: [1, 1] } },
      `${c.name}/pointwise`,
    );
  });
  return activate(c.g, y, c.config.activation, c.name);
}

/** MaxPool / AveragePool over 1 or 2 spatial axes (TF's average excludes padding: count_include_pad=0). */
const pool = (op: 'MaxPool' | 'AveragePool', n: number) => (c: LayerCtx) =>
  channelsFirst(c, (x) => c.g.op(op, [x], windowAttrs(c, n, list(c.config.poolSize, n), false), c.name));

const mean = (axes: number[]) => (c: LayerCtx) =>
  c.g.op('ReduceMean', [c.inputs[0]], { axes: { ints: axes }, keepdims: { i: 0 } }, c.name);

const channelsLast = (c: { config: Record<string, unknown> }) =>
  c.config.dataFormat && c.config.dataFormat !== 'channelsLast'
    ? 'only channels-last data is supported.'
    : null;
const noCausal = (c: { config: Record<string, unknown> }) =>
  c.config.padding === 'causal' ? 'causal padding has no ONNX form here.' : channelsLast(c);

/** Convolutions and pooling. */
export const convFamily: LayerFamily = {
  mappers: {
    Conv1D: conv,
    Conv2D: conv,
    DepthwiseConv2D: depthwise,
    SeparableConv2D: separable,
    MaxPooling1D: pool('MaxPool', 1),
    MaxPooling2D: pool('MaxPool', 2),
    AveragePooling1D: pool('AveragePool', 1),
    AveragePooling2D: pool('AveragePool', 2),
    GlobalAveragePooling1D: mean([1]),
    GlobalAveragePooling2D: mean([1, 2]),
    GlobalMaxPooling1D: (c) =>
      c.g.op('ReduceMax', [c.inputs[0]], { axes: { ints: [1] }, keepdims: { i: 0 } }, c.name),
    GlobalMaxPooling2D: (c) =>
      c.g.op('ReduceMax', [c.inputs[0]], { axes: { ints: [1, 2] }, keepdims: { i: 0 } }, c.name),
  },
  checks: {
    Conv1D: noCausal,
    Conv2D: noCausal,
    DepthwiseConv2D: channelsLast,
    SeparableConv2D: (c) =>
      list(c.config.dilationRate, 2).some((d) => d !== 1)
        ? 'dilated separable convolutions are not supported.'
        : channelsLast(c),
    MaxPooling2D: channelsLast,
    AveragePooling2D: channelsLast,
    GlobalAveragePooling2D: channelsLast,
  },
};
