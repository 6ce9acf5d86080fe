import { statSync } from 'node:fs';
import { dirname } from 'node:path';

/** The command that puts the backup back, for the data folder that holds `file`. */
export const restoreCommand = (file: string): string => `layerlab --data-dir "${dirname(file)}" restore-backup`;

/** Kept for callers that only name the command; hosts print restoreCommand(file), which names the folder. */
export const RESTORE_COMMAND = 'layerlab restore-backup';

/**
 * Raised at open when the project database is damaged, empty or missing while the data folder shows it
 * held work (a backup, run folders). Names the backup and the exact restore command for this folder.
 */
export class DatabaseCorruptError extends Error {
  constructor(
    readonly file: string,
    readonly backup: string | null,
    /** What is wrong, in plain words: "it is empty (0 bytes)", "database disk image is malformed". */
    readonly detail: string,
    readonly kind: 'damaged' | 'empty' | 'missing' = 'damaged',
  ) {
    const what =
      kind === 'damaged'
        ? `The database ${file} is damaged (${detail}).`
        : `The database ${file} is ${kind === 'empty' ? 'empty (0 bytes)' : 'missing'}, but this data folder holds ${detail}. LayerLab will not start a new empty project over them.`;
    super(
      `${what} ` +
        (backup
          ? `An automatic backup from ${backupTime(backup)} exists: close LayerLab and run ${restoreCommand(file)} to restore it (the ${kind === 'missing' ? 'folder' : 'damaged file'} is kept beside it).`
          : kind === 'damaged'
            ? 'No backup exists; move the file away to start with an empty project.'
            : `No backup exists; move the folder ${dirname(file)} away to start with an empty project.`),
    );
    this.name = 'DatabaseCorruptError';
  }
}

function backupTime(file: string): string {
  try {
    return statSync(file).mtime.toISOString();
  } catch {
    return 'an earlier start';
  }
}

/** Raised by restore when it must not run: a host holds the folder, the database is healthy, no backup. */
export class RestoreRefusedError extends Error {
  override name = 'RestoreRefusedError';
}

/** SQLite's own words for a damaged or foreign file. */
export const isCorruption = (err: unknown): boolean =>
  /SQLITE_(CORRUPT|NOTADB)|malformed|not a database/i.test(`${(err as { code?: string }).code ?? ''} ${(err as Error).message ?? ''}`);

/** A full disk, from SQLite (SQLITE_FULL) or from the file system (ENOSPC, EDQUOT). */
export const isDiskFull = (err: unknown): boolean => {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  return /^(SQLITE_FULL|ENOSPC|EDQUOT)$/.test(code) || /database or disk is full|no space left on device/i.test(String(e?.message ?? ''));
};

/** What the user reads when the disk is full (never SQLite's or the OS's own words). */
export const DISK_FULL_MESSAGE =
  'The disk is full, so LayerLab could not save its work. Free some space on the disk that holds the data folder, then resume: finished epochs are kept.';
