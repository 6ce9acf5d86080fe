import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { ApiError } from '../../shared/api/errors';
import { assertOutsideProject } from './safe-paths';

/**
 * Write a file the user named (bundle, report): never onto the project's own files (checked with
 * symlinks followed), and through a temp name + rename in the same folder, so a crash or a full disk
 * leaves the old file or the new one, and a symlink in the target's place is replaced, not written through.
 */
export function writeUserFile(dataDir: string, path: string, data: string | Uint8Array, what: string): void {
  if (!isAbsolute(path)) throw new ApiError('invalid_input', `Choose a full file path (got "${path}").`);
  assertOutsideProject(dataDir, path, 'file');
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new ApiError('unavailable', `Cannot write ${what} to ${path}: ${plainFsReason(err)}`);
  }
}

/**
 * A file the user named, written a piece at a time (a large predictions file is never held whole): the
 * same checks and the same temporary name as writeUserFile, renamed into place by `commit`; `discard`
 * (cancel, failure) leaves nothing behind.
 */
export function openUserFile(dataDir: string, path: string, what: string): { write(text: string): void; commit(): void; discard(): void } {
  if (!isAbsolute(path)) throw new ApiError('invalid_input', `Choose a full file path (got "${path}").`);
  assertOutsideProject(dataDir, path, 'file');
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  const refused = (err: unknown) => {
    rmSync(tmp, { force: true });
    return new ApiError('unavailable', `Cannot write ${what} to ${path}: ${plainFsReason(err)}`);
  };
  let fd: number;
  try {
    mkdirSync(dirname(path), { recursive: true });
    fd = openSync(tmp, 'w');
  } catch (err) {
    throw refused(err);
  }
  let open = true;
  const close = () => {
    if (open) closeSync(fd);
    open = false;
  };
  return {
    write(text) {
      try {
        writeSync(fd, text);
      } catch (err) {
        close();
        throw refused(err);
      }
    },
    commit() {
      try {
        close();
        renameSync(tmp, path);
      } catch (err) {
        throw refused(err);
      }
    },
    discard() {
      close();
      rmSync(tmp, { force: true });
    },
  };
}

/** A file-system error in plain words (no ENOENT codes). */
export function plainFsReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOSPC':
      return 'the disk is full.';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied.';
    case 'EROFS':
      return 'the disk is read-only.';
    case 'ENOENT':
      return 'the folder does not exist.';
    case 'ENOTDIR':
      return 'part of the path is a file, not a folder.';
    case 'EISDIR':
      return 'a folder of that name is in the way.';
    default:
      return 'the file system refused it.';
  }
}

/**
 * Why a path the user named cannot be read, in plain words (no ENOENT codes). `path` lets the reason
 * hint at the usual slip: a relative path, read from the folder LayerLab was started in.
 */
export function plainReadReason(err: unknown, path: string): string {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return isAbsolute(path)
        ? 'there is no such file or folder on the machine running LayerLab.'
        : 'there is no such file or folder; give the full path (for example ~/data/file.csv).';
    case 'ENOTDIR':
      return 'part of the path is a file, not a folder.';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied.';
    case 'ELOOP':
      return 'it is a loop of symbolic links.';
    case 'ENAMETOOLONG':
      return 'the path is too long.';
    default:
      return 'the file system refused it.';
  }
}
