import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { runTraining } from '../src/main/engine/train';
import { listCheckpoints, readCheckpoint, writeFileAtomic, type WriteBytes } from '../src/main/engine/checkpoint';
import { isDiskFull } from '../src/main/db';
import { chain } from '../src/shared/templates';
import { mnistJob, wasmTrainingDir } from './train-fixture';

/**
 * Checkpoints on a disk that misbehaves (issue 14): short writes are completed, a write that does not read
 * back is never renamed into place, and a resume over a torn checkpoint says which one it used.
 */
const dir = wasmTrainingDir('layerlab-ckpt-safety-');

const { graph } = chain([
  { kind: 'InputImage', name: 'input', params: { height: 28, width: 28, channels: 1 } },
  { kind: 'Flatten', name: 'flatten', params: {} },
  { kind: 'Dense', name: 'hidden', params: { units: 16, activation: 'relu' } },
  { kind: 'Output', name: 'out', params: { classes: 10, activation: 'softmax', loss: 'sparseCategoricalCrossentropy' } },
]);
const job = (name: string, resumeFromEpoch = 0) =>
  mnistJob(dir, name, graph, { epochs: 3, trainLimit: 300, testLimit: 100, batchSize: 50, seed: 3 }, resumeFromEpoch);

const bytes = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 31) % 251);
const folder = (name: string) => {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  return d;
};

describe('writeFileAtomic on a misbehaving disk', () => {
  it('short writes (7 bytes at a time) are looped until every byte is on disk', () => {
    const file = join(folder('short'), 'f.ckpt');
    let calls = 0;
    const short: WriteBytes = (fd, data, offset, length) => (calls++, writeSync(fd, data, offset, Math.min(length, 7)));
    writeFileAtomic(file, bytes, short);
    expect(Buffer.compare(readFileSync(file), Buffer.from(bytes))).toBe(0);
    expect(calls).toBeGreaterThan(1000);
  });

  it('a disk that accepts no more bytes: a disk-full error, the previous file intact, no temp file left', () => {
    const d = folder('nospace');
    const file = join(d, 'f.ckpt');
    writeFileSync(file, 'previous');
    let budget = 3000;
    const filling: WriteBytes = (fd, data, offset, length) => {
      const n = Math.min(length, budget);
      budget -= n;
      return n === 0 ? 0 : writeSync(fd, data, offset, n);
    };
    let err: unknown;
    try {
      writeFileAtomic(file, bytes, filling);
    } catch (e) {
      err = e;
    }
    expect(isDiskFull(err)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('previous');
    expect(readdirSync(d)).toEqual(['f.ckpt']);
  });

  it('bytes that do not read back as written (a lying disk) are never renamed into place', () => {
    const d = folder('lying');
    const file = join(d, 'f.ckpt');
    // Claims the whole length, writes only half: the file on disk ends short.
    const lying: WriteBytes = (fd, data, offset, length) => (writeSync(fd, data, offset, Math.ceil(length / 2)), length);
    expect(() => writeFileAtomic(file, bytes, lying)).toThrow(/did not read back as written/);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(d)).toEqual([]);
  });
});

describe('resume over torn checkpoints', () => {
  it('uses the newest valid checkpoint and says which; with none valid it says training restarts from epoch 1', async () => {
    await runTraining(job('torn'), { onProgress: () => undefined, onEpoch: () => undefined, control: () => 'run' });
    const ckDir = join(dir, 'torn', 'checkpoints');
    const files = listCheckpoints(ckDir);
    expect(files.map((f) => f.epoch)).toEqual([2, 3]);
    const tear = (file: string) => {
      const b = readFileSync(join(ckDir, file));
      writeFileSync(join(ckDir, file), b.subarray(0, b.length - 64));
    };
    tear(files[1].file);
    expect(readCheckpoint(join(ckDir, files[1].file))).toMatchObject({ ok: false });

    const said: { epoch: number; message: string }[] = [];
    const seen: number[] = [];
    const hooks = {
      onProgress: () => undefined,
      onEpoch: (m: { epoch: number }) => void seen.push(m.epoch),
      onResumed: (epoch: number, message: string) => void said.push({ epoch, message }),
      control: () => 'run' as const,
    };
    const r1 = await runTraining(job('torn', 3), hooks);
    expect(seen).toEqual([3]);
    expect(said).toEqual([{ epoch: 2, message: expect.stringMatching(/^Resumed from the checkpoint of epoch 2, the newest valid one: the checkpoint of epoch 3 \(checksum mismatch/) }]);
    expect(r1.notes?.[0]).toBe(said[0].message);

    // Both torn: never a silent restart.
    for (const f of listCheckpoints(ckDir)) tear(f.file);
    said.length = 0;
    seen.length = 0;
    await runTraining(job('torn', 3), hooks);
    expect(said).toEqual([{ epoch: 0, message: expect.stringMatching(/^No valid checkpoint was found \(.*epoch 3.*epoch 2.*\), so training restarts from epoch 1\.$/) }]);
    expect(seen).toEqual([1, 2, 3]);
  });
});
