import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CsvInspection } from '../src/shared/api/types';
import { dispatch } from '../src/main/transport/dispatch';
import { tempHost } from './helpers';

/**
 * `inspect` and the import agree on every file of the corpus (test/corpus/csv): a file inspect calls
 * importable imports with the suggested label and the defaults, and a file it refuses is refused by the
 * import for a reason inspect listed. Both run over the contract, on real files and a real database.
 */
const env = tempHost();
afterAll(() => env.cleanup());
const CORPUS = join(import.meta.dirname, 'corpus', 'csv');

type Verdict = { file: string; inspect: 'importable' | 'refused' | 'fatal'; import: 'ok' | 'refused'; why?: string };

async function verdict(path: string, file: string): Promise<Verdict> {
  const inspected = await dispatch(env.host.handlers, 'datasets.inspectCsv', { path });
  if (!inspected.ok) {
    // Files inspect cannot read at all (empty, binary, UTF-16, ...): the import gives the same message.
    const imported = await dispatch(env.host.handlers, 'datasets.importCsv', { path, name: file, label: 'label' });
    expect(imported.ok, file).toBe(false);
    if (!imported.ok) expect(imported.error.message, file).toBe(inspected.error.message);
    return { file, inspect: 'fatal', import: 'refused', why: inspected.error.message };
  }
  const r = inspected.result as CsvInspection;
  const label = r.suggestedLabel ?? r.columns.at(-1)!.name;
  const imported = await dispatch(env.host.handlers, 'datasets.importCsv', { path, name: file, label });
  if (!imported.ok) expect(r.problems, `${file}: the import's reason is one inspect gave`).toContain(imported.error.message);
  return { file, inspect: r.importable ? 'importable' : 'refused', import: imported.ok ? 'ok' : 'refused' };
}

describe('inspect and import give the same verdict', () => {
  it('on every file of the CSV corpus', async () => {
    const files = readdirSync(CORPUS).filter((f) => /\.(csv|tsv)$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(20);
    const verdicts: Verdict[] = [];
    for (const f of files) verdicts.push(await verdict(join(CORPUS, f), f));
    for (const v of verdicts) expect(v.import, `${v.file}: inspect said ${v.inspect}`).toBe(v.inspect === 'importable' ? 'ok' : 'refused');
    // The corpus holds both kinds, and the realistic tables import.
    const ok = verdicts.filter((v) => v.import === 'ok').map((v) => v.file);
    expect(ok).toEqual(expect.arrayContaining(['penguins.csv', 'orders-dates.csv', 'reviews-text.csv', 'bom.csv']));
    expect(verdicts.filter((v) => v.inspect === 'refused').map((v) => v.file)).toEqual(expect.arrayContaining(['ragged.csv', 'one-class.csv', 'unbalanced-quotes.csv']));
  });

  it('flags ragged rows with their row numbers, anywhere in the file (not only in the first 64 KB)', async () => {
    const lines = ['a,b,label', ...Array.from({ length: 5000 }, (_, i) => (i === 4100 || i === 4500 ? `${i},x` : `${i},${i % 7},${i % 2 ? 'p' : 'q'}`))];
    const path = join(env.dataDir, 'late-ragged.csv');
    writeFileSync(path, lines.join('\n'));
    const r = await dispatch(env.host.handlers, 'datasets.inspectCsv', { path });
    expect(r.ok).toBe(true);
    const inspection = (r as { result: CsvInspection }).result;
    expect(inspection).toMatchObject({ importable: false, raggedRows: [4102, 4502] });
    expect(inspection.problems[0]).toMatch(/row 4102 has 2 field\(s\) but the header has 3 \(ragged rows; 2 ragged rows in all: 4102, 4502\)/);
    const imported = await dispatch(env.host.handlers, 'datasets.importCsv', { path, name: 'x', label: 'label' });
    expect(imported.ok).toBe(false);
    if (!imported.ok) expect(imported.error.message).toBe(inspection.problems[0]);
  });

  it('describes the realistic tables as documented (label, dates, ids, capped categories, text settings)', async () => {
    const inspect = async (f: string) => ((await dispatch(env.host.handlers, 'datasets.inspectCsv', { path: join(CORPUS, f) })) as { result: CsvInspection }).result;
    const penguins = await inspect('penguins.csv');
    expect(penguins).toMatchObject({ suggestedLabel: 'Species', importable: true, rows: 344 });
    expect(penguins.columns.find((c) => c.name === 'Sex')).toMatchObject({ type: 'categorical', missing: 11 });
    const orders = await inspect('orders-dates.csv');
    const byName = Object.fromEntries(orders.columns.map((c) => [c.name, c]));
    expect(orders.suggestedLabel).toBe('tier');
    expect(byName.order_id.suggestion.role).toBe('ignore');
    expect(byName.order_date).toMatchObject({ type: 'date', suggestion: { role: 'feature' } });
    expect(byName.city.suggestion.reason).toMatch(/the 20 most frequent/);
    const reviews = await inspect('reviews-text.csv');
    expect(reviews).toMatchObject({ suggestedLabel: 'sentiment', text: { length: expect.any(Number) } });
    expect(reviews.text!.length).toBeGreaterThanOrEqual(15);
    expect(reviews.text!.length).toBeLessThanOrEqual(18);
  });
});
