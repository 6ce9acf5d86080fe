import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHost, type Host } from '../src/main/host';
import { launchChildTrainer, type LaunchTrainer, type TrainerHandle } from '../src/main/engine/launch-child';
import type { ApiClient } from '../src/shared/api/client';
import type { ApiError } from '../src/shared/api/errors';
import { chain } from '../src/shared/templates';

/** The crash suites' small conv net for 28×28 MNIST: epochs long enough to kill a trainer mid-run. */
export const { graph: smallConvGraph } = chain([
  { kind: 'InputImage', name: 'input', params: { height: 28, width: 28, channels: 1 } },
  { kind: 'Conv2D', name: 'conv', params: { filters: 8, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu' } },
  { kind: 'MaxPool2D', name: 'pool', params: { poolSize: 2, strides: 0, padding: 'valid' } },
  { kind: 'Flatten', name: 'flatten', params: {} },
  { kind: 'Output', name: 'out', params: { classes: 10, activation: 'softmax', loss: 'sparseCategoricalCrossentropy' } },
]);

/** A real host over a real SQLite file in a fresh temp folder. Call cleanup() in afterAll. */
export function tempHost(launchTrainer: LaunchTrainer = launchChildTrainer): { host: Host; dataDir: string; cleanup(): void } {
  const dataDir = mkdtempSync(join(tmpdir(), 'layerlab-test-'));
  const host = createHost({ dataDir, host: 'cli', launchTrainer });
  return {
    host,
    dataDir,
    cleanup() {
      host.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Wait until `check` returns a value (polling), or fail after `ms`. */
export async function waitFor<T>(check: () => T | undefined | null | false, ms = 60_000, what = 'condition'): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Launches real trainer processes and records every one, so a test can kill one. */
export function recordingLauncher(): { launch: LaunchTrainer; handles: TrainerHandle[] } {
  const handles: TrainerHandle[] = [];
  return { handles, launch: () => (handles.push(launchChildTrainer()), handles[handles.length - 1]) };
}

/** Poll a sweep until it is no longer running (its final detail), or fail after `ms`. */
export async function sweepEnd(api: ApiClient, id: string, ms = 120_000, pollMs = 200) {
  const until = Date.now() + ms;
  for (;;) {
    const d = await api.call('sweeps.get', { id });
    if (d.status !== 'running') return d;
    if (Date.now() > until) throw new Error(`sweep still running: ${JSON.stringify(d.trials.map((t) => t.state))}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** The error a call was refused with; fails when the call succeeds. */
export const refused = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return err as ApiError;
  }
  throw new Error('expected the call to be refused');
};
