import Database from 'better-sqlite3';
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations';
import { corruptError, existingBackups, quickCheck, runFolderCount } from './backup';
import { DatabaseCorruptError, isCorruption } from './errors';

export type Db = Database.Database;

/** Raised when the file belongs to a newer LayerLab or is not a database at all. */
export class DatabaseOpenError extends Error {}

/**
 * A missing or zero-length database is a new project only when nothing says otherwise. With a backup
 * or experiment run folders beside it, the project's database was lost (a bad copy, a full disk, a
 * sync tool): refuse, and say how to restore, rather than start an empty project over the user's work.
 */
function refuseLostDatabase(file: string): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    size = -1;
  }
  if (size > 0) return;
  const backups = existingBackups(file);
  const runs = runFolderCount(dirname(file));
  if (backups.length === 0 && runs === 0) return;
  const evidence = [
    backups.length > 0 ? `${backups.length === 1 ? 'a backup' : `${backups.length} backups`}` : '',
    runs > 0 ? `${runs} experiment run folder${runs === 1 ? '' : 's'}` : '',
  ]
    .filter(Boolean)
    .join(' and ');
  throw new DatabaseCorruptError(file, backups[0] ?? null, evidence, size === 0 ? 'empty' : 'missing');
}

/**
 * Open (creating if needed) the project database: WAL, foreign keys, busy timeout, then migrate.
 * A database written by a newer version is refused rather than silently downgraded; a damaged, empty or
 * missing one beside a backup or run folders is refused with the restore command (DatabaseCorruptError).
 * Backups are the host's job (backupDatabase, awaited at a quiet moment), not the opener's.
 */
export function openDatabase(file: string, options: { readonly?: boolean } = {}): Db {
  const onDisk = file !== ':memory:';
  if (onDisk) mkdirSync(dirname(file), { recursive: true });
  if (onDisk && !options.readonly) refuseLostDatabase(file);
  let db: Db;
  try {
    db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
  } catch (err) {
    if (isCorruption(err) && existingBackups(file).length > 0) throw corruptError(file, (err as Error).message);
    throw new DatabaseOpenError(`Cannot open the database ${file}: ${(err as Error).message}`);
  }
  if (options.readonly) return db;
  try {
    if (onDisk) {
      const problem = quickCheck(db);
      if (problem) throw corruptError(file, problem);
    }
    migrate(db, file);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}


/** Apply every pending migration, each in its own transaction guarded by user_version. */
export function migrate(db: Db, file = 'database', migrations: readonly { version: number; sql: string }[] = MIGRATIONS): number {
  const target = migrations[migrations.length - 1].version;
  let current: number;
  try {
    current = db.pragma('user_version', { simple: true }) as number;
  } catch (err) {
    throw new DatabaseOpenError(`${file} is not a LayerLab database (${(err as Error).message}).`);
  }
  if (current > target)
    throw new DatabaseOpenError(
      `${file} was written by a newer LayerLab (schema ${current}; this version understands up to ${target}). Update LayerLab to open it.`,
    );
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}
