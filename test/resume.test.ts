import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTraining, TrainingCancelled } from '../src/main/engine/train';
import { listCheckpoints } from '../src/main/engine/checkpoint';
import { hyperparamsSchema } from '../src/shared/api/schemas';
import { chain } from '../src/shared/templates';
import { mnistJob, wasmTrainingDir } from './train-fixture';

const dir = wasmTrainingDir('layerlab-resume-');

// A small graph with Dropout, so the test also covers reproducible randomness.
const { graph } = chain([
  { kind: 'InputImage', name: 'input', params: { height: 28, width: 28, channels: 1 } },
  { kind: 'Flatten', name: 'flatten', params: {} },
  { kind: 'Dense', name: 'hidden', params: { units: 32, activation: 'relu' } },
  { kind: 'Dropout', name: 'drop', params: { rate: 0.2 } },
  { kind: 'Output', name: 'out', params: { classes: 10, activation: 'softmax', loss: 'sparseCategoricalCrossentropy' } },
]);
const job = (name: string, resumeFromEpoch = 0) =>
  mnistJob(dir, name, graph, { epochs: 3, trainLimit: 600, testLimit: 100, batchSize: 50, seed: 7 }, resumeFromEpoch);
const weightsOf = (runDir: string) => readFileSync(join(runDir, 'model', 'weights.bin'));
const quiet = { onProgress: () => undefined, onEpoch: () => undefined };

describe('checkpoints and resume', () => {
  it('an interrupted-and-resumed run ends with the same weights as an uninterrupted one (fixed seed, CPU backend)', async () => {
    await runTraining(job('straight'), { ...quiet, control: () => 'run' });
    // Stop the second run during epoch 2 (after epoch 1's checkpoint), as a crash would.
    let epochsDone = 0;
    let batches = 0;
    await expect(
      runTraining(job('broken'), { onProgress: () => undefined, onEpoch: () => void epochsDone++, control: () => (epochsDone >= 1 && ++batches > 3 ? 'stop' : 'run') }),
    ).rejects.toBeInstanceOf(TrainingCancelled);
    expect(listCheckpoints(join(dir, 'broken', 'checkpoints')).map((c) => c.epoch)).toEqual([1]);
    const seen: number[] = [];
    await runTraining(job('broken', 1), { onProgress: () => undefined, onEpoch: (m) => void seen.push(m.epoch), control: () => 'run' });
    expect(seen).toEqual([2, 3]);
    expect(weightsOf(join(dir, 'broken')).equals(weightsOf(join(dir, 'straight')))).toBe(true);
  });

  it('a torn newest checkpoint is detected and the previous one is used', async () => {
    const ckDir = join(dir, 'straight', 'checkpoints');
    const files = listCheckpoints(ckDir);
    expect(files.map((f) => f.epoch)).toEqual([2, 3]);
    const newest = join(ckDir, files[1].file);
    const bytes = readFileSync(newest);
    writeFileSync(newest, bytes.subarray(0, bytes.length - 100)); // torn write
    const seen: number[] = [];
    await runTraining(job('straight', 3), { onProgress: () => undefined, onEpoch: (m) => void seen.push(m.epoch), control: () => 'run' });
    expect(seen).toEqual([3]); // restarted after epoch 2, the newest intact checkpoint
  });

  it('holds no more tensors after epoch 10 than after epoch 2 (no leaks)', async () => {
    const counts: Record<number, number> = {};
    await runTraining(
      { ...job('leak'), hyperparams: hyperparamsSchema.parse({ epochs: 10, trainLimit: 200, testLimit: 50, batchSize: 50 }) },
      { ...quiet, onEpoch: (m) => void (counts[m.epoch] = tf.memory().numTensors), control: () => 'run' },
    );
    expect(counts[10]).toBe(counts[2]);
  });
});
