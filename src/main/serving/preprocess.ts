import { encodeRecipeRows, type TableRecipe } from '../engine/data/preprocess';
import { parseDate } from '../engine/data/dates';
import { parseNumber } from '../engine/data/table';
import type { Preprocessing } from '../export/preprocessing';

/** A request the service refuses, with the message the caller sees (HTTP 400 unless `status` says otherwise). */
export class RequestError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const MAX_PIXELS = 4096 * 4096;
const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

/** A row given by column name → features, encoded by the import's own code (encodeRecipeRows). */
function encodeRow(prep: Preprocessing, row: Record<string, unknown>): Float32Array {
  const recipe = prep.recipe as Partial<TableRecipe>;
  if (!Array.isArray(recipe.columns) || !recipe.columns.every((c) => c && typeof c === 'object') || typeof recipe.features !== 'number')
    throw new RequestError('This model has no column recipe: send preprocessed numbers to :predict instead.');
  // Stricter than the import (which counts an unreadable cell as missing): an API caller wants to know.
  for (const c of recipe.columns) {
    const v = row[c.name];
    if (c.type === 'numeric' && v !== undefined && v !== null && v !== '' && !Number.isFinite(typeof v === 'number' ? v : parseNumber(String(v))))
      throw new RequestError(`Column "${c.name}" needs a number (got ${JSON.stringify(v)}).`);
    if (c.type === 'date' && typeof v === 'string' && v.trim() !== '' && !parseDate(v, c.dateOrder ?? 'ymd'))
      throw new RequestError(`Column "${c.name}" needs a date written like the training data's (${c.dateOrder === 'mdy' ? '03/01/2024' : c.dateOrder === 'dmy' ? '01/03/2024' : '2024-03-01'}), got ${JSON.stringify(v)}.`);
  }
  return encodeRecipeRows(recipe as TableRecipe, [row]);
}

/** A base64 PNG/JPEG → the model's [h, w, c] input, resized and scaled as in training. */
async function decodeImage(prep: Preprocessing, b64: string): Promise<Float32Array> {
  let sharp: typeof import('sharp');
  try {
    sharp = (await import('sharp')).default;
  } catch {
    throw new RequestError('Image requests need the "sharp" package, which is not installed here.', 501);
  }
  const [h, w, c] = prep.inputShape;
  if (c !== 1 && c !== 3) throw new RequestError(`This model takes ${c}-channel inputs; images give 1 or 3.`);
  let raw: Buffer;
  try {
    let img = sharp(Buffer.from(b64, 'base64'), { limitInputPixels: MAX_PIXELS })
      .resize(w, h, { fit: 'fill' })
      .removeAlpha();
    img = c === 1 ? img.grayscale() : img.toColourspace('srgb');
    raw = await img.raw().toBuffer();
  } catch (err) {
    throw new RequestError(`The image could not be decoded: ${(err as Error).message}`);
  }
  if (raw.length !== h * w * c)
    throw new RequestError('The image could not be converted to the model input.');
  const divide = prep.scaling?.divideBy ?? 1;
  return Float32Array.from(raw, (v) => v / divide);
}

/**
 * One :classify instance → model input features: `{"b64": "<png/jpeg>"}` (images), an object of column
 * values (tables), or a list of numbers already preprocessed.
 */
export async function toFeatures(prep: Preprocessing, instance: unknown): Promise<Float32Array> {
  if (Array.isArray(instance)) return flatNumbers(instance, size(prep.inputShape));
  if (instance && typeof instance === 'object') {
    const o = instance as Record<string, unknown>;
    if (typeof o.b64 === 'string') return decodeImage(prep, o.b64);
    return encodeRow(prep, o);
  }
  throw new RequestError(
    'Each instance must be a list of numbers, an object of column values, or {"b64": "<image>"}.',
  );
}

/** A nested numeric list → flat features of exactly `expected` values. */
export function flatNumbers(instance: unknown, expected: number): Float32Array {
  const flat = (Array.isArray(instance) ? instance : [instance]).flat(8) as unknown[];
  if (flat.length !== expected)
    throw new RequestError(`Each instance needs ${expected} numbers; got ${flat.length}.`);
  const out = new Float32Array(expected);
  for (let i = 0; i < expected; i++) {
    const v = flat[i];
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new RequestError(`Instance values must be finite numbers (got ${JSON.stringify(v)}).`);
    out[i] = v;
  }
  return out;
}
