import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mixSeed, seededRandom } from '../../src/shared/random';

/** Columns of the generated scale table: an id, seven numbers, a categorical, and the label. */
export const SCALE_HEADER = 'id,a,b,c,d,e,f,g,region,label';

/**
 * Write a seeded table of `rows` rows (10 columns: an id-like text column the import leaves out, seven
 * numbers whose means depend on the class, a 12-valued categorical, a 3-class label), streamed so the
 * generator itself never holds the file.
 */
export async function writeScaleCsv(file: string, rows: number, seed = 7): Promise<void> {
  const out = createWriteStream(file);
  const rand = seededRandom(mixSeed(seed, rows));
  const regions = Array.from({ length: 12 }, (_, i) => `region-${String.fromCharCode(97 + i)}`);
  out.write(`${SCALE_HEADER}\n`);
  let lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const k = Math.floor(rand() * 3);
    const nums = Array.from({ length: 7 }, (_, i) => (rand() * 10 + (i % 3 === k ? 3 : 0)).toFixed(3));
    lines.push(`u${(r * 2654435761) >>> 0}x${r},${nums.join(',')},${regions[(k * 4 + Math.floor(rand() * 6)) % 12]},class${k}`);
    if (lines.length === 10_000) {
      if (!out.write(`${lines.join('\n')}\n`)) await once(out, 'drain');
      lines = [];
    }
  }
  if (lines.length) out.write(`${lines.join('\n')}\n`);
  out.end();
  await once(out, 'finish');
}
