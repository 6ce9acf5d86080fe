import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanCsv } from '../src/main/engine/data/csv';
import { ColumnStatsTally, isMissing, NUMERIC_DISTINCT_CAP, parseNumber } from '../src/main/engine/data/table';

// The import's per-cell shortcuts (taken for speed on millions of rows) must answer as the slow paths did.

describe('import fast paths', () => {
  const dir = mkdtempSync(join(tmpdir(), 'layerlab-fast-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('isMissing: every spelling of "not available", in any case and with spaces; numbers and words are present', () => {
    for (const v of ['', 'NA', 'na', ' na ', 'N/A', 'n/a', 'NaN', 'null', 'NULL', 'None', '?', '.', '#N/A', '\tNA', '\u00a0na'])
      expect(isMissing(v), JSON.stringify(v)).toBe(true);
    for (const v of ['0', '3.5', '-1', '+2', '.5', 'class1', 'no', 'n', 'nab', 'Nadia', '#1', '?!', 'yes', 'NA NA NA'])
      expect(isMissing(v), JSON.stringify(v)).toBe(false);
    expect(isMissing(null)).toBe(true);
  });

  it('parseNumber: plain decimals take a fast path that gives exactly the double Number() gives', () => {
    const slow = (v: string) => {
      const t = v.trim();
      if (t === '' || /^0[xXbBoO]/.test(t)) return NaN;
      const n = Number(t);
      return Number.isFinite(n) ? n : NaN;
    };
    const cells = ['0', '-0', '+0', '7', '007', '1.', '.5', '-.5', '+2.25', '3.14159265358979', '999999999999999', '9999999999999999',
      '0.1', '0.2', '0.30000000000000004', '123456789.012345', '1e3', '1E-2', ' 4 ', '0x10', '0b1', '-', '+', '.', '..5', '1.2.3',
      '1,5', 'Infinity', '-Infinity', 'NaN', '', '12a', '١٢'];
    // And many random decimals of 1 to 17 digits with the point anywhere (the fast path ends at 15 digits).
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let k = 0; k < 20_000; k++) {
      const digits = Array.from({ length: 1 + Math.floor(rand() * 17) }, () => Math.floor(rand() * 10)).join('');
      const at = Math.floor(rand() * (digits.length + 1));
      const sign = rand() < 0.3 ? '-' : rand() < 0.1 ? '+' : '';
      cells.push(sign + (rand() < 0.8 ? `${digits.slice(0, at)}.${digits.slice(at)}` : digits));
    }
    for (const c of cells) expect(Object.is(parseNumber(c), slow(c)), `${JSON.stringify(c)}: ${parseNumber(c)} vs ${slow(c)}`).toBe(true);
  });

  it('skips blank lines and lines of only delimiters, and still numbers rows as the file does', async () => {
    const file = join(dir, 'blank.csv');
    writeFileSync(file, 'a,b,label\n1,2,x\n\n   \n,,\n , ,\n3,4,y\n5,"6,x\n');
    const rows: (string | null)[][] = [];
    const err = await scanCsv(file, { encoding: 'utf-8', delimiter: ',', hasHeader: true }, {}, () => undefined, (r) => rows.push([...r])).catch((e: Error) => e);
    expect(rows).toEqual([
      ['1', '2', 'x'],
      ['3', '4', 'y'],
    ]);
    // The unterminated quote is on the file's 4th record (header, two rows, then it): blank lines are not counted.
    expect(String(err)).toMatch(/row 4: a quoted field is never closed/);
  });

  it('column statistics: numbers parsed once count as add() does, and distinct counting stops at a cap it reports', () => {
    const byText = new ColumnStatsTally('x', 'numeric', 'feature');
    const byParsed = new ColumnStatsTally('x', 'numeric', 'feature');
    const cells = ['1', '2.5', 'NA', 'abc', ' 3 ', '', '2.5'];
    for (const c of cells) {
      byText.add(c);
      byParsed.addParsed(isMissing(c) ? NaN : parseNumber(c), c);
    }
    expect(byParsed.result()).toEqual(byText.result());
    expect(byText.result()).toMatchObject({ missing: 3, distinct: 4, min: 1, max: 3 });

    const many = new ColumnStatsTally('m', 'numeric', 'feature');
    for (let i = 0; i < NUMERIC_DISTINCT_CAP + 10; i++) many.addParsed(i, String(i));
    expect(many.result()).toMatchObject({ distinct: NUMERIC_DISTINCT_CAP, distinctCapped: true, min: 0, max: NUMERIC_DISTINCT_CAP + 9 });
    const few = new ColumnStatsTally('f', 'numeric', 'feature');
    for (let i = 0; i < NUMERIC_DISTINCT_CAP + 10; i++) few.addParsed(i % 7, String(i % 7));
    expect(few.result().distinctCapped).toBeUndefined();
  });
});
