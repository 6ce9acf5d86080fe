import { afterAll, describe, expect, it } from 'vitest';
import { datasetDataRepo } from '../src/main/db/repos/dataset-data';
import { databaseFile } from '../src/main/paths';
import { RowsWriter } from '../src/main/engine/data/rows-writer';
import { tempHost } from './helpers';

// The streaming import's preview rows are stored by a worker thread with its own connection to the real
// project database: everything sent is stored in order, far more than may be in flight at once, and a
// write that fails reaches the import thread as an error carrying SQLite's code.
const env = tempHost();
const repo = datasetDataRepo(env.host.repos.db);
afterAll(() => env.cleanup());

describe('rows writer', () => {
  it('stores every chunk sent (64 MB through an 8 MB window) so the version reads them back in order', async () => {
    const staged = repo.stageImport('writer-test', 'ds-writer@1', new Date().toISOString(), () => true);
    const writer = new RowsWriter(databaseFile(env.dataDir), staged.versionId);
    const rowsPerChunk = 1000;
    const chunks = 200;
    const cell = 'x'.repeat(150);
    for (let c = 0; c < chunks; c++) {
      const rows = Array.from({ length: rowsPerChunk }, (_, i) => ['train', String(c * rowsPerChunk + i), cell]);
      writer.rows(c, c * rowsPerChunk, JSON.stringify(rows), rowsPerChunk);
    }
    await writer.finish();
    const back = repo.rows('ds-writer@1', 0, chunks * rowsPerChunk);
    expect(back.total).toBe(chunks * rowsPerChunk);
    expect(back.rows.map((r) => Number(r[1]))).toEqual(Array.from({ length: chunks * rowsPerChunk }, (_, i) => i));
    staged.discard();
    expect(repo.rows('ds-writer@1', 0, 10).total).toBe(0);
  });

  it('a failed write reaches the import thread with SQLite\'s code, in rows() or finish()', async () => {
    // No such version: the rows' foreign key fails in the worker.
    const writer = new RowsWriter(databaseFile(env.dataDir), 'ds-missing@1');
    const err = await (async () => {
      try {
        for (let c = 0; c < 500; c++) writer.rows(c, c, JSON.stringify([['train', 'x'.repeat(20_000)]]), 1);
        await writer.finish();
      } catch (e) {
        await writer.stop();
        return e as Error & { code?: string };
      }
      return null;
    })();
    expect(err).not.toBeNull();
    expect(String(err!.code ?? '') + err!.message).toMatch(/FOREIGN|failed/i);
  });
});
