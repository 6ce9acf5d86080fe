import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from '../src/shared/api/client';
import { chain } from '../src/shared/templates';
import { inProcessTransport } from '../src/main/transport/in-process';
import { tempHost, waitFor } from './helpers';

const env = tempHost();
afterAll(() => env.cleanup());

const { graph } = chain([
  { kind: 'InputImage', name: 'input', params: { height: 28, width: 28, channels: 1 } },
  { kind: 'Flatten', name: 'flatten', params: {} },
  { kind: 'Dense', name: 'hidden', params: { units: 32, activation: 'relu' } },
  { kind: 'Output', name: 'out', params: { classes: 10, activation: 'softmax', loss: 'sparseCategoricalCrossentropy' } },
]);

describe('pause and continue a real run', () => {
  it('a paused run makes no progress but stays running (heartbeat on), then finishes after continue', async () => {
    const api = createClient(inProcessTransport(env.host.handlers, env.host.bus));
    let progress = 0;
    const statuses: { paused?: boolean }[] = [];
    api.on('training.progress', () => void progress++);
    api.on('training.status', (s) => void statuses.push(s));
    const exp = await api.call('experiments.create', {
      name: 'pausable',
      graph,
      datasetId: 'builtin:mnist',
      hyperparams: { epochs: 3, trainLimit: 3000, testLimit: 100, batchSize: 16 },
    });
    await api.call('training.start', { id: exp.id });
    await waitFor(() => progress >= 2, 60_000, 'progress');
    expect(await api.call('training.pause', { id: exp.id })).toEqual({ paused: true });
    await new Promise((r) => setTimeout(r, 700)); // let in-flight progress drain
    const frozen = progress;
    await new Promise((r) => setTimeout(r, 2000));
    expect(progress).toBe(frozen);
    expect(env.host.repos.experiments.get(exp.id)?.status).toBe('running');
    expect(statuses.some((s) => s.paused === true)).toBe(true);
    // A page opened or reloaded now reads the run as paused (it offers Continue, not Pause).
    expect((await api.call('experiments.get', { id: exp.id })).paused).toBe(true);
    expect(await api.call('training.continue', { id: exp.id })).toEqual({ paused: false });
    expect((await api.call('experiments.get', { id: exp.id })).paused).toBe(false);
    await waitFor(() => env.host.repos.experiments.get(exp.id)?.status === 'completed', 120_000, 'completed');
    expect(progress).toBeGreaterThan(frozen);
    expect(env.host.repos.experiments.epochs(exp.id)).toHaveLength(3);
  });
});
