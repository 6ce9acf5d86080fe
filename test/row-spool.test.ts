import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RowSpool } from '../src/main/engine/data/row-spool';

// The streaming import's spool must hand back every row exactly as written: numbers bit for bit (NaN,
// -0), missing strings, dictionary values, values past the dictionary's caps, and rows larger than a block.
describe('row spool', () => {
  const dir = mkdtempSync(join(tmpdir(), 'layerlab-spool-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back every record as written, in order, and deletes its file', async () => {
    const spool = new RowSpool(dir, { numbers: 2, strings: 3 });
    const huge = 'é'.repeat(700_000); // 1.4 MB of UTF-8: one record larger than a block
    const written: { code: number; label: number; numbers: number[]; strings: (string | null)[] }[] = [];
    for (let r = 0; r < 70_000; r++) {
      const row = {
        code: r % 3,
        label: (r * 7) % 11,
        numbers: [r % 5 === 0 ? NaN : r / 7, r === 3 ? -0 : -r * 1e-3],
        strings: [r % 4 === 0 ? null : `cat${r % 13}`, `id-${r}`, r === 500 ? huge : r % 9 === 0 ? 'long '.repeat(60) + r : 'ünïcode ✓'],
      };
      written.push(row);
      spool.write(row.code, row.label, row.numbers, row.strings);
    }
    expect(spool.rows).toBe(70_000);
    const read: typeof written = [];
    const progress: number[] = [];
    await spool.read((rec) => void read.push({ code: rec.code, label: rec.label, numbers: [...rec.numbers], strings: [...rec.strings] }), { onProgress: (n) => void progress.push(n) });
    expect(read.length).toBe(written.length);
    // Rows that differ in anything (numbers compared with Object.is: NaN and -0 must survive).
    const differ = written.flatMap((w, r) => {
      const g = read[r];
      const same = g.code === w.code && g.label === w.label && w.numbers.every((v, i) => Object.is(g.numbers[i], v)) && w.strings.every((v, i) => g.strings[i] === v);
      return same ? [] : [r];
    });
    expect(differ).toEqual([]);
    expect(read[500].strings[2]).toBe(huge);
    // Several blocks, each reported.
    expect(progress.length).toBeGreaterThan(2);
    expect(progress[progress.length - 1]).toBe(70_000);
    expect(readdirSync(dir).length).toBe(1);
    spool.discard();
    spool.discard();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('stops between blocks when cancelled', async () => {
    const spool = new RowSpool(dir, { numbers: 1, strings: 0 });
    for (let r = 0; r < 300_000; r++) spool.write(0, 0, [r], []);
    const controller = new AbortController();
    let seen = 0;
    await spool.read(() => void (seen++ === 1000 && controller.abort()), { signal: controller.signal });
    expect(seen).toBeGreaterThan(1000);
    expect(seen).toBeLessThan(300_000);
    spool.discard();
  });
});
