import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import type { Db } from './connection';

/** The automatic backup beside the database: `layerlab.db.bak`. */
export const backupFileOf = (file: string): string => `${file}.bak`;

/** The command that puts the backup back (printed by every host when the database is damaged). */
export const RESTORE_COMMAND = 'layerlab restore-backup';

/** Raised at open when the database file is damaged; names the backup when one exists. */
export class DatabaseCorruptError extends Error {
  constructor(
    readonly file: string,
    readonly backup: string | null,
    detail: string,
  ) {
    super(
      `The database ${file} is damaged (${detail}). ` +
        (backup
          ? `An automatic backup from ${statSync(backup).mtime.toISOString()} exists: run "${RESTORE_COMMAND}" to restore it (the damaged file is kept as ${file}.damaged).`
          : 'No backup exists; move the file away to start with an empty project.'),
    );
    this.name = 'DatabaseCorruptError';
  }
}

/** SQLite's own words for a damaged or foreign file. */
export const isCorruption = (err: unknown): boolean =>
  /SQLITE_(CORRUPT|NOTADB)|malformed|not a database/i.test(`${(err as { code?: string }).code ?? ''} ${(err as Error).message ?? ''}`);

/** `PRAGMA quick_check` (cheap: no index cross-checks); throws DatabaseCorruptError unless it reads ok. */
export function checkDatabase(db: Db, file: string): void {
  let result: string;
  try {
    result = (db.pragma('quick_check(1)', { simple: true }) as string) ?? 'no answer';
  } catch (err) {
    if (!isCorruption(err)) throw err;
    result = (err as Error).message;
  }
  if (result !== 'ok') throw corruptError(file, result);
}

/** The typed error for `file`, naming its backup when there is one. */
export const corruptError = (file: string, detail: string): DatabaseCorruptError =>
  new DatabaseCorruptError(file, existsSync(backupFileOf(file)) ? backupFileOf(file) : null, detail.split('\n')[0]);

const backedUp = new Set<string>();

/**
 * Copy the open database to `<file>.bak` with SQLite's online backup, at most once per start, atomically
 * (a temp file renamed into place), so a damaged database can be restored. Never throws: a failed
 * backup leaves the previous one.
 */
export async function backupDatabase(db: Db, file: string): Promise<string | null> {
  if (backedUp.has(file)) return null;
  backedUp.add(file);
  const target = backupFileOf(file);
  const tmp = `${target}.tmp-${process.pid}`;
  try {
    await db.backup(tmp);
    renameSync(tmp, target);
    return target;
  } catch {
    rmSync(tmp, { force: true });
    return null;
  }
}

/**
 * Put the backup back (`layerlab restore-backup`): the damaged file and its WAL are kept as
 * `.damaged`, the backup is copied in under a temp name and renamed. The database must be closed.
 */
export function restoreBackup(file: string): { restored: string; from: string; damaged: string | null } {
  const from = backupFileOf(file);
  if (!existsSync(from)) throw new Error(`There is no backup at ${from}.`);
  const tmp = `${file}.restore-${process.pid}`;
  copyFileSync(from, tmp);
  let damaged: string | null = null;
  if (existsSync(file)) {
    damaged = `${file}.damaged`;
    renameSync(file, damaged);
  }
  for (const side of ['-wal', '-shm']) if (existsSync(file + side)) renameSync(file + side, `${file}.damaged${side}`);
  renameSync(tmp, file);
  return { restored: file, from, damaged };
}
