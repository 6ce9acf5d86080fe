import { afterAll, describe, expect, it } from 'vitest';
import { fork, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createClient } from '../src/shared/api/client';
import { inProcessTransport } from '../src/main/transport/in-process';
import { launchChildTrainer, type LaunchTrainer } from '../src/main/engine/launch-child';
import type { TrainerMessage } from '../src/main/engine/protocol';
import { createHost } from '../src/main/host';
import { openDatabase } from '../src/main/db';
import { databaseFile } from '../src/main/paths';
import { recordingLauncher, smallConvGraph, tempHost, waitFor } from './helpers';

// Small but real: a conv net on 600 MNIST images, trained by real trainer processes.
const graph = smallConvGraph;
const hyperparams = { epochs: 4, trainLimit: 600, testLimit: 200, batchSize: 32 };

const envs: { cleanup(): void }[] = [];
afterAll(() => envs.forEach((e) => e.cleanup()));

describe('crash safety with real processes', () => {
  it('SIGKILL of the trainer mid-run: interrupted, resumable, exactly one row per epoch, integrity ok', async () => {
    const rec = recordingLauncher();
    const env = tempHost(rec.launch);
    envs.push(env);
    const api = createClient(inProcessTransport(env.host.handlers, env.host.bus));
    const exp = await api.call('experiments.create', { name: 'kill me', graph, datasetId: 'builtin:mnist', hyperparams });
    await api.call('training.start', { id: exp.id });
    await waitFor(() => env.host.repos.experiments.epochs(exp.id).length >= 1, 90_000, 'first epoch');
    rec.handles[0].kill(); // SIGKILL, mid-way through epoch 2
    const interrupted = await waitFor(() => {
      const e = env.host.repos.experiments.get(exp.id);
      return e?.status === 'interrupted' ? e : null;
    }, 30_000, 'interrupted');
    expect(interrupted.error).toMatch(/SIGKILL/);
    const before = env.host.repos.experiments.epochs(exp.id).length;
    await api.call('training.resume', { id: exp.id });
    await waitFor(() => env.host.repos.experiments.get(exp.id)?.status === 'completed', 120_000, 'completed');
    const epochs = env.host.repos.experiments.epochs(exp.id);
    expect(before).toBeGreaterThanOrEqual(1);
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
    expect(env.host.repos.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((await api.call('app.info', {})).name).toBe('LayerLab');
  });

  it('a trainer that aborts (crash / out of memory) leaves the host answering and the run failed with a reason', async () => {
    const abortingTrainer: LaunchTrainer = () => {
      const child = fork(join(import.meta.dirname, 'fixtures/aborting-trainer.mjs'), [], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
      return {
        pid: child.pid,
        send: (m) => child.connected && child.send(m),
        onMessage: (cb) => child.on('message', (m) => cb(m as TrainerMessage)),
        onExit: (cb) => child.once('exit', (code, signal) => cb(code, signal)),
        kill: () => child.kill('SIGKILL'),
      };
    };
    const env = tempHost(abortingTrainer);
    envs.push(env);
    const api = createClient(inProcessTransport(env.host.handlers, env.host.bus));
    const exp = await api.call('experiments.create', { name: 'crash', graph, datasetId: 'builtin:mnist', hyperparams });
    await api.call('training.start', { id: exp.id });
    const failed = await waitFor(() => {
      const e = env.host.repos.experiments.get(exp.id);
      return e?.status === 'failed' ? e : null;
    }, 30_000, 'failed');
    expect(failed.error).toMatch(/crashed \(SIGABRT\).*out of memory/);
    expect((await api.call('experiments.list', {})).length).toBe(1);
    expect(env.host.repos.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('SIGKILL of the host (CLI) mid-run: the trainer stops too, the next start shows interrupted, resume completes', async () => {
    const env = tempHost();
    env.host.close(); // only its folder is used: the CLI process is the host here
    const cli = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, '../src/main/cli.ts'), '--data-dir', env.dataDir, '--json', 'train', '--name', 'host-kill',
        '--epochs', '3', '--train-limit', '600', '--test-limit', '200', '--batch-size', '32', '--template', 'mnist-cnn'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let trainerPid = 0;
    const db = await waitFor(() => {
      try {
        return openDatabase(databaseFile(env.dataDir), { readonly: true });
      } catch {
        return null;
      }
    }, 30_000, 'database');
    const row = () => db.prepare("SELECT id, status FROM experiments WHERE name = 'host-kill'").get() as { id: string; status: string } | undefined;
    await waitFor(() => {
      const r = row();
      return r && (db.prepare('SELECT count(*) AS n FROM epoch_metrics WHERE experiment_id = ?').get(r.id) as { n: number }).n >= 1;
    }, 120_000, 'first epoch from the CLI');
    trainerPid = Number(String(await import('node:child_process').then((cp) => cp.execSync(`pgrep -P ${cli.pid} || true`))).trim().split('\n')[0]);
    cli.kill('SIGKILL');
    // The orphaned trainer notices the closed IPC channel and exits.
    if (trainerPid) await waitFor(() => { try { process.kill(trainerPid, 0); return false; } catch { return true; } }, 10_000, 'trainer exit');
    expect(row()?.status).toBe('running'); // what the dead host left behind
    db.close();

    const host = createHost({ dataDir: env.dataDir, host: 'cli', launchTrainer: launchChildTrainer });
    envs.push({ cleanup: () => host.close() });
    const api = createClient(inProcessTransport(host.handlers, host.bus));
    const [exp] = await api.call('experiments.list', {});
    expect(exp.status).toBe('interrupted');
    await api.call('training.resume', { id: exp.id });
    await waitFor(() => host.repos.experiments.get(exp.id)?.status === 'completed', 120_000, 'completed after resume');
    expect(host.repos.experiments.epochs(exp.id).map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(host.repos.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
