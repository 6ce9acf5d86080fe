/**
 * Fixture for tests that train in this process on the wasm backend. Kept apart from helpers.ts: importing
 * it loads tfjs-backend-wasm, which would make wasm the default backend of any file that imports it.
 */
import { afterAll, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerWasmTrainingKernels } from '../src/main/engine/kernels';
import type { TrainHooks } from '../src/main/engine/train';
import { hyperparamsSchema } from '../src/shared/api/schemas';
import type { EpochMetrics } from '../src/shared/api/types';
import type { TrainJob } from '../src/main/engine/protocol';

/** A fresh temp folder, removed after this file's tests; the wasm training kernels are set up before them. */
export function wasmTrainingDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  beforeAll(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
    await tf.ready();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A job training `graph` on builtin MNIST, run in `dir`/`name`. */
export function mnistJob(
  dir: string,
  name: string,
  graph: TrainJob['graph'],
  hyperparams: Record<string, unknown>,
  resumeFromEpoch = 0,
): TrainJob {
  return {
    experimentId: name,
    graph,
    hyperparams: hyperparamsSchema.parse(hyperparams),
    datasetId: 'builtin:mnist',
    runDir: join(dir, name),
    dataDir: dir,
    resumeFromEpoch,
    pinnedBackend: null,
  };
}

/** Hooks that keep running and push each epoch's metrics onto `epochs`. */
export const collectEpochs = (epochs: EpochMetrics[]): TrainHooks => ({
  onProgress: () => undefined,
  onEpoch: (m) => void epochs.push(m),
  control: () => 'run',
});
