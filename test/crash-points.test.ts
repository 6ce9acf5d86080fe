import { afterAll, describe, expect, it } from 'vitest';
import { fork } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '../src/shared/api/client';
import { chain } from '../src/shared/templates';
import { inProcessTransport } from '../src/main/transport/in-process';
import { trainerEntry, type LaunchTrainer } from '../src/main/engine/launch-child';
import { listCheckpoints, readCheckpoint } from '../src/main/engine/checkpoint';
import { loadModelFiles } from '../src/main/engine/model-files';
import type { TrainerMessage } from '../src/main/engine/protocol';
import { tempHost, waitFor } from './helpers';

/**
 * The trainer is SIGKILLed at many points of a 10-epoch run (4 batches per epoch) through the test-only
 * LAYERLAB_CRASH_AT hook (src/main/engine/checkpoint.ts crashPoint). After each kill the run must read
 * `interrupted`, hold exactly one metrics row per committed epoch, keep only whole checkpoints, load the
 * newest valid one (a torn one is skipped), resume to the end and pass PRAGMA integrity_check.
 * Quick run: 6 points; SOAK=1 (npm run test:soak): all of them.
 */
const { graph } = chain([
  { kind: 'InputImage', name: 'input', params: { height: 28, width: 28, channels: 1 } },
  { kind: 'Flatten', name: 'flatten', params: {} },
  { kind: 'Dense', name: 'hidden', params: { units: 16, activation: 'relu' } },
  { kind: 'Output', name: 'out', params: { classes: 10, activation: 'softmax', loss: 'sparseCategoricalCrossentropy' } },
]);
const EPOCHS = 10;
const BATCHES = 4;
const hyperparams = { epochs: EPOCHS, trainLimit: 200, testLimit: 100, batchSize: 50, validationSplit: 0, seed: 3 };

interface Point {
  spec: string;
  /** Epochs the host must have committed when the trainer dies (a range when the kill races a message). */
  committed: [number, number];
  /** Simulate a power cut on top: tear the newest checkpoint file before resuming. */
  tear?: boolean;
}
const at = (spec: string, lo: number, hi = lo, tear = false): Point => ({ spec, committed: [lo, hi], tear });
const batch = (n: number, tear = false) => at(`batch:${n}`, Math.ceil(n / BATCHES) - 1, Math.ceil(n / BATCHES) - 1, tear);
// epoch-end fires right after the epoch message is handed to IPC: it may or may not reach the host.
const epochEnd = (n: number) => at(`epoch-end:${n}`, n - 1, n);
const ALL: Point[] = [
  batch(1), batch(3), batch(6), batch(11, true), batch(17), batch(26), batch(33, true), batch(40),
  epochEnd(1), epochEnd(4), epochEnd(7), epochEnd(10),
  at('checkpoint-write:1', 0), at('checkpoint-write:3', 2), at('checkpoint-write:6', 5, 5, true), at('checkpoint-write:10', 9),
  at('checkpoint-written:2', 1), at('checkpoint-written:5', 4), at('checkpoint-written:9', 8, 8, true),
  at('model-save:1', EPOCHS), at('model-save:1', EPOCHS, EPOCHS, true),
];
const QUICK = ['batch:6', 'batch:33', 'epoch-end:4', 'checkpoint-write:3', 'checkpoint-written:5', 'model-save:1'];
const POINTS = process.env.SOAK ? ALL : ALL.filter((p, i) => QUICK.includes(p.spec) && ALL.findIndex((q) => q.spec === p.spec) === i);

/** Forks real trainers; only the first one carries the crash spec (the resumed one runs clean). */
function crashingLauncher(spec: string): LaunchTrainer {
  let launches = 0;
  return () => {
    const { file, execArgv } = trainerEntry();
    const env = { ...process.env };
    if (launches++ === 0) env.LAYERLAB_CRASH_AT = spec;
    else delete env.LAYERLAB_CRASH_AT;
    const child = fork(file, [], { execArgv, env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'advanced' });
    return {
      pid: child.pid,
      send: (m) => void (child.connected && child.send(m)),
      onMessage: (cb) => child.on('message', (m) => cb(m as TrainerMessage)),
      onExit: (cb) => child.once('exit', (code, signal) => cb(code, signal)),
      kill: () => child.kill('SIGKILL'),
    };
  };
}

const envs: { cleanup(): void }[] = [];
afterAll(() => envs.forEach((e) => e.cleanup()));

/** Newest checkpoint that verifies, at or before `maxEpoch` (what restoreCheckpoint will pick), or 0. */
function newestValid(dir: string, maxEpoch: number): number {
  for (const c of listCheckpoints(dir).reverse()) if (c.epoch <= maxEpoch && readCheckpoint(join(dir, c.file)).ok) return c.epoch;
  return 0;
}

describe.concurrent(`SIGKILL of the trainer at ${POINTS.length} points of a ${EPOCHS}-epoch run`, () => {
  for (const point of POINTS) {
    it(`${point.spec}${point.tear ? ' + torn newest checkpoint' : ''}`, async () => {
      const env = tempHost(crashingLauncher(point.spec));
      envs.push(env);
      const { repos } = env.host;
      const api = createClient(inProcessTransport(env.host.handlers, env.host.bus));
      const exp = await api.call('experiments.create', { name: point.spec, graph, datasetId: 'builtin:mnist', hyperparams });
      const runDir = join(env.dataDir, 'experiments', exp.id);
      const ckDir = join(runDir, 'checkpoints');
      await api.call('training.start', { id: exp.id });
      const dead = await waitFor(() => {
        const e = repos.experiments.get(exp.id);
        return e && e.status !== 'running' ? e : null;
      }, 90_000, `the kill at ${point.spec}`);
      expect(dead.status).toBe('interrupted');
      expect(dead.error).toMatch(/SIGKILL/);

      // One row per committed epoch, no gaps, nothing past the checkpoint marker.
      const committed = dead.checkpoint_epoch;
      expect(committed).toBeGreaterThanOrEqual(point.committed[0]);
      expect(committed).toBeLessThanOrEqual(point.committed[1]);
      expect(repos.experiments.epochs(exp.id).map((e) => e.epoch)).toEqual(Array.from({ length: committed }, (_, i) => i + 1));
      // Atomic writes: every visible checkpoint verifies (a half-written one exists only under a temp name).
      for (const c of listCheckpoints(ckDir)) expect(readCheckpoint(join(ckDir, c.file))).toMatchObject({ ok: true });
      if (point.spec.startsWith('checkpoint-write')) expect(readdirSync(ckDir).some((f) => f.includes('.tmp-'))).toBe(true);
      // No half-written model is visible: either no model folder or both files.
      if (existsSync(join(runDir, 'model'))) expect(readdirSync(join(runDir, 'model')).sort()).toEqual(['model.json', 'weights.bin']);
      expect(repos.db.pragma('integrity_check', { simple: true })).toBe('ok');

      if (point.tear) {
        const newest = listCheckpoints(ckDir).filter((c) => c.epoch <= committed).pop();
        if (newest) {
          const file = join(ckDir, newest.file);
          writeFileSync(file, readFileSync(file).subarray(0, 200)); // a power cut mid-write
          expect(readCheckpoint(file)).toMatchObject({ ok: false });
        }
      }
      const restoreFrom = newestValid(ckDir, committed);
      if (!point.tear) expect(restoreFrom).toBe(committed);

      const resumedEpochs: number[] = [];
      const off = env.host.bus.subscribe((name, payload) => {
        if (name === 'training.epoch') resumedEpochs.push((payload as { metrics: { epoch: number } }).metrics.epoch);
      });
      await api.call('training.resume', { id: exp.id });
      const done = await waitFor(() => {
        const e = repos.experiments.get(exp.id);
        return e && e.status !== 'running' ? e : null;
      }, 90_000, 'the resumed run');
      off();
      expect(done.error).toBeNull();
      expect(done.status).toBe('completed');
      // The resumed trainer restarted right after the newest valid checkpoint.
      expect(resumedEpochs).toEqual(Array.from({ length: EPOCHS - restoreFrom }, (_, i) => restoreFrom + i + 1));
      expect(repos.experiments.epochs(exp.id).map((e) => e.epoch)).toEqual(Array.from({ length: EPOCHS }, (_, i) => i + 1));
      expect(repos.db.pragma('integrity_check', { simple: true })).toBe('ok');
      if (point.spec.startsWith('model-save')) {
        const model = await loadModelFiles(join(runDir, 'model'));
        expect(model.outputs[0].shape).toEqual([null, 10]);
        model.dispose();
        // experiments.saveModel writes under temp names and renames: only the two whole files remain.
        const out = join(env.dataDir, 'saved');
        await api.call('experiments.saveModel', { id: exp.id, directory: out });
        expect(readdirSync(out).sort()).toEqual(['model.json', 'weights.bin']);
        expect(readFileSync(join(out, 'weights.bin')).equals(readFileSync(join(runDir, 'model', 'weights.bin')))).toBe(true);
      }
    });
  }
});

describe('a kill while model files are exported', () => {
  const saveIn = (dir: string, bias: number, crash?: string) =>
    new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      const env = { ...process.env };
      if (crash) env.LAYERLAB_CRASH_AT = crash;
      else delete env.LAYERLAB_CRASH_AT;
      const child = fork(join(import.meta.dirname, 'fixtures/save-model-child.ts'), [dir, String(bias)], {
        execArgv: ['--import', 'tsx'],
        env,
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      child.once('exit', (code, signal) => resolve({ code, signal }));
    });
  const biasOf = async (dir: string) => {
    const model = await loadModelFiles(dir);
    const b = Array.from(model.layers[0].getWeights()[1].dataSync());
    model.dispose();
    return b;
  };

  it('saveModelFiles killed half-way leaves the previous model whole and loadable, never a half-written one', async () => {
    const env = tempHost();
    envs.push(env);
    const dir = join(env.dataDir, 'export', 'model');
    expect(await saveIn(dir, 1)).toEqual({ code: 0, signal: null });
    expect(await biasOf(dir)).toEqual([1, 1]);
    expect(await saveIn(dir, 2, 'model-save:1')).toMatchObject({ signal: 'SIGKILL' });
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
    expect(await biasOf(dir)).toEqual([1, 1]);
    // A kill on the very first save leaves no model folder at all (only a temp sibling).
    const fresh = join(env.dataDir, 'export', 'fresh');
    expect(await saveIn(fresh, 3, 'model-save:1')).toMatchObject({ signal: 'SIGKILL' });
    expect(existsSync(fresh)).toBe(false);
    expect(await saveIn(fresh, 3)).toEqual({ code: 0, signal: null });
    expect(await biasOf(fresh)).toEqual([3, 3]);
  });
});
