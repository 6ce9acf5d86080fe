import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupFileOf, createRepos, DatabaseCorruptError, DatabaseOpenError, migrate, openDatabase, restoreBackup } from '../src/main/db';
import { backupDatabase } from '../src/main/db/backup';
import { MIGRATIONS, SCHEMA_VERSION } from '../src/main/db/migrations';
import { databaseFile } from '../src/main/paths';

/**
 * The database on real files: every earlier schema (test/fixtures/db/v<N>.db) migrates to the newest
 * with its rows; a failing migration leaves the file at its previous version; a damaged file is caught
 * at open with a typed error naming the automatic backup, and `layerlab restore-backup` puts it back.
 */
const FIXTURES = join(import.meta.dirname, 'fixtures', 'db');
const root = mkdtempSync(join(tmpdir(), 'layerlab-dbrec-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `d${n++}`);

/** Overwrite a run of bytes in the middle of the file (a bad sector, a torn copy). */
function damage(file: string, at: number, length: number): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(length, 0xa5), 0, length, at);
  closeSync(fd);
}

describe('schema fixtures of every earlier version', () => {
  const versions = readdirSync(FIXTURES).filter((f) => /^v\d+\.db$/.test(f));
  it('keeps one fixture per earlier schema version', () => {
    expect(versions.sort()).toEqual(Array.from({ length: SCHEMA_VERSION - 1 }, (_, i) => `v${i + 1}.db`).sort());
  });
  for (const f of versions) {
    it(`${f} migrates to schema ${SCHEMA_VERSION} with its rows intact`, () => {
      const file = join(freshDir(), 'layerlab.db');
      mkdirSync(join(file, '..'), { recursive: true });
      copyFileSync(join(FIXTURES, f), file);
      const db = openDatabase(file);
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      const repos = createRepos(db);
      expect(repos.experiments.get('exp-1')).toMatchObject({ name: 'fixture run', status: 'completed', checkpoint_epoch: 2 });
      expect(repos.experiments.epochs('exp-1').map((e) => e.epoch)).toEqual([1, 2]);
      expect(repos.settings.get('pinnedBackend')).toBe('cpu');
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      db.close();
    });
  }

  it('a migration that fails half-way leaves a real file at its previous version, rows intact', () => {
    const file = join(freshDir(), 'layerlab.db');
    mkdirSync(join(file, '..'), { recursive: true });
    copyFileSync(join(FIXTURES, 'v1.db'), file);
    const broken = [...MIGRATIONS.slice(0, 2), { version: 3, sql: 'ALTER TABLE experiments ADD COLUMN half_done TEXT; SELECT * FROM no_such_table;' }];
    const db = new Database(file);
    expect(() => migrate(db, file, broken)).toThrow(/no_such_table/);
    db.close();
    const again = new Database(file, { readonly: true });
    expect(again.pragma('user_version', { simple: true })).toBe(2); // migration 2 committed, 3 rolled back
    const cols = (again.pragma('table_info(experiments)') as { name: string }[]).map((c) => c.name);
    expect(cols).not.toContain('half_done');
    expect(again.prepare('SELECT count(*) AS n FROM epoch_metrics').get()).toEqual({ n: 3 });
    again.close();
    const healed = openDatabase(file); // the real migrations then finish the job
    expect(healed.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    healed.close();
  });

  it('a database from a newer LayerLab is refused with a message, untouched', () => {
    const file = join(freshDir(), 'layerlab.db');
    mkdirSync(join(file, '..'), { recursive: true });
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(/newer LayerLab/);
    expect(existsSync(backupFileOf(file))).toBe(false); // only clean opens become the backup
  });
});

describe('automatic backup and corruption detection', () => {
  it('a clean open backs up to layerlab.db.bak once per start, atomically, and it opens', async () => {
    const dir = freshDir();
    const file = databaseFile(dir);
    const db = openDatabase(file);
    createRepos(db).settings.set('marker', 'one');
    expect(await backupDatabase(db, file)).toEqual({ file: backupFileOf(file) });
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    // At most once per start: a second call is a no-op.
    expect(await backupDatabase(db, file)).toHaveProperty('skipped');
    db.close();
    const bak = new Database(backupFileOf(file), { readonly: true });
    expect(bak.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(bak.pragma('integrity_check', { simple: true })).toBe('ok');
    bak.close();
  });

  it('a damaged file is detected at open (quick_check) with a typed error that names the backup and the restore command', async () => {
    const dir = freshDir();
    const file = databaseFile(dir);
    const db = openDatabase(file);
    const repos = createRepos(db);
    repos.settings.set('marker', 'before damage');
    expect(await backupDatabase(db, file)).toEqual({ file: backupFileOf(file) });
    // Fill a few pages so the damage lands on table data, then checkpoint the WAL into the main file.
    const big = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    for (let i = 0; i < 200; i++) big.run(`k${i}`, 'x'.repeat(500));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    damage(file, 4096 * 3 + 100, 4096 * 4);
    let err: unknown;
    try {
      openDatabase(file).close();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DatabaseCorruptError);
    expect((err as DatabaseCorruptError).backup).toBe(backupFileOf(file));
    expect((err as Error).message).toMatch(/damaged/);
    expect((err as Error).message).toContain(`layerlab --data-dir "${dir}" restore-backup`);
    expect((err as Error).message).not.toMatch(/\n\s+at /);

    const r = restoreBackup(file);
    expect(r.damaged).toMatch(/layerlab\.db\.damaged-\d{4}-/);
    const back = openDatabase(file);
    expect(createRepos(back).settings.get('marker')).toBe('before damage');
    expect(back.pragma('integrity_check', { simple: true })).toBe('ok');
    back.close();
  });

  it('a file whose header is destroyed is named damaged too when a backup exists; without one it is a plain open error', async () => {
    const dir = freshDir();
    const file = databaseFile(dir);
    openDatabase(file).close();
    copyFileSync(file, backupFileOf(file));
    damage(file, 0, 100);
    expect(() => openDatabase(file)).toThrow(DatabaseCorruptError);
    rmSync(backupFileOf(file));
    expect(() => openDatabase(file)).toThrow(DatabaseOpenError);
  });

  it('the CLI: a damaged database prints one plain line with the restore command; restore-backup restores it', () => {
    const dir = freshDir();
    const file = databaseFile(dir);
    openDatabase(file).close();
    copyFileSync(file, backupFileOf(file));
    const size = statSync(file).size;
    damage(file, 0, Math.min(size, 4096));
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../src/main/cli.ts'), '--data-dir', dir, ...args], { encoding: 'utf8', timeout: 60_000 });
    const broken = cli('experiments');
    expect(broken.status).toBe(1);
    expect(broken.stderr.trim().split('\n')).toHaveLength(1);
    expect(broken.stderr).toContain(`damaged (file is not a database)`);
    expect(broken.stderr).toContain(`layerlab --data-dir "${dir}" restore-backup`);
    const restored = cli('restore-backup');
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/Restored .*layerlab\.db from .*layerlab\.db\.bak/);
    const ok = cli('--json', 'experiments');
    expect(ok.status, ok.stderr).toBe(0);
  });
});
