import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations';
import { backupDatabase, checkDatabase, corruptError, isCorruption } from './backup';

export type Db = Database.Database;

/** Raised when the file belongs to a newer LayerLab or is not a database at all. */
export class DatabaseOpenError extends Error {}

/**
 * Open (creating if needed) the project database: WAL, foreign keys, busy timeout, then migrate.
 * A database written by a newer version is refused rather than silently downgraded.
 */
export function openDatabase(file: string, options: { readonly?: boolean } = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  let db: Db;
  try {
    db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
  } catch (err) {
    if (isCorruption(err) && existsSync(`${file}.bak`)) throw corruptError(file, (err as Error).message);
    throw new DatabaseOpenError(`Cannot open the database ${file}: ${(err as Error).message}`);
  }
  if (options.readonly) return db;
  const onDisk = file !== ':memory:';
  try {
    if (onDisk) checkDatabase(db, file);
    migrate(db, file);
  } catch (err) {
    db.close();
    throw err;
  }
  // Only a database that opened, checked and migrated cleanly becomes the backup.
  if (onDisk) void backupDatabase(db, file);
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
