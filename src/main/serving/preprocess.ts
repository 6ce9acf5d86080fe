/**
 * Raw inputs → model features, as in training: table rows through the import's own encoder (one
 * encoder), images resized and scaled like the loaders. Stricter than the import, because an API caller
 * wants to know: a column the model does not use, a missing column without a fill rule, or an unreadable
 * value is refused by name instead of being quietly imputed into a confident answer.
 */
import { columnCells, encodeRow, makeEncoder, type Encoder, type TableRecipe } from '../engine/data/encode';
import { parseDate } from '../engine/data/dates';
import { isMissing, parseBoolean, parseNumber } from '../engine/data/table';
import type { Preprocessing } from '../export/preprocessing';
import { RequestError } from './errors';
import { decodeImage as decodeImageInput } from '../engine/data/images';

export { RequestError } from './errors';

const encoders = new WeakMap<Preprocessing, Encoder | null>();

/** The encoder of a model trained on a table or text dataset, or null when it has no column recipe. */
export function encoderOf(prep: Preprocessing): Encoder | null {
  if (!encoders.has(prep)) {
    const recipe = prep.recipe as Partial<TableRecipe>;
    const ok =
      Array.isArray(recipe.columns) &&
      recipe.columns.length > 0 &&
      recipe.columns.every((c) => c && typeof c === 'object' && typeof c.name === 'string') &&
      typeof recipe.features === 'number';
    encoders.set(prep, ok ? makeEncoder(recipe as TableRecipe) : null);
  }
  return encoders.get(prep)!;
}

const DATE_EXAMPLE = { ymd: '2024-03-01', mdy: '03/01/2024', dmy: '01/03/2024' } as const;
const show = (v: unknown) => JSON.stringify(v)?.slice(0, 60);

/** One cell as the import would read it from a CSV, or null when missing. */
function cellText(v: unknown, where: string, column: string): string | null {
  if (Array.isArray(v)) {
    // TF Example features are lists; a one-value list is that value.
    if (v.length !== 1) throw new RequestError(`${where}: column "${column}" takes one value, got a list of ${v.length}.`);
    v = v[0];
  }
  if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return null;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return isMissing(v) ? null : v;
  throw new RequestError(`${where}: column "${column}" takes a number or text, got ${show(v)}.`);
}

/**
 * A row given by column name → features at `base` in `x`. Every key must be one of the model's columns;
 * a missing column is accepted only when its recipe has a fill rule (mean, median, most frequent,
 * constant); training rows without a value for a "drop" column were left out, so there is no answer
 * for one.
 */
export function encodeStrictRow(
  e: Encoder,
  row: Record<string, unknown>,
  x: Float32Array,
  base: number,
  where = 'The row',
): void {
  const columns = e.recipe.columns;
  const names = columns.map((c) => c.name);
  const keys = Object.keys(row);
  if (keys.length === 0)
    throw new RequestError(`${where} is empty; this model takes the columns ${names.map((n) => `"${n}"`).join(', ')}.`);
  const unknown = keys.filter((k) => !names.includes(k));
  if (unknown.length)
    throw new RequestError(
      `${where} has ${unknown.length === 1 ? 'a column' : 'columns'} this model does not use: ${unknown.map((n) => `"${n}"`).join(', ')}. Its columns are ${names.map((n) => `"${n}"`).join(', ')}.`,
    );
  const cells = columns.map((c) => {
    const text = cellText(row[c.name], where, c.name);
    if (text === null) {
      if (c.missing === 'drop')
        throw new RequestError(
          `${where} has no value for column "${c.name}", and the model has no rule to fill it (training dropped rows without one).`,
        );
      return null;
    }
    if (c.type === 'numeric' && Number.isNaN(parseNumber(text)))
      throw new RequestError(`${where}: column "${c.name}" needs a number (got ${show(row[c.name])}).`);
    if (c.type === 'boolean' && Number.isNaN(parseBoolean(text)))
      throw new RequestError(`${where}: column "${c.name}" needs true or false (got ${show(row[c.name])}).`);
    if (c.type === 'date' && !parseDate(text.trim(), c.dateOrder ?? 'ymd'))
      throw new RequestError(
        `Column "${c.name}" needs a date written like the training data's (${DATE_EXAMPLE[c.dateOrder ?? 'ymd']}), got ${show(row[c.name])}.`,
      );
    return text;
  });
  const parsed = columns.map((c, k) => columnCells(c.type, [cells[k]]));
  encodeRow(e, (k) => parsed[k][0], x, base);
}

/**
 * A base64 image → the model's [h, w, c] input through the import's own decoder (engine/data/images.ts):
 * transparent pixels on white, stretched to size, the dataset's colour mode, values / 255.
 */
export async function decodeImage(prep: Preprocessing, b64: string, where = 'The image'): Promise<Float32Array> {
  const [h, w, c] = prep.inputShape;
  if (prep.inputShape.length !== 3 || (c !== 1 && c !== 3))
    throw new RequestError(`This model takes inputs of shape [${prep.inputShape.join(', ')}], not images.`);
  let x: Float32Array;
  try {
    x = await decodeImageInput(Buffer.from(b64, 'base64'), { width: w, height: h, color: c === 1 ? 'grayscale' : 'rgb' }, { anyFormat: true });
  } catch (err) {
    throw new RequestError(`${where} could not be decoded: ${(err as Error).message}.`);
  }
  // An imported model's preprocessing.json may scale pixels differently (e.g. raw 0..255).
  const divide = prep.scaling?.divideBy ?? 255;
  if (divide !== 255) for (let i = 0; i < x.length; i++) x[i] = (x[i] * 255) / divide;
  return x;
}

/** One table row (column → value) → features, strictly checked; for callers outside the service. */
export async function toFeatures(prep: Preprocessing, row: Record<string, unknown>): Promise<Float32Array> {
  const e = encoderOf(prep);
  if (!e) throw new RequestError('This model has no column recipe: send preprocessed numbers to :predict instead.');
  const x = new Float32Array(e.recipe.features);
  encodeStrictRow(e, row, x, 0);
  return x;
}
