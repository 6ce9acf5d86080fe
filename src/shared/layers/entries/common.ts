import type { Shape } from '../../graph/types';
import type { FixSuggestion, ShapeResult } from '../types';
import { formatShape, sizeOf, windowOut } from '../shape-utils';

/** Padding choice shared by convolutions and pools. */
export const paddingParam = {
  type: 'enum',
  label: 'Padding',
  default: 'valid',
  options: ['valid', 'same'],
  help: '"valid" shrinks the output; "same" pads the border so the size only shrinks by the stride.',
} as const;

/** A failed shape result. */
export const fail = (message: string, fix?: FixSuggestion): ShapeResult => ({ ok: false, message, fix });

/** A Reshape fix that turns a flat vector into an image when its length allows (784 → 28×28×1). */
function reshapeToImageFix(shape: Shape): FixSuggestion | undefined {
  const n = shape[0];
  if (shape.length !== 1 || n === null) return undefined;
  for (const c of [1, 3]) {
    const side = Math.round(Math.sqrt(n / c));
    if (side * side * c === n) return insertReshape([side, side, c]);
  }
  return undefined;
}

/** Suggest inserting a Reshape to `target`. */
export const insertReshape = (target: number[]): FixSuggestion => ({
  kind: 'insertBefore',
  layerKind: 'Reshape',
  params: { targetShape: target },
  label: `Insert Reshape to ${formatShape(target)}`,
});

/** Suggest inserting a Flatten. */
export const insertFlatten: FixSuggestion = {
  kind: 'insertBefore',
  layerKind: 'Flatten',
  label: 'Insert Flatten',
};

/** Error for a 2-D layer fed something that is not height×width×channels, or null when it is. */
export function needsImage(label: string, shape: Shape): ShapeResult | null {
  if (shape.length === 3) return null;
  return fail(
    `${label} needs an image (height×width×channels); this edge carries ${formatShape(shape)}.`,
    reshapeToImageFix(shape),
  );
}

/** Error for a layer that needs a sequence (steps×features), or null when it gets one. */
export function needsSequence(label: string, shape: Shape, hint = ''): ShapeResult | null {
  if (shape.length === 2) return null;
  let fix: FixSuggestion | undefined;
  if (shape.length === 1 && shape[0] !== null) fix = insertReshape([shape[0], 1]);
  if (shape.length === 3 && !shape.includes(null)) fix = insertReshape([shape[0]!, shape[1]! * shape[2]!]);
  return fail(
    `${label} needs a sequence (steps×features); this edge carries ${formatShape(shape)}.${hint}`,
    fix,
  );
}

/** For a window that does not fit: suggest "same" padding, unless it is already used. */
const samePaddingFix = (padding: string): FixSuggestion | undefined =>
  padding === 'valid'
    ? { kind: 'setParam', param: 'padding', value: 'same', label: 'Use "same" padding' }
    : undefined;

/** Error for a layer that needs a list of token ids (one number per step), or null when it gets one. */
export function needsTokenIds(label: string, shape: Shape): ShapeResult | null {
  if (shape.length === 1) return null;
  return fail(
    `${label} needs a list of token ids (one number per step); this edge carries ${formatShape(shape)}.`,
  );
}

/** Vocabulary size param of a token embedding. */
export const vocabSizeParam = (help: string) =>
  ({ type: 'int', label: 'Vocabulary size', default: 10_000, min: 2, max: 10_000_000, help }) as const;

/** Vector size (numbers per token) param of a token embedding. */
export const vectorSizeParam = (defaultSize: number) =>
  ({
    type: 'int',
    label: 'Vector size',
    default: defaultSize,
    min: 1,
    max: 4096,
    help: 'Numbers per token.',
  }) as const;

/** Output size of a square window over height×width, or an error when it does not fit. */
export function window2d(
  label: string,
  input: Shape,
  k: number,
  s: number,
  padding: string,
  what: string,
): ShapeResult {
  const h = windowOut(input[0], k, s, padding);
  const w = windowOut(input[1], k, s, padding);
  if ((h !== null && h < 1) || (w !== null && w < 1))
    return fail(
      `${label}: a ${k}×${k} ${what} does not fit in a ${formatShape(input)} input.`,
      samePaddingFix(padding),
    );
  return { ok: true, shape: [h, w, input[2]] };
}

/** Output length of a window along the steps of a sequence, or an error when it does not fit. */
export function window1d(
  label: string,
  input: Shape,
  k: number,
  s: number,
  padding: string,
  what: string,
): ShapeResult {
  const n = windowOut(input[0], k, s, padding);
  if (n !== null && n < 1)
    return fail(
      `${label}: a ${what} of ${k} steps does not fit in a ${formatShape(input)} input.`,
      samePaddingFix(padding),
    );
  return { ok: true, shape: [n, input[1]] };
}

/** Number of values per sample after the layer, for MAC estimates. */
export const spatial = (out: Shape): number => sizeOf(out.slice(0, -1));

/** Last dimension (channels / features), 0 when unknown. */
export const lastDim = (shape: Shape): number => shape[shape.length - 1] ?? 0;
