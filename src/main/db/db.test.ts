import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createRepos, DatabaseOpenError, migrate, openDatabase } from './index';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';

const dirs: string[] = [];
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'layerlab-db-'));
  dirs.push(dir);
  return join(dir, 'test.db');
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('database', () => {
  it('creates a real file from empty, in WAL mode with foreign keys, at the newest schema', () => {
    const file = tempFile();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all().map((r) => (r as { name: string }).name);
    for (const t of ['datasets', 'dataset_versions', 'experiments', 'epoch_metrics', 'evaluations', 'artifacts'])
      expect(tables).toContain(t);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    // Reopening is a no-op migration.
    const again = openDatabase(file);
    expect(again.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    again.close();
  });

  it('refuses a database written by a newer version, with a message', () => {
    const file = tempFile();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(/newer LayerLab/);
  });

  it('refuses a file that is not a database', () => {
    const file = tempFile();
    writeFileSync(file, 'this is not sqlite '.repeat(100));
    expect(() => openDatabase(file)).toThrow(DatabaseOpenError);
  });

  it('a failing migration leaves the previous version intact', () => {
    const db = new Database(tempFile());
    const broken = [...MIGRATIONS, { version: SCHEMA_VERSION + 1, sql: 'CREATE TABLE half_done (x); SELECT * FROM no_such_table;' }];
    expect(migrate(db, 'test', MIGRATIONS)).toBe(SCHEMA_VERSION);
    expect(() => migrate(db, 'test', broken)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('commits an epoch and its checkpoint marker together, one row per epoch', () => {
    const db = openDatabase(tempFile());
    const repos = createRepos(db);
    repos.datasets.register(
      { id: 'd', name: 'D', description: '', kind: 'table', source: 'test' },
      { id: 'd@1', version: 1, inputShape: [4], classes: ['a', 'b'], trainCount: 10, testCount: 2, recipe: {} },
      'now',
    );
    repos.experiments.insert({
      id: 'e1', name: 'exp', dataset_id: 'd', dataset_version_id: 'd@1', graph: '{}', layout: '{}', hyperparams: '{}', param_count: 1, created_at: '2026-01-01',
    });
    const m = { epoch: 1, loss: 1, accuracy: 0.5, valLoss: null, valAccuracy: null, seconds: 1 };
    repos.experiments.commitEpoch('e1', m, 'now');
    repos.experiments.commitEpoch('e1', { ...m, loss: 0.9 }, 'now');
    expect(repos.experiments.epochs('e1')).toHaveLength(1);
    expect(repos.experiments.get('e1')?.checkpoint_epoch).toBe(1);
    expect(() => repos.experiments.commitEpoch('nope', m, 'now')).toThrow();
    expect(repos.experiments.epochs('nope')).toHaveLength(0);
    db.close();
  });
});
