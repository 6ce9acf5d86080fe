import type { Shape } from '../../graph/types';
import type { FixSuggestion, LayerSpec, ShapeResult } from '../types';
import { num } from '../params';
import { fail } from './common';
import { formatShape, shapesEqual, sizeOf } from '../shape-utils';

const mergeInputs = { min: 2, max: 8 };

/** A layer that makes the last dim of input `port` equal `size`: a 1×1 Conv2D for images, Dense otherwise. */
function matchChannels(shape: Shape, size: number, port: number): FixSuggestion {
  const conv = shape.length === 3;
  return {
    kind: 'insertBefore',
    layerKind: conv ? 'Conv2D' : 'Dense',
    params: conv
      ? { filters: size, kernelSize: 1, strides: 1, padding: 'same', activation: 'linear' }
      : { units: size, activation: 'linear' },
    label: `Match channels: insert a ${conv ? '1×1 Conv2D' : 'Dense'} with ${size} outputs on input ${port + 1}`,
    port,
  };
}

/** Element-wise merges need identical shapes. */
function elementwise(kind: 'Add' | 'Multiply', help: string): LayerSpec {
  return {
    kind,
    label: kind,
    category: 'Merge',
    help,
    params: {},
    inputs: mergeInputs,
    inferShape(inputs): ShapeResult {
      const first = inputs[0];
      for (let i = 1; i < inputs.length; i++) {
        const other = inputs[i];
        if (shapesEqual(first, other)) continue;
        let fix: FixSuggestion | undefined;
        const sameButLast =
          first.length === other.length &&
          shapesEqual(first.slice(0, -1), other.slice(0, -1)) &&
          first.length <= 3;
        const [a, b] = [first[first.length - 1], other[other.length - 1]];
        if (sameButLast && a !== null && b !== null)
          fix = a > b ? matchChannels(other, a, i) : matchChannels(first, b, 0);
        return fail(
          `${kind} needs inputs of the same shape; input 1 carries ${formatShape(first)} and input ${i + 1} carries ${formatShape(other)}.`,
          fix,
        );
      }
      return { ok: true, shape: first.map((d, j) => d ?? inputs.find((s) => s[j] !== null)?.[j] ?? null) };
    },
    paramCount: () => 0,
    macs: (inputs, _p, out) => sizeOf(out) * (inputs.length - 1),
    compile: () => ({ className: kind, config: {} }),
  };
}

/** Element-wise sum: the skip connection of residual networks. */
export const add = elementwise(
  'Add',
  'Adds its inputs element by element. Used for skip (residual) connections; shapes must match.',
);

/** Element-wise product: gating. */
export const multiply = elementwise(
  'Multiply',
  'Multiplies its inputs element by element (gating). Shapes must match.',
);

/** Joins inputs side by side along one axis. */
export const concatenate: LayerSpec = {
  kind: 'Concatenate',
  label: 'Concatenate',
  category: 'Merge',
  help: 'Joins its inputs side by side along one axis (by default the last: features or channels). Other sizes must match.',
  params: {
    axis: {
      type: 'int',
      label: 'Axis',
      default: -1,
      min: -4,
      max: 4,
      help: '-1 joins the last axis (features/channels); 1 is the first axis after the batch.',
    },
  },
  inputs: mergeInputs,
  inferShape(inputs, p) {
    const first = inputs[0];
    const axisParam = num(p, 'axis');
    if (axisParam === 0)
      return fail('Concatenate cannot join along axis 0: that axis counts the samples in a batch.');
    const axis = axisParam > 0 ? axisParam - 1 : first.length + axisParam;
    if (axis < 0 || axis >= first.length)
      return fail(
        `Concatenate axis ${axisParam} does not exist in an input of shape ${formatShape(first)}.`,
        {
          kind: 'setParam',
          param: 'axis',
          value: -1,
          label: 'Join the last axis',
        },
      );
    const out = [...first];
    for (let i = 1; i < inputs.length; i++) {
      const other = inputs[i];
      const rest = (s: Shape) => s.filter((_d, j) => j !== axis);
      if (other.length !== first.length || !shapesEqual(rest(first), rest(other)))
        return fail(
          `Concatenate needs inputs that match except along axis ${axisParam}; input 1 carries ${formatShape(first)} and input ${i + 1} carries ${formatShape(other)}.`,
        );
      out[axis] = out[axis] === null || other[axis] === null ? null : out[axis]! + other[axis]!;
    }
    return { ok: true, shape: out };
  },
  paramCount: () => 0,
  compile: (p) => ({ className: 'Concatenate', config: { axis: num(p, 'axis') } }),
};
