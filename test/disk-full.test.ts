import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '../src/shared/api/client';
import { inProcessTransport } from '../src/main/transport/in-process';
import { dispatch } from '../src/main/transport/dispatch';
import { createHost } from '../src/main/host';
import { launchChildTrainer } from '../src/main/engine/launch-child';
import { DISK_FULL_MESSAGE } from '../src/main/db';
import type { Handlers } from '../src/shared/api/contract';
import { recordingLauncher, smallConvGraph, tempHost, waitFor } from './helpers';

/**
 * A full disk is an ordinary error (issue 14): the heartbeat's write failing used to throw an uncaught
 * SqliteError from a timer and kill the host. Two ways in: a fault-injecting wrapper around the real
 * repository (runs everywhere), and a real full disk on a small tmpfs (where this user may mount one).
 */
const hyperparams = { epochs: 3, trainLimit: 600, testLimit: 200, batchSize: 32 };
const cleanups: (() => void)[] = [];
afterAll(() => cleanups.reverse().forEach((c) => c()));

const sqliteFull = () => Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL', name: 'SqliteError' });

/** Statuses the host announced for one run (what every window and CLI follows). */
function statuses(host: ReturnType<typeof createHost>, id: string) {
  const seen: { status: string; message?: string }[] = [];
  host.bus.subscribe((event, payload) => {
    const p = payload as { experimentId?: string; status?: string; message?: string };
    if (event === 'training.status' && p.experimentId === id) seen.push({ status: p.status!, message: p.message });
  });
  return seen;
}

describe('disk full (fault-injecting wrapper)', () => {
  it('the heartbeat write failing with SQLITE_FULL ends the run interrupted in plain words; the host stays up', async () => {
    const rec = recordingLauncher();
    const env = tempHost(rec.launch);
    cleanups.push(env.cleanup);
    const api = createClient(inProcessTransport(env.host.handlers, env.host.bus));
    const exp = await api.call('experiments.create', { name: 'full disk', graph: smallConvGraph, datasetId: 'builtin:mnist', hyperparams });
    const seen = statuses(env.host, exp.id);
    await api.call('training.start', { id: exp.id });
    await waitFor(() => env.host.repos.experiments.epochs(exp.id).length >= 1, 90_000, 'first epoch');
    // From now on the disk is full for the heartbeat (the repository object the service writes through).
    const realBeat = env.host.repos.experiments.heartbeat;
    env.host.repos.experiments.heartbeat = () => {
      throw sqliteFull();
    };
    const ended = await waitFor(() => seen.find((s) => s.status !== 'running'), 15_000, 'the run to end');
    expect(ended).toEqual({ status: 'interrupted', message: DISK_FULL_MESSAGE });
    expect(ended.message).toMatch(/The disk is full/);
    expect(ended.message).not.toMatch(/SQLITE|Sqlite|ENOSPC/);
    await waitFor(() => rec.handles[0].pid && !alive(rec.handles[0].pid), 10_000, 'the trainer to be stopped');
    env.host.repos.experiments.heartbeat = realBeat;
    // The host is still here, answering, and the database agrees.
    expect((await api.call('experiments.get', { id: exp.id })).status).toBe('interrupted');
    expect(env.host.repos.experiments.get(exp.id)?.error).toBe(DISK_FULL_MESSAGE);
    expect(env.host.repos.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('an epoch commit failing with SQLITE_FULL: interrupted, the finished epochs kept, and resume completes once space is back', async () => {
    const env = tempHost();
    cleanups.push(env.cleanup);
    const api = createClient(inProcessTransport(env.host.handlers, env.host.bus));
    const exp = await api.call('experiments.create', { name: 'full at commit', graph: smallConvGraph, datasetId: 'builtin:mnist', hyperparams });
    const repo = env.host.repos.experiments;
    const realCommit = repo.commitEpoch;
    repo.commitEpoch = ((id, m, now) => {
      if (m.epoch >= 2) throw sqliteFull();
      realCommit(id, m, now);
    }) as typeof realCommit;
    await api.call('training.start', { id: exp.id });
    const row = await waitFor(() => (repo.get(exp.id)?.status === 'interrupted' ? repo.get(exp.id) : null), 90_000, 'interrupted');
    expect(row.error).toBe(DISK_FULL_MESSAGE);
    expect(repo.epochs(exp.id).map((e) => e.epoch)).toEqual([1]);
    repo.commitEpoch = realCommit;
    await api.call('training.resume', { id: exp.id });
    await waitFor(() => repo.get(exp.id)?.status === 'completed', 120_000, 'completed');
    expect(repo.epochs(exp.id).map((e) => e.epoch)).toEqual([1, 2, 3]);
  });

  it('any API call that meets a full disk (export, import, save) answers in plain words', async () => {
    const handlers = {
      'app.info': () => {
        throw Object.assign(new Error("ENOSPC: no space left on device, write '/x/model.onnx'"), { code: 'ENOSPC' });
      },
    } as unknown as Handlers;
    const r = await dispatch(handlers, 'app.info', {});
    expect(r).toEqual({ ok: false, error: { code: 'unavailable', message: 'app.info: the disk is full, so nothing was saved. Free some space on the disk and try again.' } });
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A small tmpfs of our own, or null where this user cannot mount one (then the real-disk test says so). */
function smallTmpfs(sizeMb: number): string | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return null;
  const dir = mkdtempSync(join(tmpdir(), 'layerlab-tmpfs-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir]);
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  cleanups.push(() => {
    spawnSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Write zeros until the disk says no; returns the filler's path (remove it to free the space). */
function fillDisk(dir: string): string {
  const file = join(dir, 'filler');
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(1 << 20);
  try {
    for (;;) writeSync(fd, block);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
  return file;
}

const mount = smallTmpfs(64);
describe.skipIf(!mount)(`disk full on a real ${mount ? '64 MB tmpfs' : 'tmpfs (skipped: this user cannot mount one)'}`, () => {
  it('a run whose disk fills mid-way ends interrupted with "the disk is full"; the host keeps answering; resume completes after freeing space', async () => {
    const dataDir = join(mount!, 'data');
    mkdirSync(dataDir);
    const host = createHost({ dataDir, host: 'web', launchTrainer: launchChildTrainer });
    cleanups.push(() => host.close());
    await host.backup;
    const api = createClient(inProcessTransport(host.handlers, host.bus));
    const exp = await api.call('experiments.create', { name: 'real full disk', graph: smallConvGraph, datasetId: 'builtin:mnist', hyperparams });
    const seen = statuses(host, exp.id);
    await api.call('training.start', { id: exp.id });
    await waitFor(() => host.repos.experiments.epochs(exp.id).length >= 1, 90_000, 'first epoch');
    const filler = fillDisk(mount!);
    const ended = await waitFor(() => seen.find((s) => s.status !== 'running'), 90_000, 'the run to end');
    expect(ended.status).toBe('interrupted');
    expect(ended.message).toMatch(/The disk is full/);
    expect(ended.message).not.toMatch(/SQLITE|Sqlite|ENOSPC|errno/);
    expect((await api.call('experiments.list', {})).length).toBe(1); // the host is up
    rmSync(filler);
    await waitFor(() => host.repos.experiments.get(exp.id)?.status === 'interrupted', 10_000, 'the status saved once space is back');
    await api.call('training.resume', { id: exp.id });
    await waitFor(() => host.repos.experiments.get(exp.id)?.status === 'completed', 120_000, 'completed');
    expect(host.repos.experiments.epochs(exp.id).map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(host.repos.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
