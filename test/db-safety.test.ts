import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  backupDatabase,
  backupFileOf,
  BACKUPS_KEPT,
  createRepos,
  DatabaseCorruptError,
  existingBackups,
  openDatabase,
  restoreBackup,
  RestoreRefusedError,
  type Db,
} from '../src/main/db';
import { resetBackupMemo } from '../src/main/db/backup';
import { acquireHostLock, liveHostLocks } from '../src/main/db/lock';
import { createHost } from '../src/main/host';
import { launchChildTrainer } from '../src/main/engine/launch-child';
import { databaseFile } from '../src/main/paths';

/**
 * The attacks on the project database from issue 14, on real files: an empty or missing layerlab.db
 * beside a backup or run folders, backups replaced by empty databases, restores under a live host, over a
 * healthy database, and twice in a row.
 */
const root = mkdtempSync(join(tmpdir(), 'layerlab-dbsafe-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => {
  const dir = join(root, `d${n++}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};
const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const caught = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a refusal');
};

/** An experiment row (and its user dataset), so a database holds work worth keeping. */
function addExperiment(db: Db, id: string, status = 'completed'): void {
  const repos = createRepos(db);
  if (!repos.datasets.version('user-ds@1'))
    repos.datasets.register(
      { id: 'user-ds', name: 'Mine', description: '', kind: 'table', source: 'csv' },
      { id: 'user-ds@1', version: 1, inputShape: [4], classes: ['a', 'b'], trainCount: 10, testCount: 2, recipe: {} },
      'now',
    );
  repos.experiments.insert({
    id, name: `run ${id}`, dataset_id: 'user-ds', dataset_version_id: 'user-ds@1', graph: '{}', layout: '{}', hyperparams: '{}', param_count: 1, created_at: '2026-01-01',
  });
  if (status !== 'draft') db.prepare('UPDATE experiments SET status = ? WHERE id = ?').run(status, id);
}

/** A project with one experiment, backed up, closed: what a user has after a day's work. */
async function populated(): Promise<{ dir: string; file: string }> {
  const dir = freshDir();
  const file = databaseFile(dir);
  const db = openDatabase(file);
  addExperiment(db, 'exp-1');
  expect(await backupDatabase(db, file)).toEqual({ file: backupFileOf(file) });
  db.close();
  mkdirSync(join(dir, 'experiments', 'exp-1', 'checkpoints'), { recursive: true });
  return { dir, file };
}

const host = (dataDir: string) => createHost({ dataDir, host: 'cli', launchTrainer: launchChildTrainer });

describe('an empty or missing database is damage, not a new project', () => {
  it('a zero-length layerlab.db beside a backup: the host refuses with the restore command for this folder; the backup is untouched', async () => {
    const { dir, file } = await populated();
    const before = hash(backupFileOf(file));
    writeFileSync(file, '');
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });
    const err = caught(() => host(dir));
    expect(err).toBeInstanceOf(DatabaseCorruptError);
    expect((err as DatabaseCorruptError).kind).toBe('empty');
    expect(err.message).toContain('empty (0 bytes)');
    expect(err.message).toContain('will not start a new empty project');
    expect(err.message).toContain(`layerlab --data-dir "${dir}" restore-backup`);
    expect(err.message).not.toMatch(/SQLITE|Sqlite/);
    expect(statSync(file).size).toBe(0); // nothing was written over it
    expect(hash(backupFileOf(file))).toBe(before);
    expect(existsSync(join(dir, 'locks'))).toBe(false); // a refused host holds nothing

    // The printed command works and brings the work back.
    const r = restoreBackup(file);
    expect(r.damaged).toMatch(/\.damaged-/);
    const h = host(dir);
    expect(h.repos.experiments.get('exp-1')?.name).toBe('run exp-1');
    await h.backup;
    h.close();
  });

  it('a missing layerlab.db beside experiment run folders (no backup) is refused too', () => {
    const dir = freshDir();
    mkdirSync(join(dir, 'experiments', 'abc', 'model'), { recursive: true });
    mkdirSync(join(dir, 'experiments', 'def'), { recursive: true });
    const err = caught(() => host(dir));
    expect(err).toBeInstanceOf(DatabaseCorruptError);
    expect(err.message).toMatch(/is missing, but this data folder holds 2 experiment run folders/);
    expect(err.message).toContain(`move the folder ${dir} away`);
    expect(existsSync(databaseFile(dir))).toBe(false);
  });

  it('a brand-new folder still starts an empty project', async () => {
    const dir = freshDir();
    const h = host(dir);
    expect(await h.backup).toHaveProperty('file');
    h.close();
  });
});

describe('backups', () => {
  it(`keeps the last ${BACKUPS_KEPT}, newest first`, async () => {
    const dir = freshDir();
    const file = databaseFile(dir);
    for (let i = 1; i <= BACKUPS_KEPT + 2; i++) {
      const db = openDatabase(file);
      addExperiment(db, `exp-${i}`);
      resetBackupMemo();
      expect(await backupDatabase(db, file)).toHaveProperty('file');
      db.close();
    }
    const backups = existingBackups(file);
    expect(backups).toHaveLength(BACKUPS_KEPT);
    const count = (f: string) => {
      const b = new Database(f, { readonly: true });
      const r = (b.prepare('SELECT count(*) AS n FROM experiments').get() as { n: number }).n;
      b.close();
      return r;
    };
    expect(backups.map(count)).toEqual([7, 6, 5, 4, 3]);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('a database emptied of experiments and datasets never replaces a backup that has them', async () => {
    const { file } = await populated();
    const before = hash(backupFileOf(file));
    const db = openDatabase(file);
    db.prepare('DELETE FROM experiments').run();
    db.prepare("DELETE FROM datasets WHERE source <> 'builtin'").run();
    resetBackupMemo();
    const r = await backupDatabase(db, file);
    db.close();
    expect(r).toHaveProperty('skipped', expect.stringMatching(/holds no experiments or datasets/));
    expect(hash(backupFileOf(file))).toBe(before);
    expect(existingBackups(file)).toHaveLength(1);
  });

  it('a run still marked running is interrupted in the snapshot (a restored backup never shows a phantom run)', async () => {
    const dir = freshDir();
    const file = databaseFile(dir);
    const db = openDatabase(file);
    addExperiment(db, 'live', 'running');
    await backupDatabase(db, file);
    expect(createRepos(db).experiments.get('live')?.status).toBe('running'); // the live database is untouched
    db.close();
    const bak = new Database(backupFileOf(file), { readonly: true });
    expect(bak.prepare("SELECT status FROM experiments WHERE id = 'live'").get()).toEqual({ status: 'interrupted' });
    expect(bak.pragma('integrity_check', { simple: true })).toBe('ok');
    bak.close();
  });

  it('a short CLI command waits for its backup before exiting', () => {
    const dir = freshDir();
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../src/main/cli.ts'), '--data-dir', dir, '--json', 'experiments'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(statSync(backupFileOf(databaseFile(dir))).size).toBeGreaterThan(0);
    expect(readdirSync(join(dir, 'locks'))).toEqual([]); // the CLI let go of the folder
  });
});

describe('restore-backup', () => {
  it('refuses while a host holds the data folder, and names it', async () => {
    const { dir, file } = await populated();
    const h = host(dir);
    await h.backup;
    const err = caught(() => restoreBackup(file, { force: true }));
    expect(err).toBeInstanceOf(RestoreRefusedError);
    expect(err.message).toMatch(/LayerLab is open on this data folder \(cli, process \d+\)/);
    expect(h.repos.experiments.get('exp-1')).toBeTruthy(); // the live database was not swapped
    expect(readdirSync(dir).filter((f) => f.includes('.damaged'))).toEqual([]);
    h.close();
    expect(restoreBackup(file, { force: true }).from).toBe(backupFileOf(file));
  });

  it('a lock left by a dead process is stale: removed, and the restore goes ahead', async () => {
    const { dir, file } = await populated();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    mkdirSync(join(dir, 'locks'), { recursive: true });
    writeFileSync(join(dir, 'locks', `${dead.stdout}-1.lock`), JSON.stringify({ pid: Number(dead.stdout), host: 'web', startedAt: 'x' }));
    const mine = acquireHostLock(dir, 'electron');
    expect(liveHostLocks(dir).map((l) => l.host)).toEqual(['electron']);
    mine.release();
    writeFileSync(file, '');
    expect(restoreBackup(file).restored).toBe(file);
    expect(readdirSync(join(dir, 'locks'))).toEqual([]);
  });

  it('refuses a healthy database unless --force', async () => {
    const { file } = await populated();
    const before = hash(file);
    const err = caught(() => restoreBackup(file));
    expect(err).toBeInstanceOf(RestoreRefusedError);
    expect(err.message).toMatch(/opens and checks clean/);
    expect(err.message).toContain('restore-backup --force');
    expect(hash(file)).toBe(before);
  });

  it('twice in a row keeps both damaged copies', async () => {
    const { file, dir } = await populated();
    writeFileSync(file, 'first damage '.repeat(400));
    const one = restoreBackup(file);
    writeFileSync(file, 'second damage '.repeat(400));
    const two = restoreBackup(file);
    expect(one.damaged).not.toBe(two.damaged);
    expect(readFileSync(one.damaged!, 'utf8')).toMatch(/^first damage/);
    expect(readFileSync(two.damaged!, 'utf8')).toMatch(/^second damage/);
    expect(readdirSync(dir).filter((f) => /\.damaged-/.test(f))).toHaveLength(2);
  });

  it('skips a damaged newest backup for the next one that checks clean', async () => {
    const { file } = await populated();
    const db = openDatabase(file);
    addExperiment(db, 'exp-2');
    resetBackupMemo();
    await backupDatabase(db, file);
    db.close();
    writeFileSync(backupFileOf(file), 'not a database '.repeat(500));
    writeFileSync(file, '');
    const r = restoreBackup(file);
    expect(r.from).toBe(`${file}.bak.1`);
    expect(r.skipped).toEqual([backupFileOf(file)]);
  });
});
