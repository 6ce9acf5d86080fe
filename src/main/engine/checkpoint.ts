import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

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

/** Write `data` to `file` atomically: temp file, fsync, rename, fsync the folder. */
export function writeFileAtomic(file: string, data: Uint8Array): void {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    const half = data.length >> 1;
    writeSync(fd, data, 0, half);
    crashPoint('checkpoint-write');
    writeSync(fd, data, half, data.length - half);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  fsyncDir(join(file, '..'));
}

const fileFor = (dir: string, epoch: number) => join(dir, `epoch-${String(epoch).padStart(5, '0')}.ckpt`);

/**
 * Save model weights and optimizer state after `epoch` as one self-checking file
 * (magic, header length, JSON header with a SHA-256 of the payload, float32 payload). Keeps the newest two.
 */
export async function writeCheckpoint(dir: string, epoch: number, model: tf.LayersModel): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const named: { name: string; tensor: tf.Tensor }[] = model.weights.map((w) => ({ name: w.originalName, tensor: w.read() }));
  const optimizerWeights = await model.optimizer.getWeights();
  const chunks: Float32Array[] = [];
  let offset = 0;
  const entries = (list: { name: string; tensor: tf.Tensor }[]) =>
    list.map(({ name, tensor }) => {
      const data = tensor.dataSync() as Float32Array;
      const entry = { name, shape: tensor.shape, offset, length: data.length };
      chunks.push(Float32Array.from(data));
      offset += data.length;
      return entry;
    });
  const weights = entries(named);
  const optimizer = entries(optimizerWeights);
  // getWeights() hands back a fresh `iter` scalar each call; variables stay owned by the optimizer.
  for (const w of optimizerWeights) if (!(w.tensor instanceof tf.Variable)) w.tensor.dispose();
  const payload = new Float32Array(offset);
  let at = 0;
  for (const c of chunks) {
    payload.set(c, at);
    at += c.length;
  }
  const payloadBytes = new Uint8Array(payload.buffer);
  const header: Header = { epoch, weights, optimizer, sha256: createHash('sha256').update(payloadBytes).digest('hex') };
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
  if (createHash('sha256').update(payloadBytes).digest('hex') !== header.sha256)
    return { ok: false, reason: 'checksum mismatch (torn write)' };
  const payload = new Float32Array(payloadBytes.buffer.slice(payloadBytes.byteOffset, payloadBytes.byteOffset + payloadBytes.length));
  return { ok: true, epoch: header.epoch, weights: header.weights, optimizer: header.optimizer, payload };
}

/**
 * Restore the newest valid checkpoint at or before `maxEpoch` into a compiled model (weights and
 * optimizer state). Torn or damaged files are skipped. Returns the restored epoch, or 0 when none.
 */
export async function restoreCheckpoint(dir: string, maxEpoch: number, model: tf.LayersModel): Promise<number> {
  for (const c of listCheckpoints(dir).reverse()) {
    if (c.epoch > maxEpoch) continue;
    const ck = readCheckpoint(join(dir, c.file));
    if (!ck.ok) continue;
    const tensor = (e: TensorEntry) => tf.tensor(ck.payload.subarray(e.offset, e.offset + e.length), e.shape);
    if (ck.weights.length !== model.weights.length) continue;
    const ws = ck.weights.map(tensor);
    model.setWeights(ws);
    tf.dispose(ws);
    const optimizerTensors = ck.optimizer.map((e) => ({ name: e.name, tensor: tensor(e) }));
    await model.optimizer.setWeights(optimizerTensors);
    tf.dispose(optimizerTensors.map((t) => t.tensor));
    replayAdamAccumulators(model.optimizer);
    return ck.epoch;
  }
  return 0;
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
