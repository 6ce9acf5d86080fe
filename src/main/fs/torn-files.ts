import { existsSync, lstatSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Startup clean-up of what a crash can leave in LayerLab's own folders: `<name>.tmp-<pid>` (a file or
 * folder being written) and `<name>.old-<pid>` (a model folder moved aside while its successor was
 * renamed in). Only names of exactly that shape, only in our folders (the run folders, their checkpoint
 * folders, imported models, the data folder's database files), and only when process <pid> is gone: a
 * live writer (another host, this process) is never disturbed.
 */
const TORN = /^(.+)\.(tmp|old)-(\d+)$/;

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const list = (dir: string): string[] => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

const isDir = (p: string) => {
  try {
    return lstatSync(p).isDirectory();
  } catch {
    return false;
  }
};

/** A model folder whose save was cut between its two renames: put a whole model back under its name. */
function recover(dir: string, base: string, entries: string[]): void {
  const target = join(dir, base);
  if (existsSync(target)) return;
  const complete = (p: string) => existsSync(join(p, 'model.json')) && existsSync(join(p, 'weights.bin'));
  // The new model was fully written before the old one was moved aside; else the old one is whole.
  const pick =
    entries.find((e) => e.startsWith(`${base}.tmp-`) && complete(join(dir, e))) ??
    entries.find((e) => e.startsWith(`${base}.old-`) && complete(join(dir, e)));
  if (pick) renameSync(join(dir, pick), target);
}

/** Clean one folder of ours; returns the names removed. */
function cleanFolder(dir: string, only?: RegExp): string[] {
  const removed: string[] = [];
  const torn = list(dir).filter((e) => TORN.test(e) && (!only || only.test(e)) && !alive(Number(TORN.exec(e)?.[3])));
  for (const base of new Set(torn.filter((e) => isDir(join(dir, e))).map((e) => TORN.exec(e)?.[1] ?? ''))) recover(dir, base, torn);
  for (const e of torn) {
    const p = join(dir, e);
    if (!existsSync(p) && !isDir(p)) continue; // recovered (renamed) above
    rmSync(p, { recursive: true, force: true });
    removed.push(p);
  }
  return removed;
}

/** Run at host start: every torn temp file of a dead writer in `dataDir`'s own folders. */
export function cleanTornFiles(dataDir: string): string[] {
  // The database's own files, and streaming imports' spools (row-spool.ts).
  const removed = cleanFolder(dataDir, /^(layerlab\.db|import-spool-)/);
  for (const root of ['experiments', 'imported']) {
    const top = join(dataDir, root);
    for (const id of list(top)) {
      const folder = join(top, id);
      if (!isDir(folder)) continue;
      removed.push(...cleanFolder(folder), ...cleanFolder(join(folder, 'checkpoints')));
    }
  }
  return removed;
}
