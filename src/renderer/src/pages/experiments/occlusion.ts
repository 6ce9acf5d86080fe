/**
 * "Why it decides" for one Try it case, by occlusion: each part of the input (a table column, a word of a
 * text) is taken away in turn and the model asked again. A part's effect is how much the probability of
 * the class predicted for the whole input drops without it: positive = it pushed toward that class,
 * negative = it pulled away. A table cell is "taken away" by emptying it, so the model reads the import's
 * fill for that column (the training mean or median, the most frequent value): the change when the
 * feature is replaced by its training value. A word is taken away by leaving it out of the text.
 */

export interface OcclusionPart<T> {
  /** The column name, or the word. */
  name: string;
  /** The input without this part. */
  input: T;
}

export interface Effect {
  name: string;
  /** p(class | input) − p(class | input without this part). */
  delta: number;
}

export interface Occlusion {
  classIndex: number;
  /** p(class | the whole input). */
  base: number;
  /** In the parts' order. */
  effects: Effect[];
}

/** Index of the largest probability (the predicted class). */
export const argmax = (p: readonly number[]): number => p.reduce((best, v, k) => (v > p[best]! ? k : best), 0);

/** Ask the model for the whole input and once per part (one at a time, so the host is not flooded). */
export async function occlude<T>(whole: T, parts: OcclusionPart<T>[], predict: (input: T) => Promise<number[]>): Promise<Occlusion> {
  const p = await predict(whole);
  const classIndex = argmax(p);
  const base = p[classIndex]!;
  const effects: Effect[] = [];
  for (const part of parts) effects.push({ name: part.name, delta: base - ((await predict(part.input))[classIndex] ?? 0) });
  return { classIndex, base, effects };
}

/** Table parts: each filled cell emptied in turn (columns without a fill cannot be emptied and are left out). */
export function tableParts(row: Record<string, string>, fillable: readonly string[]): OcclusionPart<Record<string, string>>[] {
  return fillable.filter((c) => (row[c] ?? '').trim() !== '').map((c) => ({ name: c, input: { ...row, [c]: '' } }));
}

/** Text parts: each word left out in turn (the first `max` words; the rest are not asked about). */
export function textParts(text: string, max = 40): OcclusionPart<string>[] {
  const words = text.split(/\s+/).filter(Boolean);
  return words.slice(0, max).map((w, i) => ({ name: w, input: words.filter((_, j) => j !== i).join(' ') }));
}

/** A square of the image, in the model's pixels. */
export interface Cell {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The image cut into an n×n grid (edge cells take the remainder), row by row. */
export function gridCells(width: number, height: number, n: number): Cell[] {
  const cuts = (size: number) => Array.from({ length: n + 1 }, (_, i) => Math.round((i * size) / n));
  const xs = cuts(width);
  const ys = cuts(height);
  const cells: Cell[] = [];
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) cells.push({ x: xs[c]!, y: ys[r]!, w: xs[c + 1]! - xs[c]!, h: ys[r + 1]! - ys[r]! });
  return cells.filter((c) => c.w > 0 && c.h > 0);
}

/** Image parts: each cell covered in turn; `cover` returns the image with that cell painted over. */
export async function imageParts<T>(cells: Cell[], cover: (cell: Cell) => Promise<T> | T): Promise<OcclusionPart<T>[]> {
  const parts: OcclusionPart<T>[] = [];
  for (const [i, cell] of cells.entries()) parts.push({ name: String(i), input: await cover(cell) });
  return parts;
}
