import { describe, expect, it } from 'vitest';
import { argmax, gridCells, imageParts, occlude, tableParts, textParts } from './occlusion';
import { predictionsPath } from './predictions-path';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('occlusion effects', () => {
  it('a table model that reads only column a: a carries the whole effect, b none', async () => {
    // p(yes) = σ(2a); an empty a is read as its fill, 0. b is ignored by the model.
    const model = async (row: Record<string, string>) => {
      const a = row.a === '' ? 0 : Number(row.a);
      const p = sigmoid(2 * a);
      return [1 - p, p];
    };
    const row = { a: '1', b: '5' };
    const r = await occlude(row, tableParts(row, ['a', 'b']), model);
    expect(r.classIndex).toBe(1);
    expect(r.base).toBeCloseTo(sigmoid(2), 12);
    expect(r.effects).toEqual([
      { name: 'a', delta: expect.closeTo(sigmoid(2) - 0.5, 12) },
      { name: 'b', delta: 0 },
    ]);
  });

  it('a column without a fill, or an already empty cell, is not asked about', () => {
    expect(tableParts({ a: '1', b: '', c: '3' }, ['a', 'b']).map((p) => p.name)).toEqual(['a']);
    expect(tableParts({ a: '1' }, ['a'])[0]!.input).toEqual({ a: '' });
  });

  it('a text model: leaving out a word for the class lowers it, a word against the class raises it', async () => {
    // p(positive) = share of the words that are "good".
    const model = async (text: string) => {
      const words = text.split(' ').filter(Boolean);
      const p = words.filter((w) => w === 'good').length / words.length;
      return [1 - p, p];
    };
    const r = await occlude('good good bad', textParts('good good bad'), model);
    expect(r.classIndex).toBe(1);
    expect(r.effects.map((e) => e.name)).toEqual(['good', 'good', 'bad']);
    expect(r.effects[0]!.delta).toBeCloseTo(2 / 3 - 1 / 2, 12);
    expect(r.effects[2]!.delta).toBeCloseTo(2 / 3 - 1, 12);
  });

  it('text parts stop at the limit; argmax picks the first largest', () => {
    expect(textParts('a b c d', 2).map((p) => p.input)).toEqual(['b c d', 'a c d']);
    expect(argmax([0.2, 0.5, 0.5, 0.1])).toBe(1);
  });
});

describe('predictions file name', () => {
  it('beside the input, or in a download folder', () => {
    expect(predictionsPath('/data/next month.csv')).toBe('/data/next month-predictions.csv');
    expect(predictionsPath('/data/images/')).toBe('/data/images-predictions.csv');
    expect(predictionsPath('/up/next_month.csv', '/dl/abc/')).toBe('/dl/abc/next_month-predictions.csv');
  });
});

describe('image occlusion', () => {
  it('cuts an image into a grid that covers every pixel once', () => {
    const cells = gridCells(28, 28, 6);
    expect(cells).toHaveLength(36);
    expect(cells.reduce((a, c) => a + c.w * c.h, 0)).toBe(28 * 28);
    expect(cells[0]).toEqual({ x: 0, y: 0, w: 5, h: 5 });
  });

  it('the peak lies on the patch the class depends on', async () => {
    // An "image" is the set of covered cells; the model is sure of class 1 while the bright patch at
    // pixels (16..19, 8..11) shows, and unsure once anything covers it.
    const cells = gridCells(28, 28, 7);
    const onPatch = (c: { x: number; y: number; w: number; h: number }) => c.x < 20 && c.x + c.w > 16 && c.y < 12 && c.y + c.h > 8;
    const model = async (covered: number[]) => {
      const hidden = covered.some((i) => onPatch(cells[i]!));
      return hidden ? [0.5, 0.5] : [0.05, 0.95];
    };
    const r = await occlude([] as number[], await imageParts(cells, (cell) => [cells.indexOf(cell)]), model);
    const peak = r.effects.reduce((best, e) => (e.delta > best.delta ? e : best));
    expect(onPatch(cells[Number(peak.name)]!)).toBe(true);
    expect(peak.delta).toBeCloseTo(0.45, 12);
    expect(r.effects.filter((e) => !onPatch(cells[Number(e.name)]!)).every((e) => e.delta === 0)).toBe(true);
  });
});
