import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from '../src/shared/api/client';
import { chain } from '../src/shared/templates';
import { inProcessTransport } from '../src/main/transport/in-process';
import { createHost } from '../src/main/host';
import { openDatabase } from '../src/main/db';
import { databaseFile } from '../src/main/paths';
import { recordingLauncher, sweepEnd, tempHost, waitFor } from './helpers';

// experiments.repeat is a grid sweep over `seed`: its runs wait in SQLite, not in the app's memory.
const { graph, layout } = chain([
  { kind: 'InputImage', name: 'input', params: { height: 28, width: 28, channels: 1 } },
  { kind: 'Flatten', name: 'flatten', params: {} },
  { kind: 'Dense', name: 'hidden', params: { units: 8, activation: 'relu' } },
  { kind: 'Output', name: 'output', params: { classes: 10, activation: 'softmax', loss: 'sparseCategoricalCrossentropy' } },
]);

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.reverse().forEach((c) => c()));

describe('experiments.repeat survives a restart', () => {
  it('the seeds are queued in the database; a fresh host on the same folder trains the rest, none twice', async () => {
    const first = recordingLauncher();
    const env = tempHost(first.launch);
    cleanups.push(() => env.cleanup());
    const api = createClient(inProcessTransport(env.host.handlers, env.host.bus));
    const base = await api.call('experiments.create', {
      name: 'tiny · seed 7',
      graph,
      layout,
      datasetId: 'builtin:mnist',
      hyperparams: { epochs: 1, trainLimit: 300, testLimit: 100, batchSize: 50, seed: 7 },
    });
    await api.call('experiments.update', { id: base.id, tags: ['baseline'] });

    // Close the first host as soon as seed 1 has finished, before the queue can start seed 2.
    let closed = false;
    let ids: string[] = [];
    env.host.bus.subscribe((event, payload) => {
      const p = payload as { experimentId?: string; status?: string };
      if (event === 'training.status' && p.experimentId === ids[0] && p.status === 'completed')
        queueMicrotask(() => {
          if (closed) return;
          closed = true;
          env.host.close();
        });
    });
    const runs = await api.call('experiments.repeat', { id: base.id, seeds: [1, 2, 1] });
    ids = runs.map((r) => r.id);
    expect(runs.map((r) => [r.name, r.status, r.hyperparams.seed, r.tags])).toEqual([
      ['tiny · seed 1', 'draft', 1, ['baseline']],
      ['tiny · seed 2', 'draft', 2, ['baseline']],
    ]);

    // The queue is a sweep stored in SQLite: a grid over seed, based on the experiment.
    const [sweep] = await api.call('sweeps.list', {});
    expect(sweep).toMatchObject({ name: 'tiny × 2 seeds', strategy: 'grid', status: 'running', trialsTotal: 2 });
    const detail = await api.call('sweeps.get', { id: sweep.id });
    expect(detail.plan.space).toEqual([{ key: 'seed', kind: 'choice', values: [1, 2] }]);
    expect(detail.trials.map((t) => [t.experimentId, t.params])).toEqual([
      [ids[0], { seed: 1 }],
      [ids[1], { seed: 2 }],
    ]);

    await waitFor(() => closed, 120_000, 'seed 1 trained by the first host');
    expect(first.handles).toHaveLength(1); // seed 2 never started there

    const db = openDatabase(databaseFile(env.dataDir), { readonly: true });
    const left = db
      .prepare(
        `SELECT s.status AS sweep, t.trial_index AS i, e.status FROM sweep_trials t
         JOIN sweeps s ON s.id = t.sweep_id JOIN experiments e ON e.id = t.experiment_id ORDER BY t.trial_index`,
      )
      .all();
    db.close();
    expect(left).toEqual([
      { sweep: 'running', i: 0, status: 'completed' },
      { sweep: 'running', i: 1, status: 'draft' },
    ]);

    // A fresh host on the same data folder picks the queue up.
    const second = recordingLauncher();
    const host = createHost({ dataDir: env.dataDir, host: 'cli', launchTrainer: second.launch });
    cleanups.push(() => host.close());
    const api2 = createClient(inProcessTransport(host.handlers, host.bus));
    const done = await sweepEnd(api2, sweep.id, 120_000, 100);
    expect(done.status).toBe('completed');
    expect(done.trials.map((t) => t.state)).toEqual(['completed', 'completed']);
    expect(second.handles).toHaveLength(1); // only seed 2: seed 1 is not trained again
    for (const id of ids) {
      expect((await api2.call('experiments.get', { id })).epochs.map((e) => e.epoch)).toEqual([1]);
      const evals = host.repos.db
        .prepare("SELECT count(*) AS n FROM evaluations WHERE experiment_id = ? AND split = 'test'")
        .get(id) as { n: number };
      expect(evals.n).toBe(1);
    }

    // The seed statistics of compare still see one group of two runs.
    const c = await api2.call('experiments.compare', { ids });
    expect(c.diff).toEqual([{ param: 'seed', label: 'Random seed', values: [1, 2], shown: ['1', '2'] }]);
    expect(c.groups).toHaveLength(1);
    expect(c.groups[0]).toMatchObject({ label: 'tiny', seeds: [1, 2] });
    expect(c.groups[0].testAccuracy.n).toBe(2);
  });
});
