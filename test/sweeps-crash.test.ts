import { afterAll, describe, expect, it } from 'vitest';
import { execSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, type ApiClient } from '../src/shared/api/client';
import type { MethodInput } from '../src/shared/api/contract';
import { inProcessTransport } from '../src/main/transport/in-process';
import { launchChildTrainer } from '../src/main/engine/launch-child';
import { createHost } from '../src/main/host';
import { openDatabase } from '../src/main/db';
import { databaseFile } from '../src/main/paths';
import { recordingLauncher, smallConvGraph, sweepEnd, tempHost, waitFor } from './helpers';

// The crash suite's small conv net on 600 MNIST images: epochs long enough to kill one mid-trial.
const graph = smallConvGraph;
const config: MethodInput<'sweeps.create'> = {
  name: 'crash sweep',
  graph,
  datasetId: 'builtin:mnist',
  hyperparams: { epochs: 3, trainLimit: 600, testLimit: 100, batchSize: 32 },
  space: [{ key: 'learningRate', kind: 'choice', values: [0.001, 0.01] }],
  strategy: { type: 'grid' },
  budget: { maxTrials: 2 },
};

const envs: { cleanup(): void }[] = [];
afterAll(() => envs.forEach((e) => e.cleanup()));

/** Every trial trained each epoch exactly once and was evaluated exactly once (run to the end once). */
async function expectEachTrialOnce(
  api: ApiClient,
  host: { repos: { db: { prepare(sql: string): { get(...a: unknown[]): unknown } } } },
  id: string,
) {
  const done = await sweepEnd(api, id, 180_000, 250);
  expect(done.status).toBe('completed');
  expect(done.trials).toHaveLength(2);
  expect((await api.call('experiments.list', {})).length).toBe(2);
  for (const t of done.trials) {
    expect(t.state).toBe('completed');
    expect((await api.call('experiments.get', { id: t.experimentId })).epochs.map((e) => e.epoch)).toEqual([
      1, 2, 3,
    ]);
    const evals = host.repos.db
      .prepare("SELECT count(*) AS n FROM evaluations WHERE experiment_id = ? AND split = 'test'")
      .get(t.experimentId) as { n: number };
    expect(evals.n).toBe(1);
  }
  return done;
}

describe('sweeps survive crashes (real trainer processes)', () => {
  it('the trainer of a trial is killed: the trial shows interrupted, is resumed from its checkpoint, the queue goes on', async () => {
    const { launch, handles } = recordingLauncher();
    const env = tempHost(launch);
    envs.push(env);
    const api = createClient(inProcessTransport(env.host.handlers, env.host.bus));
    const statuses: string[] = [];
    const sweep = await api.call('sweeps.create', config);
    const first = sweep.trials[0].experimentId;
    api.on('training.status', (s) => s.experimentId === first && statuses.push(s.status));
    await waitFor(() => env.host.repos.experiments.epochs(first).length >= 1, 120_000, 'first epoch');
    handles[0].kill();
    await expectEachTrialOnce(api, env.host, sweep.id);
    expect(statuses).toContain('interrupted');
    expect(handles).toHaveLength(3); // trial 1, its resume, trial 2
  });

  it('the app (CLI host) is killed mid-trial: a fresh host shows the trial interrupted, resumes it and runs the rest', async () => {
    const env = tempHost();
    env.host.close(); // only its folder is used: the CLI process is the first host
    const file = join(env.dataDir, 'sweep.json');
    writeFileSync(file, JSON.stringify(config));
    const cli = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, '../src/main/cli.ts'),
        '--data-dir',
        env.dataDir,
        '--json',
        'sweep',
        file,
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    cli.stdout.on('data', (b) => (stdout += String(b)));
    const db = await waitFor(
      () => {
        try {
          return openDatabase(databaseFile(env.dataDir), { readonly: true });
        } catch {
          return null;
        }
      },
      60_000,
      'database',
    );
    const trial = (i: number) =>
      db
        .prepare(
          'SELECT e.id, e.status FROM sweep_trials t JOIN experiments e ON e.id = t.experiment_id WHERE t.trial_index = ?',
        )
        .get(i) as { id: string; status: string } | undefined;
    await waitFor(
      () => {
        const t = trial(0);
        return (
          t &&
          (
            db.prepare('SELECT count(*) AS n FROM epoch_metrics WHERE experiment_id = ?').get(t.id) as {
              n: number;
            }
          ).n >= 1
        );
      },
      120_000,
      'first epoch from the CLI',
    );
    expect(stdout).toContain('"event":"sweeps.created"');
    const trainerPid = Number(
      String(execSync(`pgrep -P ${cli.pid} || true`))
        .trim()
        .split('\n')[0],
    );
    cli.kill('SIGKILL');
    if (trainerPid)
      await waitFor(
        () => {
          try {
            process.kill(trainerPid, 0);
            return false;
          } catch {
            return true;
          }
        },
        10_000,
        'trainer exit',
      );
    expect(trial(0)?.status).toBe('running'); // what the dead host left behind
    expect(trial(1)?.status).toBe('draft');
    db.close();

    const host = createHost({ dataDir: env.dataDir, host: 'cli', launchTrainer: launchChildTrainer });
    envs.push({ cleanup: () => host.close() }, { cleanup: () => env.cleanup() });
    const api = createClient(inProcessTransport(host.handlers, host.bus));
    const [sweep] = await api.call('sweeps.list', {});
    const before = await api.call('sweeps.get', { id: sweep.id });
    expect(before.trials.map((t) => t.state)).toEqual(['interrupted', 'queued']);
    await expectEachTrialOnce(api, host, sweep.id);
  });
});
