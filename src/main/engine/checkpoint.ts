import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { processAlive } from '../db/lock';

const MAGIC = 'LLCKPT01';

interface TensorEntry {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}
interface Header {
  epoch: number;
  weights: TensorEntry[];
  optimizer: TensorEntry[];
  sha256: string;
}

/** fsync a directory so a rename inside it survives a power cut. */
function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    fsyncSync(fd);
    closeSync(fd);
  } catch {
    // Some platforms (Windows) cannot open directories; the rename is still atomic there.
  }
}

const crashCounts = new Map<string, number>();

/**
 * Test-only crash hook (test/crash-points.test.ts): with LAYERLAB_CRASH_AT=<point>:<n> the process
 * SIGKILLs itself the n-th time it reaches <point> — batch, epoch-end, checkpoint-write (half a checkpoint
 * written), checkpoint-written (renamed, epoch not yet reported), model-save. A no-op when unset.
 */
export function crashPoint(point: string): void {
  const spec = process.env.LAYERLAB_CRASH_AT;
  if (!spec || spec.split(':')[0] !== point) return;
  const count = (crashCounts.get(point) ?? 0) + 1;
  crashCounts.set(point, count);
  if (count === Number(spec.split(':')[1])) process.kill(process.pid, 'SIGKILL');
}

/** How a checkpoint's bytes reach the file: node's writeSync, or a fault-injecting stand-in in tests. */
export type WriteBytes = (fd: number, data: Uint8Array, offset: number, length: number) => number;

/** Write all of `data[from, to)`: writeSync may write fewer bytes than asked (a nearly full disk). */
function writeAll(fd: number, data: Uint8Array, from: number, to: number, write: WriteBytes): void {
  for (let at = from; at < to; ) {
    const n = write(fd, data, at, to - at);
    if (!(n > 0)) throw Object.assign(new Error('no bytes could be written (no space left on device)'), { code: 'ENOSPC' });
    at += n;
  }
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Write `data` to `file` atomically: temp file, every byte written (short writes looped), fsync, then
 * read back and compared (length and SHA-256) before the rename, then fsync the folder. A write that
 * fails or does not read back leaves the previous file untouched and no temp file behind.
 */
export function writeFileAtomic(file: string, data: Uint8Array, write: WriteBytes = writeSync): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      const half = data.length >> 1;
      writeAll(fd, data, 0, half, write);
      crashPoint('checkpoint-write');
      writeAll(fd, data, half, data.length, write);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    const back = readFileSync(tmp);
    if (back.length !== data.length || sha256(back) !== sha256(data))
      throw new Error(`${file} did not read back as written (${back.length} of ${data.length} bytes, or different bytes); it was not saved.`);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  fsyncDir(join(file, '..'));
}

/** Temp files of writers that died mid-write (`*.tmp-<pid>` whose process is gone). */
function removeTornTemps(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /\.tmp-(\d+)$/.exec(name);
    if (m && Number(m[1]) !== process.pid && !processAlive(Number(m[1]))) rmSync(join(dir, name), { force: true });
  }
}

const fileFor = (dir: string, epoch: number) => join(dir, `epoch-${String(epoch).padStart(5, '0')}.ckpt`);

/**
 * Save model weights and optimizer state after `epoch` as one self-checking file
 * (magic, header length, JSON header with a SHA-256 of the payload, float32 payload). Keeps the newest two.
 */
export async function writeCheckpoint(dir: string, epoch: number, model: tf.LayersModel): Promise<string> {
  mkdirSync(dir, { recursive: true });
  removeTornTemps(dir);
  const named: { name: string; tensor: tf.Tensor }[] = model.weights.map((w) => ({ name: w.originalName, tensor: w.read() }));
  const optimizerWeights = await model.optimizer.getWeights();
  const chunks: Float32Array[] = [];
  let offset = 0;
  // data(), not dataSync(): the webgpu backend cannot read synchronously in Node. One tensor at a time,
  // in order, so the offsets follow the list.
  const entries = async (list: { name: string; tensor: tf.Tensor }[]) => {
    const out: { name: string; shape: number[]; offset: number; length: number }[] = [];
    for (const { name, tensor } of list) {
      const data = (await tensor.data()) as Float32Array;
      out.push({ name, shape: tensor.shape, offset, length: data.length });
      chunks.push(Float32Array.from(data));
      offset += data.length;
    }
    return out;
  };
  const weights = await entries(named);
  const optimizer = await entries(optimizerWeights);
  // getWeights() hands back a fresh `iter` scalar each call; variables stay owned by the optimizer.
  for (const w of optimizerWeights) if (!(w.tensor instanceof tf.Variable)) w.tensor.dispose();
  const payload = new Float32Array(offset);
  let at = 0;
  for (const c of chunks) {
    payload.set(c, at);
    at += c.length;
  }
  const payloadBytes = new Uint8Array(payload.buffer);
  const header: Header = { epoch, weights, optimizer, sha256: sha256(payloadBytes) };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  // Pad the header so the float payload stays 4-byte aligned.
  const pad = (4 - ((MAGIC.length + 4 + headerBytes.length) % 4)) % 4;
  const out = new Uint8Array(MAGIC.length + 4 + headerBytes.length + pad + payloadBytes.length);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(MAGIC.length, headerBytes.length + pad, true);
  out.set(headerBytes, MAGIC.length + 4);
  out.fill(0x20, MAGIC.length + 4 + headerBytes.length, MAGIC.length + 4 + headerBytes.length + pad);
  out.set(payloadBytes, MAGIC.length + 4 + headerBytes.length + pad);
  const file = fileFor(dir, epoch);
  writeFileAtomic(file, out);
  crashPoint('checkpoint-written');
  for (const old of listCheckpoints(dir).slice(0, -2)) rmSync(join(dir, old.file), { force: true });
  return file;
}

/** Checkpoint files in a folder, oldest first. */
export function listCheckpoints(dir: string): { epoch: number; file: string }[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((file) => ({ file, m: /^epoch-(\d+)\.ckpt$/.exec(file) }))
    .filter((f) => f.m)
    .map((f) => ({ epoch: Number(f.m![1]), file: f.file }))
    .sort((a, b) => a.epoch - b.epoch);
}

/** A parsed, verified checkpoint, or the reason it cannot be used (torn, wrong file). */
export function readCheckpoint(
  file: string,
): { ok: true; epoch: number; weights: TensorEntry[]; optimizer: TensorEntry[]; payload: Float32Array } | { ok: false; reason: string } {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
  if (buf.length < MAGIC.length + 4 || buf.subarray(0, MAGIC.length).toString('latin1') !== MAGIC)
    return { ok: false, reason: 'not a LayerLab checkpoint' };
  const headerLen = buf.readUInt32LE(MAGIC.length);
  const start = MAGIC.length + 4 + headerLen;
  if (start > buf.length) return { ok: false, reason: 'truncated header' };
  let header: Header;
  try {
    header = JSON.parse(buf.subarray(MAGIC.length + 4, start).toString('utf8')) as Header;
  } catch {
    return { ok: false, reason: 'damaged header' };
  }
  const payloadBytes = buf.subarray(start);
  if (sha256(payloadBytes) !== header.sha256)
    return { ok: false, reason: 'checksum mismatch (torn write)' };
  const payload = new Float32Array(payloadBytes.buffer.slice(payloadBytes.byteOffset, payloadBytes.byteOffset + payloadBytes.length));
  return { ok: true, epoch: header.epoch, weights: header.weights, optimizer: header.optimizer, payload };
}

/** What a restore did: the epoch restored (0 = none), and the newer checkpoints it passed over, and why. */
export interface RestoreOutcome {
  epoch: number;
  skipped: { epoch: number; file: string; reason: string }[];
}

/**
 * Restore the newest valid checkpoint at or before `maxEpoch` into a compiled model (weights and
 * optimizer state). Torn or damaged files are skipped and listed, so the caller can say which one it used.
 */
export async function restoreNewestCheckpoint(dir: string, maxEpoch: number, model: tf.LayersModel): Promise<RestoreOutcome> {
  const skipped: RestoreOutcome['skipped'] = [];
  for (const c of listCheckpoints(dir).reverse()) {
    if (c.epoch > maxEpoch) continue;
    const ck = readCheckpoint(join(dir, c.file));
    if (!ck.ok) {
      skipped.push({ epoch: c.epoch, file: c.file, reason: ck.reason });
      continue;
    }
    if (ck.weights.length !== model.weights.length) {
      skipped.push({ epoch: c.epoch, file: c.file, reason: 'it belongs to a different model' });
      continue;
    }
    const tensor = (e: TensorEntry) => tf.tensor(ck.payload.subarray(e.offset, e.offset + e.length), e.shape);
    const ws = ck.weights.map(tensor);
    model.setWeights(ws);
    tf.dispose(ws);
    const optimizerTensors = ck.optimizer.map((e) => ({ name: e.name, tensor: tensor(e) }));
    await model.optimizer.setWeights(optimizerTensors);
    tf.dispose(optimizerTensors.map((t) => t.tensor));
    replayAdamAccumulators(model.optimizer);
    return { epoch: ck.epoch, skipped };
  }
  return { epoch: 0, skipped };
}

/** restoreNewestCheckpoint's epoch alone (best-weights restore, where a fallback needs no words). */
export async function restoreCheckpoint(dir: string, maxEpoch: number, model: tf.LayersModel): Promise<number> {
  return (await restoreNewestCheckpoint(dir, maxEpoch, model)).epoch;
}

/**
 * The plain-words account of a resume that could not start where asked, or null when it did. A resume
 * never silently restarts from epoch 1 over a torn checkpoint.
 */
export function describeResume(asked: number, outcome: RestoreOutcome): string | null {
  if (outcome.epoch === asked) return null;
  const torn = outcome.skipped.map((s) => `epoch ${s.epoch} (${s.reason})`).join(', ');
  const why = torn ? `the checkpoint of ${torn} cannot be used` : `no checkpoint of epoch ${asked} was found`;
  return outcome.epoch > 0
    ? `Resumed from the checkpoint of epoch ${outcome.epoch}, the newest valid one: ${why}. Epochs after ${outcome.epoch} are trained again.`
    : `No valid checkpoint was found (${why}), so training restarts from epoch 1.`;
}

/**
 * tfjs's Adam restores beta1^t with one pow(), but while training it multiplies step by step; the two
 * differ in the last float32 bit. Replaying the same multiplications makes a resumed run bit-identical
 * to an uninterrupted one.
 */
function replayAdamAccumulators(optimizer: tf.Optimizer): void {
  const adam = optimizer as unknown as { accBeta1?: tf.Variable; accBeta2?: tf.Variable; beta1: number; beta2: number; iterations: number };
  if (!adam.accBeta1 || !adam.accBeta2) return;
  tf.tidy(() => {
    let b1: tf.Scalar = tf.scalar(adam.beta1);
    let b2: tf.Scalar = tf.scalar(adam.beta2);
    for (let i = 0; i < adam.iterations; i++) {
      b1 = tf.mul(b1, adam.beta1);
      b2 = tf.mul(b2, adam.beta2);
    }
    adam.accBeta1!.assign(b1);
    adam.accBeta2!.assign(b2);
  });
}
