import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { createClient } from '../src/shared/api/client';
import { inProcessTransport } from '../src/main/transport/in-process';
import { tempHost } from './helpers';

/** Image-folder import on real PNG and JPEG files made with sharp, plus broken and hostile ones. */
const env = tempHost();
const api = createClient(inProcessTransport(env.host.handlers, env.host.bus));
const root = join(env.dataDir, 'pets');
afterAll(() => env.cleanup());

/** A PNG whose header claims `w × h` pixels (with an empty IDAT): must be refused from the header, before decoding. */
function pngHeader(w: number, h: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', Buffer.from([0x78, 0x9c, 3, 0, 0, 0, 0, 1])), chunk('IEND', Buffer.alloc(0))]);
}

beforeAll(async () => {
  const colours = { cat: { r: 250, g: 20, b: 20 }, dog: { r: 20, g: 20, b: 250 } };
  for (const [cls, background] of Object.entries(colours)) {
    mkdirSync(join(root, cls), { recursive: true });
    for (let i = 0; i < 5; i++) {
      const img = sharp({ create: { width: 20 + i, height: 16, channels: 3, background } });
      await img.clone().png().toFile(join(root, cls, `p${i}.png`));
      await img.clone().jpeg().toFile(join(root, cls, `j${i}.jpg`));
    }
  }
  const good = readFileSync(join(root, 'cat', 'p0.png'));
  writeFileSync(join(root, 'cat', 'truncated.png'), good.subarray(0, Math.floor(good.length / 2)));
  writeFileSync(join(root, 'dog', 'note.png'), 'this is not an image');
  writeFileSync(join(root, 'dog', 'readme.txt'), 'hello');
  writeFileSync(join(root, 'dog', 'huge.png'), pngHeader(10_000, 8_000));
  writeFileSync(join(root, '.DS_Store'), 'x');
});

describe('datasets.importImages', () => {
  it('imports PNG and JPEG per class folder, resizes and scales to 0..1, and lists the files it skipped', async () => {
    const r = await api.call('datasets.importImages', {
      directory: root,
      name: 'pets',
      width: 8,
      height: 6,
      color: 'rgb',
      split: { train: 0.6, val: 0.2, test: 0.2 },
      seed: 1,
    });
    expect(r).toMatchObject({ kind: 'image', inputShape: [6, 8, 3], classes: ['cat', 'dog'], trainCount: 12, valCount: 4, testCount: 4 });
    expect(r.skipped.map((s) => s.file)).toEqual(['cat/truncated.png', 'dog/huge.png', 'dog/note.png', 'dog/readme.txt']);
    expect(r.skipped.find((s) => s.file === 'dog/huge.png')?.reason).toMatch(/over the limit of 40,000,000 pixels/);
    const preview = await api.call('datasets.preview', { versionId: r.versionId, offset: 0, limit: 50 });
    expect(preview.total).toBe(20);
    expect(preview.classBalance).toEqual([
      { className: 'cat', train: 6, val: 2, test: 2 },
      { className: 'dog', train: 6, val: 2, test: 2 },
    ]);
    const cats = await api.call('datasets.images', { versionId: r.versionId, className: 'cat', limit: 3 });
    expect(cats.images).toHaveLength(3);
    const png = Buffer.from(cats.images[0].dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64');
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([8, 6]);
    expect(data[0]).toBeGreaterThan(200); // red stays red
    expect(data[2]).toBeLessThan(60);
  });

  it('grayscale gives one channel; stored values are within 0..1', async () => {
    const r = await api.call('datasets.importImages', { directory: root, name: 'pets-gray', width: 4, height: 4, color: 'grayscale' });
    expect(r.inputShape).toEqual([4, 4, 1]);
    const { loadDataset } = await import('../src/main/engine/data/load');
    const data = await loadDataset(r.datasetId, { train: 0, test: 0 }, { db: env.host.repos.db });
    expect(data.train.count + (data.val?.count ?? 0) + data.test.count).toBe(20);
    expect(Math.min(...data.train.x)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...data.train.x)).toBeLessThanOrEqual(1);
  });

  it('refuses a folder without two readable classes, and a missing folder', async () => {
    const lone = join(env.dataDir, 'lone', 'only');
    mkdirSync(lone, { recursive: true });
    writeFileSync(join(lone, 'x.png'), 'nope');
    await expect(api.call('datasets.importImages', { directory: join(env.dataDir, 'lone'), name: 'x' })).rejects.toThrow(
      /lone: 0 class folder\(s\) with readable images.*only\/x\.png/,
    );
    await expect(api.call('datasets.importImages', { directory: join(env.dataDir, 'absent'), name: 'x' })).rejects.toThrow(/Cannot read the folder/);
  });
});
