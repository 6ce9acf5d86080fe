import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CsvRecords, CsvSyntaxError } from '../src/main/engine/data/csv-records';
import { mixSeed, seededRandom } from '../src/shared/random';

/**
 * The import's own CSV record splitter against Papa Parse (which the app used before, and still uses to
 * sniff a file's format): thousands of random files with quoted fields, doubled quotes, delimiters and
 * line breaks inside quotes, stray quotes, spaces after closing quotes, empty lines and \r\n endings, fed
 * in random pieces. Records must be the same; where Papa reports a malformed quote, the splitter must
 * refuse the same record with the same kind of error.
 */
function split(text: string, delimiter: string, pieces: number[]): { records: string[][]; error: string | null } {
  const records: string[][] = [];
  const parser = new CsvRecords(delimiter, (fields) => void records.push(fields));
  try {
    let at = 0;
    for (const n of pieces) {
      parser.push(text.slice(at, at + n));
      at += n;
    }
    parser.push(text.slice(at));
    parser.end();
    return { records, error: null };
  } catch (err) {
    if (!(err instanceof CsvSyntaxError)) throw err;
    return { records, error: err.code };
  }
}

function randomCsv(rand: () => number, delimiter: string, newline: string): string {
  const pick = <T,>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const plain = ['a', 'bb', '12.5', '', ' x ', 'é✓', 'NA', 'it"s', '-3'];
  const quoted = ['"q"', '"a,b"', `"line${newline}break"`, '"say ""hi"""', '""', '"x"  ', `"${delimiter}"`, '"\r"'];
  const broken = ['"open', '"a"b', '"a" b'];
  const columns = 1 + Math.floor(rand() * 4);
  const lines: string[] = [];
  for (let r = 0, rows = 1 + Math.floor(rand() * 8); r < rows; r++) {
    if (rand() < 0.1) {
      lines.push('');
      continue;
    }
    const cells = Array.from({ length: columns }, () => (rand() < 0.6 ? pick(plain) : rand() < 0.93 ? pick(quoted) : pick(broken)));
    lines.push(cells.join(delimiter));
  }
  return lines.join(newline) + (rand() < 0.5 ? newline : '');
}

describe('CSV records', () => {
  it('split random files exactly as Papa Parse does, fed in any pieces', () => {
    const rand = seededRandom(mixSeed(7, 3));
    let compared = 0;
    let refused = 0;
    for (let t = 0; t < 4000; t++) {
      const delimiter = rand() < 0.7 ? ',' : rand() < 0.5 ? ';' : '\t';
      const newline = rand() < 0.7 ? '\n' : '\r\n';
      const text = randomCsv(rand, delimiter, newline);
      const papa = Papa.parse<string[]>(text, { delimiter, newline, skipEmptyLines: true });
      const pieces = Array.from({ length: Math.floor(rand() * 4) }, () => Math.floor(rand() * 12));
      const ours = split(text, delimiter, pieces);
      const context = JSON.stringify({ text, pieces });
      // Papa numbers an error's row among all rows, empty ones included: read those without skipping.
      const raw = Papa.parse<string[]>(text, { delimiter, newline });
      const firstError = raw.errors.filter((e) => e.type === 'Quotes').sort((a, b) => (a.row ?? 0) - (b.row ?? 0))[0];
      if (firstError) {
        refused++;
        // The same kind of problem, found at the same record, with the same records before it.
        expect(ours.error, context).toBe(firstError.code);
        expect(ours.records, context).toEqual(raw.data.slice(0, firstError.row).filter((r) => !(r.length === 1 && r[0] === '')));
      } else {
        compared++;
        expect(ours.error, context).toBeNull();
        expect(ours.records, context).toEqual(papa.data);
      }
    }
    expect(compared).toBeGreaterThan(1500);
    expect(refused).toBeGreaterThan(300);
  });

  it('reads files whose lines end with a lone \\r, and refuses a record that never ends', () => {
    expect(split('a,b\rc,"d\re"\r', ',', [3]).records).toEqual([
      ['a', 'b'],
      ['c', 'd\re'],
    ]);
    const parser = new CsvRecords(',', () => undefined);
    parser.push('x,"never closed');
    expect(() => {
      for (let i = 0; i < 20; i++) parser.push('y'.repeat(1_000_000));
    }).toThrow(CsvSyntaxError);
  });
});
