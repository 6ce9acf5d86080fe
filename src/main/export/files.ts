import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Write a set of files into `directory` atomically per file: everything is first written into a hidden
 * staging folder inside `directory` (same file system), then each file is renamed into place. A crash
 * leaves either the old file or the new one, never half of one; files of the user's not named here are
 * never touched.
 */
export async function writeFilesAtomically(
  directory: string,
  produce: (staging: string) => Promise<string[]> | string[],
): Promise<string[]> {
  mkdirSync(directory, { recursive: true });
  const staging = join(directory, `.layerlab-export-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(staging);
  try {
    const names = await produce(staging);
    for (const name of names) renameSync(join(staging, name), join(directory, name));
    return names.map((n) => join(directory, n));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Write text (or bytes) as one file of a staging folder. */
export function put(staging: string, name: string, content: string | Uint8Array): string {
  writeFileSync(join(staging, name), content);
  return name;
}
