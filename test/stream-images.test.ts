import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { createClient } from '../src/shared/api/client';
import { inProcessTransport } from '../src/main/transport/in-process';
import { datasetDataRepo } from '../src/main/db/repos/dataset-data';
import { CHUNK_BYTES } from '../src/main/engine/data/prepared';
import { tempHost } from './helpers';

/**
 * The streaming image import (decoded and written a chunk at a time) against the in-memory import of the
 * same folder: with every image readable both make the same seeded stratified split, so the stored
 * chunks must be byte-identical. Real PNG files made with sharp, a real database.
 */
const env = tempHost();
const api = createClient(inProcessTransport(env.host.handlers, env.host.bus));
const repo = datasetDataRepo(env.host.repos.db);
afterAll(() => {
  delete process.env.LAYERLAB_STREAM_IMPORT_ABOVE_MB;
  env.cleanup();
});

const SIDE = 48;
/** Images per class: 48×48 RGB is 27 KB of floats, so a 2 MB chunk holds 75 and each split spans chunks. */
const PER_CLASS = 70;

async function writeFolder(root: string, classes: string[]): Promise<void> {
  for (const [k, cls] of classes.entries()) {
    mkdirSync(join(root, cls), { recursive: true });
    for (let i = 0; i < PER_CLASS; i++) {
      const pixels = Buffer.alloc(SIDE * SIDE * 3);
      for (let p = 0; p < SIDE * SIDE; p++) pixels[p * 3 + k] = (p * 7 + i * 13) % 256;
      await sharp(pixels, { raw: { width: SIDE, height: SIDE, channels: 3 } }).png().toFile(join(root, cls, `img${String(i).padStart(3, '0')}.png`));
    }
  }
}

const options = { width: SIDE, height: SIDE, color: 'rgb' as const, split: { train: 0.8, val: 0.1, test: 0.1 }, seed: 5 };
const blobs = (versionId: string, split: 'train' | 'val' | 'test') => [...repo.chunks(versionId, split)].map((c) => ({ count: c.count, x: c.x.toString('base64'), y: c.y.toString('base64') }));
const staged = () => (env.host.repos.db.prepare('SELECT (SELECT COUNT(*) FROM staged_chunks) + (SELECT COUNT(*) FROM staged_rows) AS n').get() as { n: number }).n;

describe('streaming image import', () => {
  it('writes the same chunks as the in-memory import, a chunk at a time', async () => {
    const root = join(env.dataDir, 'pictures');
    await writeFolder(root, ['red', 'green', 'blue']);
    process.env.LAYERLAB_STREAM_IMPORT_ABOVE_MB = '1000';
    const memory = await api.call('datasets.importImages', { directory: root, name: 'in memory', ...options });
    process.env.LAYERLAB_STREAM_IMPORT_ABOVE_MB = '1';
    const streamed = await api.call('datasets.importImages', { directory: root, name: 'streamed', ...options });
    expect(JSON.parse(repo.meta(streamed.versionId)!.recipe)).toEqual(JSON.parse(repo.meta(memory.versionId)!.recipe));
    expect(streamed).toMatchObject({ classes: memory.classes, trainCount: memory.trainCount, valCount: memory.valCount, testCount: memory.testCount, inputShape: [SIDE, SIDE, 3] });
    expect(Math.floor(CHUNK_BYTES / (SIDE * SIDE * 3 * 4))).toBeLessThan(streamed.trainCount);
    for (const split of ['train', 'val', 'test'] as const) {
      const a = blobs(streamed.versionId, split);
      expect(a.length).toBeGreaterThan(split === 'train' ? 1 : 0);
      expect(a).toEqual(blobs(memory.versionId, split));
    }
    // The preview lists every image once, with its split and class.
    const rows = repo.rows(streamed.versionId, 0, 1000);
    expect(rows.total).toBe(3 * PER_CLASS);
    expect(new Set(rows.rows.map((r) => r[2])).size).toBe(3 * PER_CLASS);
    // Written as decoded, split by split (the in-memory import lists them in folder order): the streaming path ran.
    expect(rows.rows.slice(0, streamed.trainCount).every((r) => r[0] === 'train')).toBe(true);
    expect(repo.rows(memory.versionId, 0, streamed.trainCount).rows.every((r) => r[0] === 'train')).toBe(false);
    expect(staged()).toBe(0);
  });

  it('skips broken files, and names a class folder none of whose images can be read, storing nothing', async () => {
    const root = join(env.dataDir, 'broken');
    await writeFolder(root, ['cats', 'dogs']);
    writeFileSync(join(root, 'cats', 'zz-broken.png'), 'not an image');
    mkdirSync(join(root, 'empty'));
    process.env.LAYERLAB_STREAM_IMPORT_ABOVE_MB = '1';
    const r = await api.call('datasets.importImages', { directory: root, name: 'with a broken file', ...options });
    expect(r.classes).toEqual(['cats', 'dogs']);
    expect(r.trainCount + r.valCount + r.testCount).toBe(2 * PER_CLASS);
    expect(r.skipped.map((s) => s.file)).toEqual(['cats/zz-broken.png']);

    mkdirSync(join(root, 'birds'));
    writeFileSync(join(root, 'birds', 'a.png'), 'no');
    writeFileSync(join(root, 'birds', 'b.png'), 'nor this');
    const before = (await api.call('datasets.list', {})).length;
    await expect(api.call('datasets.importImages', { directory: root, name: 'unreadable class', ...options })).rejects.toThrow(/no readable image in the class folder\(s\) “birds”/);
    expect((await api.call('datasets.list', {})).length).toBe(before);
    expect(staged()).toBe(0);
  });
});
