import { describe, expect, it } from 'vitest';
import type { Shape } from '../graph/types';
import { CATEGORIES, type Params, type ShapeResult } from './types';
import { LAYER_SPECS, getLayerSpec } from './catalog';
import { checkParam, defaultParams, resolveParams } from './params';

/** Run a kind's shape function with defaults + overrides. */
function infer(kind: string, inputs: Shape[], params: Params = {}): ShapeResult {
  const spec = getLayerSpec(kind)!;
  return spec.inferShape(inputs, resolveParams(spec.params, params));
}
const shapeOf = (kind: string, inputs: Shape[], params: Params = {}) => {
  const r = infer(kind, inputs, params);
  if (!r.ok) throw new Error(r.message);
  return r.shape;
};
const errorOf = (kind: string, inputs: Shape[], params: Params = {}) => {
  const r = infer(kind, inputs, params);
  if (r.ok) throw new Error(`expected an error, got ${r.shape}`);
  return r;
};

describe('catalog entries are complete data', () => {
  it.each(LAYER_SPECS.map((s) => [s.kind, s] as const))('%s', (_k, spec) => {
    expect(spec.label.length).toBeGreaterThan(0);
    expect(spec.help.length).toBeGreaterThan(20);
    expect(CATEGORIES).toContain(spec.category);
    expect(spec.inputs.min).toBeLessThanOrEqual(spec.inputs.max);
    for (const [key, ps] of Object.entries(spec.params))
      expect([key, checkParam(ps, ps.default)]).toEqual([key, null]);
    expect(Object.keys(defaultParams(spec.params))).toEqual(Object.keys(spec.params));
  });
  it('kinds are unique', () => {
    expect(new Set(LAYER_SPECS.map((s) => s.kind)).size).toBe(LAYER_SPECS.length);
  });
});

describe('shape inference', () => {
  it('inputs', () => {
    expect(shapeOf('InputImage', [], { height: 32, width: 30, channels: 3 })).toEqual([32, 30, 3]);
    expect(shapeOf('InputVector', [], { features: 13 })).toEqual([13]);
    expect(shapeOf('InputSequence', [], { length: 50 })).toEqual([50]);
  });
  it('Dense: flat or per-step, refuses images with an Insert Flatten fix', () => {
    expect(shapeOf('Dense', [[20]], { units: 5 })).toEqual([5]);
    expect(shapeOf('Dense', [[7, 20]], { units: 5 })).toEqual([7, 5]);
    const e = errorOf('Dense', [[13, 13, 32]]);
    expect(e.message).toBe('Dense needs a flat input; this edge carries 13×13×32.');
    expect(e.fix).toMatchObject({ kind: 'insertBefore', layerKind: 'Flatten' });
  });
  it('Flatten, Reshape, Dropout, Activation', () => {
    expect(shapeOf('Flatten', [[5, 5, 64]])).toEqual([1600]);
    expect(errorOf('Flatten', [[null, 4]]).message).toMatch(/every size known/);
    expect(shapeOf('Reshape', [[784]], { targetShape: [28, 28, 1] })).toEqual([28, 28, 1]);
    expect(errorOf('Reshape', [[100]], { targetShape: [28, 28, 1] }).message).toMatch(
      /needs 784 values but the input 100 has 100/,
    );
    expect(shapeOf('Dropout', [[3, 4]])).toEqual([3, 4]);
    expect(shapeOf('Activation', [[9]])).toEqual([9]);
  });
  it('Conv2D family: valid and same padding, strides, errors with fixes', () => {
    expect(shapeOf('Conv2D', [[28, 28, 1]], { filters: 32 })).toEqual([26, 26, 32]);
    expect(shapeOf('Conv2D', [[28, 28, 1]], { filters: 8, strides: 2, padding: 'same' })).toEqual([
      14, 14, 8,
    ]);
    const small = errorOf('Conv2D', [[2, 2, 8]], { kernelSize: 3 });
    expect(small.message).toMatch(/3×3 kernel does not fit in a 2×2×8 input/);
    expect(small.fix).toMatchObject({ kind: 'setParam', param: 'padding', value: 'same' });
    const flat = errorOf('Conv2D', [[784]]);
    expect(flat.message).toMatch(/needs an image .* carries 784/);
    expect(flat.fix).toMatchObject({
      kind: 'insertBefore',
      layerKind: 'Reshape',
      params: { targetShape: [28, 28, 1] },
    });
    expect(errorOf('Conv2D', [[10]]).fix).toBeUndefined();
    expect(shapeOf('SeparableConv2D', [[10, 10, 3]], { filters: 16 })).toEqual([8, 8, 16]);
    expect(errorOf('SeparableConv2D', [[10, 10]]).message).toMatch(/SeparableConv2D needs an image/);
    expect(shapeOf('DepthwiseConv2D', [[10, 10, 3]], { depthMultiplier: 2, padding: 'same' })).toEqual([
      10, 10, 6,
    ]);
    expect(errorOf('DepthwiseConv2D', [[1, 1, 3]]).fix).toMatchObject({ param: 'padding' });
  });
  it('Conv1D and sequence pools', () => {
    expect(shapeOf('Conv1D', [[100, 16]], { filters: 8, kernelSize: 5 })).toEqual([96, 8]);
    expect(errorOf('Conv1D', [[100]]).fix).toMatchObject({
      layerKind: 'Reshape',
      params: { targetShape: [100, 1] },
    });
    expect(errorOf('Conv1D', [[2, 4]], { kernelSize: 3 }).message).toMatch(/3 steps does not fit/);
    expect(shapeOf('MaxPool1D', [[9, 4]])).toEqual([4, 4]);
    expect(errorOf('MaxPool1D', [[4, 4, 4]]).fix).toMatchObject({ params: { targetShape: [4, 16] } });
    expect(shapeOf('GlobalAveragePool1D', [[9, 4]])).toEqual([4]);
    expect(errorOf('GlobalAveragePool1D', [[9, 9, 4]]).message).toMatch(/Use GlobalAveragePool2D/);
  });
  it('2-D pools', () => {
    expect(shapeOf('MaxPool2D', [[26, 26, 32]])).toEqual([13, 13, 32]);
    expect(shapeOf('MaxPool2D', [[5, 5, 2]], { poolSize: 2, strides: 2, padding: 'same' })).toEqual([
      3, 3, 2,
    ]);
    expect(errorOf('MaxPool2D', [[1, 1, 2]]).message).toMatch(/2×2 pool does not fit/);
    expect(shapeOf('AveragePool2D', [[8, 8, 2]], { poolSize: 4 })).toEqual([2, 2, 2]);
    expect(errorOf('AveragePool2D', [[8]]).message).toMatch(/AveragePool2D needs an image/);
    expect(shapeOf('GlobalAveragePool2D', [[7, 7, 64]])).toEqual([64]);
    expect(errorOf('GlobalAveragePool2D', [[49, 64]]).message).toMatch(/needs an image/);
  });
  it('normalization keeps the shape', () => {
    expect(shapeOf('BatchNormalization', [[5, 5, 8]])).toEqual([5, 5, 8]);
    expect(shapeOf('LayerNormalization', [[10, 32]])).toEqual([10, 32]);
  });
  it('Embedding and recurrent layers', () => {
    expect(shapeOf('Embedding', [[100]], { outputDim: 32 })).toEqual([100, 32]);
    expect(errorOf('Embedding', [[100, 8]]).message).toMatch(/list of token ids/);
    expect(shapeOf('LSTM', [[100, 32]], { units: 16 })).toEqual([16]);
    expect(shapeOf('LSTM', [[100, 32]], { units: 16, returnSequences: true })).toEqual([100, 16]);
    expect(errorOf('LSTM', [[100]]).message).toMatch(/needs a sequence .* Embedding first/);
    expect(shapeOf('GRU', [[10, 3]], { units: 4 })).toEqual([4]);
    expect(errorOf('GRU', [[5, 5, 5]]).fix).toMatchObject({
      layerKind: 'Reshape',
      params: { targetShape: [5, 25] },
    });
    expect(shapeOf('Bidirectional', [[10, 3]], { units: 4 })).toEqual([8]);
    expect(
      shapeOf('Bidirectional', [[10, 3]], { units: 4, mergeMode: 'sum', returnSequences: true }),
    ).toEqual([10, 4]);
    expect(errorOf('Bidirectional', [[10]]).message).toMatch(/Bidirectional needs a sequence/);
  });
  it('attention layers', () => {
    expect(shapeOf('PositionalEmbedding', [[64]], { embedDim: 32 })).toEqual([64, 32]);
    expect(errorOf('PositionalEmbedding', [[64, 3]]).message).toMatch(/list of token ids/);
    expect(errorOf('PositionalEmbedding', [[null]]).message).toMatch(/fixed sequence length/);
    expect(shapeOf('TransformerEncoder', [[64, 32]], { numHeads: 4 })).toEqual([64, 32]);
    const heads = errorOf('TransformerEncoder', [[64, 30]], { numHeads: 4 });
    expect(heads.message).toMatch(/4 heads cannot split 30 features/);
    expect(heads.fix).toMatchObject({ kind: 'setParam', param: 'numHeads', value: 3 });
    expect(errorOf('TransformerEncoder', [[64]]).message).toMatch(/PositionalEmbedding first/);
  });
  it('merges', () => {
    expect(
      shapeOf('Add', [
        [4, 4, 8],
        [4, 4, 8],
        [4, 4, 8],
      ]),
    ).toEqual([4, 4, 8]);
    const add = errorOf('Add', [
      [13, 13, 32],
      [13, 13, 64],
    ]);
    expect(add.message).toBe(
      'Add needs inputs of the same shape; input 1 carries 13×13×32 and input 2 carries 13×13×64.',
    );
    expect(add.fix).toMatchObject({
      kind: 'insertBefore',
      layerKind: 'Conv2D',
      port: 0,
      params: { filters: 64, kernelSize: 1 },
    });
    expect(errorOf('Multiply', [[10], [12]]).fix).toMatchObject({
      layerKind: 'Dense',
      port: 0,
      params: { units: 12 },
    });
    expect(errorOf('Multiply', [[12], [10]]).fix).toMatchObject({ port: 1 });
    expect(
      errorOf('Add', [
        [5, 5, 3],
        [4, 4, 3],
      ]).fix,
    ).toBeUndefined();
    expect(
      shapeOf('Concatenate', [
        [4, 4, 8],
        [4, 4, 2],
      ]),
    ).toEqual([4, 4, 10]);
    expect(
      shapeOf(
        'Concatenate',
        [
          [3, 8],
          [5, 8],
        ],
        { axis: 1 },
      ),
    ).toEqual([8, 8]);
    expect(
      errorOf('Concatenate', [
        [4, 4, 8],
        [5, 4, 2],
      ]).message,
    ).toMatch(/input 1 carries 4×4×8 and input 2 carries 5×4×2/);
    expect(errorOf('Concatenate', [[4], [4]], { axis: 0 }).message).toMatch(/batch/);
    expect(errorOf('Concatenate', [[4], [4]], { axis: 3 }).fix).toMatchObject({ param: 'axis', value: -1 });
    for (const kind of ['Add', 'Multiply', 'Concatenate'])
      expect(getLayerSpec(kind)!.inputs).toEqual({ min: 2, max: 8 });
  });
  it('Output', () => {
    expect(shapeOf('Output', [[64]], { classes: 3 })).toEqual([3]);
    expect(errorOf('Output', [[5, 5, 64]]).fix).toMatchObject({ layerKind: 'Flatten' });
  });
});

describe('param counts', () => {
  const count = (kind: string, input: Shape, params: Params = {}) => {
    const spec = getLayerSpec(kind)!;
    const p = resolveParams(spec.params, params);
    const r = spec.inferShape([input], p);
    return r.ok ? spec.paramCount([input], p, r.shape) : NaN;
  };
  it('matches the Keras formulas', () => {
    expect(count('Conv2D', [28, 28, 1], { filters: 32 })).toBe(320);
    expect(count('SeparableConv2D', [8, 8, 3], { filters: 16 })).toBe(9 * 3 + 3 * 16 + 16);
    expect(count('DepthwiseConv2D', [8, 8, 3], { depthMultiplier: 2 })).toBe(9 * 6 + 6);
    expect(count('LSTM', [10, 32], { units: 32 })).toBe(4 * (64 * 32 + 32));
    expect(count('GRU', [10, 32], { units: 32 })).toBe(3 * (64 * 32 + 32));
    expect(count('Bidirectional', [10, 8], { units: 4 })).toBe(2 * 4 * (12 * 4 + 4));
    expect(count('TransformerEncoder', [10, 32], { ffDim: 64 })).toBe(
      4 * (32 * 32 + 32) + (32 * 64 + 64) + (64 * 32 + 32) + 4 * 32,
    );
    expect(count('PositionalEmbedding', [64], { vocabSize: 100, embedDim: 8 })).toBe((100 + 64) * 8);
  });
});
