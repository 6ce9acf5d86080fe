/**
 * Raw inputs → model features for Try it and file scoring, through the paths training used: table and
 * text rows through the one encoder (engine/data/encode.ts, via serving's strict row check, so a bad cell
 * is refused by name instead of being filled silently), images through the import's own decoder.
 */
import type { Encoder } from '../engine/data/encode';
import { decodeImage } from '../engine/data/images';
import { tokenize } from '../engine/data/tokenize';
import type { Preprocessing } from '../export/preprocessing';
import { encodeStrictRow, encoderOf, RequestError } from '../serving/preprocess';

export { RequestError };

/** How one model reads raw input. */
export interface ModelInputs {
  prep: Preprocessing;
  /** Tables and text: the dataset version's encoder. */
  encoder: Encoder | null;
  /** Per-sample input shape and its size. */
  shape: number[];
  size: number;
  image: { width: number; height: number; color: 'grayscale' | 'rgb' } | null;
}

export function modelInputs(prep: Preprocessing): ModelInputs {
  const shape = prep.inputShape;
  const size = shape.reduce((a, b) => a * b, 1);
  const encoder = encoderOf(prep);
  if (encoder && encoder.recipe.features !== size)
    throw new RequestError(`The stored column recipe gives ${encoder.recipe.features} features but the model takes ${size}.`, 500);
  const image =
    shape.length === 3 && (shape[2] === 1 || shape[2] === 3) && !encoder
      ? { width: shape[1], height: shape[0], color: shape[2] === 1 ? ('grayscale' as const) : ('rgb' as const) }
      : null;
  return { prep, encoder, shape, size, image };
}

/** One table or text row (column → raw cell) → features at `base` of `x`; refuses bad cells by name. */
export function encodeRawRow(mi: ModelInputs, row: Record<string, unknown>, x: Float32Array, base: number, where = 'The row'): void {
  if (!mi.encoder) throw new RequestError(mi.image ? 'This model takes images, not table rows.' : 'This model has no column recipe to read raw rows with.');
  encodeStrictRow(mi.encoder, row, x, base, where);
}

/** The text column of a text model (its only column). */
export function textColumnOf(mi: ModelInputs): string | null {
  const cols = mi.encoder?.recipe.columns ?? [];
  return cols.length === 1 && cols[0].type === 'text' ? cols[0].name : null;
}

/** Words of `text` the vocabulary does not hold (read as "unknown"), and how many fall past the model's length. */
export function tokenReport(mi: ModelInputs, text: string): { unknownTokens: string[]; tokensCut: number } {
  const words = tokenize(text);
  const length = mi.encoder?.recipe.text?.length ?? 0;
  const seen = words.slice(0, length);
  const unknownTokens = [...new Set(seen.filter((w) => !mi.encoder!.vocabIndex.has(w)))];
  return { unknownTokens, tokensCut: Math.max(0, words.length - length) };
}

/** An image (path or bytes) → features, resized and scaled as the dataset was. */
export async function imageFeatures(mi: ModelInputs, input: string | Buffer, where = 'The image'): Promise<Float32Array> {
  if (!mi.image) throw new RequestError(`This model takes ${mi.encoder ? 'table rows' : `inputs of shape [${mi.shape.join(', ')}]`}, not images.`);
  try {
    return await decodeImage(input, mi.image, { anyFormat: true });
  } catch (err) {
    throw new RequestError(`${where} could not be read: ${(err as Error).message}.`);
  }
}
