import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every host (web, CLI, Electron) holds the data folder while it runs: one small file per host under
 * `<dataDir>/locks/`, removed at close. Several hosts may share a folder (their runs are told apart by
 * heartbeat), but restore-backup must not swap the database under any of them. A lock whose process is
 * gone (killed, power cut) is stale and is removed by whoever finds it.
 */
export interface HostLock {
  pid: number;
  host: string;
  startedAt: string;
  file: string;
}

const locksDir = (dataDir: string) => join(dataDir, 'locks');
let counter = 0;

/** Is the process still there? (signal 0 probes without touching it) */
export function processAlive(pid: number | null | undefined): boolean {
  if (!pid || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take a lock for this host; release() removes it (idempotent). */
export function acquireHostLock(dataDir: string, host: string): { file: string; release(): void } {
  mkdirSync(locksDir(dataDir), { recursive: true });
  const file = join(locksDir(dataDir), `${process.pid}-${++counter}.lock`);
  writeFileSync(file, JSON.stringify({ pid: process.pid, host, startedAt: new Date().toISOString() }));
  let held = true;
  return {
    file,
    release() {
      if (held) rmSync(file, { force: true });
      held = false;
    },
  };
}

/** Hosts whose process is alive; stale locks (dead pid, unreadable file) are removed on the way. */
export function liveHostLocks(dataDir: string): HostLock[] {
  let names: string[];
  try {
    names = readdirSync(locksDir(dataDir)).filter((n) => n.endsWith('.lock'));
  } catch {
    return [];
  }
  const live: HostLock[] = [];
  for (const name of names) {
    const file = join(locksDir(dataDir), name);
    let lock: Partial<HostLock>;
    try {
      lock = JSON.parse(readFileSync(file, 'utf8')) as Partial<HostLock>;
    } catch {
      lock = { pid: Number(name.split('-')[0]) };
    }
    if (processAlive(lock.pid)) live.push({ pid: lock.pid!, host: String(lock.host ?? 'LayerLab'), startedAt: String(lock.startedAt ?? ''), file });
    else rmSync(file, { force: true });
  }
  return live;
}
