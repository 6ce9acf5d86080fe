import Database from 'better-sqlite3';
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DatabaseCorruptError, isCorruption, RestoreRefusedError, restoreCommand } from './errors';
import { liveHostLocks } from './lock';
import { STAGING_SOURCE } from './repos/dataset-data';

// This module owns backups and restore; connection.ts uses it (never the other way round).
type Db = Database.Database;

/** How many automatic backups are kept: layerlab.db.bak (newest), .bak.1 … .bak.4. */
export const BACKUPS_KEPT = 5;

/** The newest automatic backup beside the database: `layerlab.db.bak`. */
export const backupFileOf = (file: string): string => `${file}.bak`;

/** Every backup slot, newest first. */
export const backupSlotsOf = (file: string): string[] => [backupFileOf(file), ...Array.from({ length: BACKUPS_KEPT - 1 }, (_, i) => `${file}.bak.${i + 1}`)];

const sizeOf = (file: string): number => {
  try {
    return statSync(file).size;
  } catch {
    return -1;
  }
};

/** Backups that exist and are not empty, newest first. */
export const existingBackups = (file: string): string[] => backupSlotsOf(file).filter((f) => sizeOf(f) > 0);

/** SQLite's quick_check of an open database: null when ok, else the first problem in plain words. */
export function quickCheck(db: Db): string | null {
  try {
    const result = (db.pragma('quick_check(1)', { simple: true }) as string) ?? 'no answer';
    return result === 'ok' ? null : result.split('\n')[0];
  } catch (err) {
    if (!isCorruption(err)) throw err;
    return (err as Error).message.split('\n')[0];
  }
}

/** Check a database file without changing it: null when it opens and checks clean, else why not. */
export function checkFile(file: string): string | null {
  const size = sizeOf(file);
  if (size < 0) return 'it is missing';
  if (size === 0) return 'it is empty (0 bytes)';
  let db: Db | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    return quickCheck(db);
  } catch (err) {
    return (err as Error).message.split('\n')[0];
  } finally {
    db?.close();
  }
}

/** Experiments and user datasets in a database: a snapshot with none never replaces one with some. */
function userRows(db: Db): number {
  try {
    const r = db
      .prepare(`SELECT (SELECT count(*) FROM experiments) + (SELECT count(*) FROM datasets WHERE source NOT IN ('builtin', '${STAGING_SOURCE}')) AS n`)
      .get() as { n: number };
    return r.n;
  } catch {
    return 0;
  }
}
function userRowsOfFile(file: string): number {
  if (sizeOf(file) <= 0) return 0;
  let db: Db | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    return userRows(db);
  } catch {
    return 0;
  } finally {
    db?.close();
  }
}

/** fsync a file (or a folder, where the platform allows it) so a rename survives a power cut. */
function fsyncPath(path: string): void {
  try {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open folders; its renames are still atomic.
  }
}

export type BackupResult = { file: string } | { skipped: string };

const backedUp = new Set<string>();

/**
 * A consistent snapshot of the open database with SQLite's online backup API, rotated into
 * `<file>.bak` (older ones shift to .bak.1 … .bak.4), at most once per start. Call it at a quiet moment
 * (host start, after dead runs were marked interrupted) and await it before the process exits.
 *
 * The snapshot is checked before it replaces anything: a damaged one, or one with no experiments or
 * datasets while the newest backup has some, is dropped and the good backups stay. Rows still marked
 * `running` (another host's live run) are marked `interrupted` in the snapshot, so a restored backup never
 * shows a run as training. Never throws: a failed backup leaves the previous ones.
 */
export async function backupDatabase(db: Db, file: string): Promise<BackupResult> {
  if (backedUp.has(file)) return { skipped: 'already backed up since this start' };
  backedUp.add(file);
  const tmp = `${backupFileOf(file)}.tmp-${process.pid}`;
  try {
    await db.backup(tmp);
    const snap = new Database(tmp);
    let problem: string | null;
    let rows: number;
    try {
      snap
        .prepare(
          `UPDATE experiments SET status = 'interrupted', owner_pid = NULL, finished_at = COALESCE(finished_at, heartbeat_at),
             error = 'The app stopped while this run was training. Resume continues from the last finished epoch.' WHERE status = 'running'`,
        )
        .run();
      snap.pragma('journal_mode = DELETE');
      problem = quickCheck(snap);
      rows = userRows(snap);
    } finally {
      snap.close();
    }
    if (problem) throw new Error(`the snapshot does not check clean (${problem})`);
    if (rows === 0 && userRowsOfFile(backupFileOf(file)) > 0) {
      rmSync(tmp, { force: true });
      return { skipped: 'the database holds no experiments or datasets, and the newest backup does: it is kept as it is' };
    }
    fsyncPath(tmp);
    const slots = backupSlotsOf(file);
    for (let i = slots.length - 1; i > 0; i--) if (existsSync(slots[i - 1])) renameSync(slots[i - 1], slots[i]);
    renameSync(tmp, slots[0]);
    fsyncPath(dirname(file));
    return { file: slots[0] };
  } catch (err) {
    rmSync(tmp, { force: true });
    return { skipped: `the backup could not be written: ${(err as Error).message}` };
  }
}

/** Forget which files were backed up this start (tests open the same file several times). */
export const resetBackupMemo = (): void => backedUp.clear();

/** `<file>.damaged-<time>`, never an existing name: every damaged copy is kept. */
function damagedName(file: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const base = `${file}.damaged-${stamp}`;
  const taken = new Set(readdirSync(dirname(file)));
  let name = base;
  for (let i = 2; [name, `${name}-wal`, `${name}-shm`].some((n) => taken.has(basename(n))); i++) name = `${base}-${i}`;
  return name;
}

export interface RestoreResult {
  restored: string;
  from: string;
  /** Where the replaced database went (null when there was none). */
  damaged: string | null;
  /** Backups skipped because they did not check clean. */
  skipped: string[];
}

/**
 * Put the newest backup that checks clean back (`layerlab restore-backup`). Refused while any host holds
 * the data folder, and when the database itself checks clean unless `force`. The replaced file and its
 * WAL are kept as `<file>.damaged-<time>` (never overwriting an earlier one); the backup is copied in
 * under a temp name, fsynced and renamed.
 */
export function restoreBackup(file: string, opts: { force?: boolean } = {}): RestoreResult {
  const dataDir = dirname(file);
  const hosts = liveHostLocks(dataDir);
  if (hosts.length > 0)
    throw new RestoreRefusedError(
      `LayerLab is open on this data folder (${hosts.map((h) => `${h.host}, process ${h.pid}`).join('; ')}). Close it, then run the restore again. ` +
        `If no LayerLab is running, delete ${hosts.map((h) => h.file).join(', ')} and try again.`,
    );
  const backups = existingBackups(file);
  if (backups.length === 0) throw new RestoreRefusedError(`There is no backup beside ${file}: nothing to restore.`);
  const problem = checkFile(file);
  if (!problem && !opts.force)
    throw new RestoreRefusedError(
      `The database ${file} opens and checks clean, so it was not replaced: restoring would drop everything done since the backup. ` +
        `To restore the backup anyway, run ${restoreCommand(file)} --force (the current file is kept beside it).`,
    );
  const skipped: string[] = [];
  const from = backups.find((b) => (checkFile(b) ? (skipped.push(b), false) : true));
  if (!from) throw new RestoreRefusedError(`None of the backups beside ${file} checks clean (${backups.join(', ')}); nothing was changed.`);
  const tmp = `${file}.restore-${process.pid}`;
  copyFileSync(from, tmp);
  fsyncPath(tmp);
  const hadFile = existsSync(file);
  const sides = ['-wal', '-shm'].filter((s) => existsSync(file + s));
  const damaged = hadFile || sides.length > 0 ? damagedName(file) : null;
  if (damaged) {
    if (hadFile) renameSync(file, damaged);
    for (const side of sides) renameSync(file + side, damaged + side);
  }
  renameSync(tmp, file);
  fsyncPath(dataDir);
  return { restored: file, from, damaged: hadFile ? damaged : null, skipped };
}

/** The typed error for a damaged `file`, naming its newest backup when there is one. */
export const corruptError = (file: string, detail: string): DatabaseCorruptError =>
  new DatabaseCorruptError(file, existingBackups(file)[0] ?? null, detail.split('\n')[0]);

/** Experiment run folders in the data folder (evidence that a missing database held work). */
export function runFolderCount(dataDir: string): number {
  try {
    return readdirSync(join(dataDir, 'experiments'), { withFileTypes: true }).filter((d) => d.isDirectory()).length;
  } catch {
    return 0;
  }
}
