import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '../src/shared/api/client';
import { inProcessTransport } from '../src/main/transport/in-process';
import { refused, tempHost } from './helpers';

/** CSV import through the contract, on real files in a temp folder and a real SQLite database. */
const env = tempHost();
const api = createClient(inProcessTransport(env.host.handlers, env.host.bus));
afterAll(() => env.cleanup());
const file = (name: string, content: string | Buffer) => {
  const p = join(env.dataDir, name);
  writeFileSync(p, content);
  return p;
};
const storedCounts = () =>
  env.host.repos.db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM datasets WHERE source <> 'builtin') AS datasets, (SELECT COUNT(*) FROM dataset_versions WHERE dataset_id LIKE 'ds-%') AS versions,
        (SELECT COUNT(*) FROM dataset_chunks) AS chunks, (SELECT COUNT(*) FROM dataset_rows) AS rows`,
    )
    .get() as Record<string, number>;
/** A small mixed table: numeric, categorical, boolean, text, an id, and a 3-class label. */
function mixedCsv(rows: number, delimiter = ','): string {
  const colours = ['red', 'green', 'blue'];
  const words = ['great', 'awful', 'fine', 'cheap', 'fast', 'slow'];
  const lines = [['id', 'size', 'colour', 'fresh', 'review', 'kind'].join(delimiter)];
  for (let i = 0; i < rows; i++) {
    const k = i % 3;
    const size = i % 17 === 0 ? '' : String((k * 10 + (i % 7)) / 2);
    lines.push([String(5000 + i), size, colours[(i + k) % 3], i % 2 ? 'yes' : 'no', `"${words[k]} and ${words[(i + 3) % 6]}, really ${words[k]}"`, `k${k}`].join(delimiter));
  }
  return lines.join('\n') + '\n';
}

describe('datasets.inspectCsv', () => {
  it('detects delimiter, header and column types (id-like flagged, label suggested)', async () => {
    const r = await api.call('datasets.inspectCsv', { path: file('mixed.csv', mixedCsv(60)) });
    expect(r).toMatchObject({ delimiter: ',', hasHeader: true, encoding: 'utf-8', suggestedLabel: 'kind' });
    expect(Object.fromEntries(r.columns.map((c) => [c.name, c.type]))).toEqual({
      id: 'numeric',
      size: 'numeric',
      colour: 'categorical',
      fresh: 'boolean',
      review: 'text',
      kind: 'categorical',
    });
    expect(r.columns.find((c) => c.name === 'id')?.idLike).toBe(true);
    expect(r.columns.find((c) => c.name === 'size')?.missing).toBe(4);
    // The label's class balance over the whole file, before anything is imported; none for the id column.
    expect(r.columns.find((c) => c.name === 'kind')?.counts).toEqual([
      { value: 'k0', count: 20 },
      { value: 'k1', count: 20 },
      { value: 'k2', count: 20 },
    ]);
    expect(r.columns.find((c) => c.name === 'id')?.counts).toBeUndefined();
  });

  it('reads semicolons with a UTF-8 BOM, tabs in .tsv, and Latin-1 text', async () => {
    const bom = await api.call('datasets.inspectCsv', { path: file('bom.csv', '\uFEFFa;b;y\n1;2;x\n3;4;z\n') });
    expect(bom).toMatchObject({ encoding: 'utf-8-bom', delimiter: ';' });
    expect(bom.columns.map((c) => c.name)).toEqual(['a', 'b', 'y']);
    const tsv = await api.call('datasets.inspectCsv', { path: file('t.tsv', 'a\tb\n1\tx\n2\ty\n') });
    expect(tsv.delimiter).toBe('\t');
    const latin = await api.call('datasets.inspectCsv', { path: file('latin.csv', Buffer.from('name,y\ncafé,a\nthé,b\n', 'latin1')) });
    expect(latin.encoding).toBe('latin1');
    expect(latin.sample[0][0]).toBe('café');
    const noHeader = await api.call('datasets.inspectCsv', { path: file('nohead.csv', '1,2,a\n3,4,b\n') });
    expect(noHeader.hasHeader).toBe(false);
    expect(noHeader.columns.map((c) => c.name)).toEqual(['column_1', 'column_2', 'column_3']);
  });
});

describe('datasets.importCsv', () => {
  it('imports a mixed table with a text column, previews it, and makes a new version when preprocessing changes', async () => {
    const path = file('shop.csv', mixedCsv(300));
    const first = await api.call('datasets.importCsv', {
      path,
      name: 'shop',
      label: 'kind',
      columns: { id: { role: 'ignore' }, size: { scaling: 'zscore', missing: 'median' }, colour: { encoding: 'onehot' } },
      split: { train: 0.6, val: 0.2, test: 0.2 },
      seed: 3,
      text: { vocabSize: 20, length: 6 },
    });
    // size 1 + colour 3 + fresh 1 + review 6 tokens
    expect(first).toMatchObject({ version: 1, kind: 'table', inputShape: [11], classes: ['k0', 'k1', 'k2'], trainCount: 180, valCount: 60, testCount: 60 });
    const listed = (await api.call('datasets.list', {})).find((d) => d.id === first.datasetId);
    expect(listed).toMatchObject({ name: 'shop', versionId: first.versionId, trainCount: 180 });

    const preview = await api.call('datasets.preview', { versionId: first.versionId, offset: 10, limit: 5 });
    expect(preview.columns).toEqual(['split', 'id', 'size', 'colour', 'fresh', 'review', 'kind']);
    expect(preview.rows).toHaveLength(5);
    expect(preview.rows[0][1]).toBe('5010');
    expect(preview.total).toBe(300);
    const size = preview.stats.find((s) => s.name === 'size')!;
    expect(size).toMatchObject({ type: 'numeric', role: 'feature', missing: 18, min: 0 });
    expect(size.histogram.reduce((a, b) => a + b.count, 0)).toBe(300 - 18);
    expect(preview.stats.find((s) => s.name === 'id')?.role).toBe('ignore');
    expect(preview.classBalance).toEqual([
      { className: 'k0', train: 60, val: 20, test: 20 },
      { className: 'k1', train: 60, val: 20, test: 20 },
      { className: 'k2', train: 60, val: 20, test: 20 },
    ]);

    const second = await api.call('datasets.importCsv', {
      path,
      name: 'shop',
      label: 'kind',
      datasetId: first.datasetId,
      columns: { id: { role: 'ignore' }, review: { role: 'ignore' }, colour: { encoding: 'index' } },
      seed: 3,
    });
    expect(second).toMatchObject({ datasetId: first.datasetId, version: 2, inputShape: [3] });
    const versions = await api.call('datasets.versions', { id: first.datasetId });
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect((versions[1].recipe as { text: { vocabularyWords: number } }).text.vocabularyWords).toBeLessThanOrEqual(18);
    // The old version is unchanged (immutable).
    const old = await api.call('datasets.preview', { versionId: first.versionId, offset: 0, limit: 1 });
    expect(old.total).toBe(300);

    expect(await api.call('datasets.delete', { id: first.datasetId })).toEqual({ deleted: true });
    expect(storedCounts()).toEqual({ datasets: 0, versions: 0, chunks: 0, rows: 0 });
  });

  const hostile: [string, string | Buffer, RegExp][] = [
    ['empty.csv', '', /empty\.csv: is empty/],
    ['header-only.csv', 'a,b,y\n', /header-only\.csv: has a header row but no data rows/],
    ['ragged.csv', 'a,b,y\n1,2,x\n3,4,z\n5,y\n', /ragged\.csv: row 4 has 2 field\(s\) but the header has 3/],
    ['quote.csv', 'a,b,y\n1,2,x\n3,"4,z\n5,6,y\n', /quote\.csv: row 3: a quoted field is never closed/],
    ['huge-field.csv', `a,b,y\n1,2,x\n3,${'9'.repeat(10 * 1024 * 1024)},z\n`, /huge-field\.csv: row 3, field 2: 10,485,760 characters is over the limit/],
    ['one-class.csv', 'a,b,y\n1,2,x\n3,4,x\n', /one-class\.csv: the label column "y" has only one class \("x"\)/],
    ['binary.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 1, 2, 3]), /binary\.csv: looks like a binary file/],
  ];
  for (const [name, content, message] of hostile)
    it(`refuses ${name} with a message naming the file (and row), storing nothing`, async () => {
      const before = storedCounts();
      const err = await refused(api.call('datasets.importCsv', { path: file(name, content), name, label: 'y' }));
      expect(err.message).toMatch(message);
      expect(storedCounts()).toEqual(before);
    });

  it('refuses a missing file and a label column that does not exist', async () => {
    expect((await refused(api.call('datasets.importCsv', { path: join(env.dataDir, 'nope.csv'), name: 'x', label: 'y' }))).code).toBe('not_found');
    const err = await refused(api.call('datasets.importCsv', { path: file('ok.csv', 'a,b\n1,x\n2,y\n'), name: 'x', label: 'nope' }));
    expect(err.message).toMatch(/ok\.csv: there is no column named "nope"/);
  });

  it('refuses split shares that do not add up to 1, in words, instead of rescaling them', async () => {
    const before = storedCounts();
    const err = await refused(
      api.call('datasets.importCsv', { path: file('split.csv', mixedCsv(60)), name: 'split', label: 'kind', split: { train: 0.9, val: 0.1, test: 0.1 } }),
    );
    expect(err.code).toBe('invalid_input');
    expect(err.message).toMatch(/train, validation and test shares add up to 1\.1, not 1/);
    expect(storedCounts()).toEqual(before);
    // Rounding in shares a person types (0.7 + 0.1 + 0.2) is not a problem.
    const ok = await api.call('datasets.importCsv', { path: file('split.csv', mixedCsv(60)), name: 'split', label: 'kind', split: { train: 0.7, val: 0.1, test: 0.2 } });
    expect(ok.trainCount + ok.valCount + ok.testCount).toBe(60);
  });

  it('cancels a running import (progress events first) and stores nothing', async () => {
    const path = file('big.csv', mixedCsv(60_000));
    const before = storedCounts();
    const phases: string[] = [];
    const off = api.on('datasets.progress', (p) => {
      if (p.importId !== 'cancel-me') return;
      phases.push(p.phase);
      if (p.phase === 'reading') void api.call('datasets.cancelImport', { importId: 'cancel-me' });
    });
    const err = await refused(api.call('datasets.importCsv', { path, name: 'big', label: 'kind', importId: 'cancel-me' }));
    off();
    expect(err.message).toMatch(/cancelled/);
    expect(phases).toContain('reading');
    expect(phases.at(-1)).toBe('cancelled');
    expect(storedCounts()).toEqual(before);
  });

  it('writes a version in one transaction: a failure half-way leaves nothing', () => {
    const before = storedCounts();
    const chunks = function* () {
      yield { split: 'train' as const, index: 0, count: 1, x: new Float32Array(2), y: new Int32Array(1) };
      throw new Error('disk full');
    };
    expect(() =>
      env.host.repos.datasetData.insertVersion({
        dataset: { id: 'ds-half', name: 'half', description: '', kind: 'table', source: 'csv:x' },
        version: { id: 'ds-half@1', version: 1, inputShape: [2], classes: ['a', 'b'], trainCount: 2, valCount: 0, testCount: 0, recipe: {}, stats: {} },
        chunks: chunks(),
        rows: [],
        now: new Date().toISOString(),
      }),
    ).toThrow('disk full');
    expect(storedCounts()).toEqual(before);
  });
});
