import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { startWebServer } from '../src/main/transport/http-server';
import { newToken } from '../src/main/transport/security';
import { createUploadStore } from '../src/main/fs/uploads';
import { safeName, isSafeSegment } from '../src/main/fs/safe-paths';
import { expandHome, PATH_FIELDS, withUserPaths } from '../src/main/services/user-paths';
import { contract, type Handlers } from '../src/shared/api/contract';
import { createClient } from '../src/shared/api/client';
import { inProcessTransport } from '../src/main/transport/in-process';
import { refused, tempHost } from './helpers';

const LIMIT = 64 * 1024;
const env = tempHost();
const token = newToken();
let server: Awaited<ReturnType<typeof startWebServer>>;

beforeAll(async () => {
  server = await startWebServer({ handlers: env.host.handlers, bus: env.host.bus, token, files: { dataDir: env.dataDir, maxUploadBytes: LIMIT } });
});
afterAll(async () => {
  await server.app.close();
  env.cleanup();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each route answers its own shape
type Answer = { ok: boolean; result?: any; error?: { code: string; message: string } };

/** A raw HTTP request (exact headers, raw or JSON body). */
function raw(opts: {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer | string | object;
  auth?: boolean;
}): Promise<{ status: number; body: Buffer; headers: Record<string, unknown>; json: () => Answer }> {
  const isRaw = Buffer.isBuffer(opts.body);
  const body = isRaw ? (opts.body as Buffer) : opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  const headers: Record<string, string> = {
    ...(body !== undefined ? { 'content-type': isRaw ? 'application/octet-stream' : 'application/json' } : {}),
    ...(opts.auth === false ? {} : { 'x-layerlab-token': token }),
    ...opts.headers,
  };
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path: opts.path, method: opts.method ?? 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, body: buf, headers: res.headers, json: () => JSON.parse(buf.toString('utf8')) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const uploadsDir = () => join(env.dataDir, 'uploads');
/** Entries of the uploads folder other than the hidden in-progress area. */
const finished = () => (existsSync(uploadsDir()) ? readdirSync(uploadsDir()).filter((n) => n !== '.incoming') : []);
const incoming = () => (existsSync(join(uploadsDir(), '.incoming')) ? readdirSync(join(uploadsDir(), '.incoming')) : []);

async function begin(input: object) {
  const r = await raw({ path: '/files/uploads', body: input });
  return r.json();
}

/** Upload one file in pieces of `piece` bytes, as the page does. */
async function uploadFile(name: string, data: Buffer, piece = 1000) {
  const started = await begin({ kind: 'file', name, bytes: data.length });
  expect(started.ok).toBe(true);
  const id = started.result.id as string;
  for (let off = 0; off < data.length; off += piece) {
    const r = await raw({ path: `/files/uploads/${id}?offset=${off}`, method: 'PUT', body: data.subarray(off, off + piece) });
    expect(r.json()).toMatchObject({ ok: true });
  }
  return (await raw({ path: `/files/uploads/${id}/finish` })).json();
}

describe('uploads over real HTTP', () => {
  it('stores a file sent in pieces under <data>/uploads, byte for byte, with an untrusted name made safe', async () => {
    const csv = Buffer.from('a,b,label\n' + Array.from({ length: 300 }, (_, i) => `${i},${i * 2},${i % 3}`).join('\n'));
    const done = await uploadFile('../../Mes données (1).csv', csv);
    expect(done.ok).toBe(true);
    expect(done.result.name).toBe('Mes_donnees_1_.csv');
    expect(done.result.path).toBe(join(uploadsDir(), 'Mes_donnees_1_.csv'));
    expect(readFileSync(done.result.path).equals(csv)).toBe(true);
    // The same name again gets a fresh one; nothing is overwritten.
    const again = await uploadFile('Mes données (1).csv', Buffer.from('x\n1\n'));
    expect(again.result.name).toBe('Mes_donnees_1_-2.csv');
    expect(readFileSync(done.result.path).equals(csv)).toBe(true);
    expect(incoming()).toEqual([]);
  });

  it('the uploaded file is what import reads: inspect it by the returned path', async () => {
    const done = await uploadFile('iris-like.csv', Buffer.from('x,y,label\n1,2,a\n3,4,b\n5,6,a\n7,8,b\n'));
    const api = createClient(inProcessTransport(env.host.handlers, env.host.bus));
    const inspection = await api.call('datasets.inspectCsv', { path: done.result.path });
    expect(inspection.columns.map((c) => c.name)).toEqual(['x', 'y', 'label']);
  });

  it('keeps every file of a folder upload inside it, whatever the relative paths say', async () => {
    const files: [string, string][] = [
      ['cats/a.png', 'A'],
      ['../../../escape.png', 'B'],
      ['dogs/..\\..\\b.png', 'C'],
      ['/etc/passwd', 'D'],
    ];
    const bytes = files.reduce((n, [, d]) => n + d.length, 0);
    const started = await begin({ kind: 'folder', name: 'pets', bytes, files: files.length });
    const id = started.result.id;
    for (const [rel, data] of files) {
      const r = await raw({ path: `/files/uploads/${id}?offset=0&path=${encodeURIComponent(rel)}`, method: 'PUT', body: Buffer.from(data) });
      expect(r.json()).toMatchObject({ ok: true });
    }
    const done = (await raw({ path: `/files/uploads/${id}/finish` })).json();
    expect(done.result).toMatchObject({ name: 'pets', files: 4, bytes });
    const root = done.result.path as string;
    const listing = execFileSync('find', [root, '-type', 'f'], { encoding: 'utf8' }).trim().split('\n').map((p) => p.slice(root.length + 1)).sort();
    // `..` segments are dropped, never followed; nothing appeared next to the uploads folder or in /etc.
    expect(listing).toEqual(['cats/a.png', 'dogs/b.png', 'escape.png', 'etc/passwd']);
    expect(existsSync(join(env.dataDir, 'escape.png'))).toBe(false);
    expect(existsSync(join(uploadsDir(), 'escape.png'))).toBe(false);
  });

  it('refuses an upload past the size limit before a byte is stored, in words', async () => {
    const r = await begin({ kind: 'file', name: 'huge.csv', bytes: LIMIT + 1 });
    expect(r.ok).toBe(false);
    expect(r.error!.message).toMatch(/huge\.csv is 64 KB; uploads are limited to 64 KB/);
    expect(r.error!.message).toMatch(/type their path/);
    expect(incoming()).toEqual([]);
  });

  it('cancels an upload that sends more than it announced, and keeps nothing of it', async () => {
    const before = finished();
    const started = await begin({ kind: 'file', name: 'liar.csv', bytes: 10 });
    const id = started.result.id;
    const r = (await raw({ path: `/files/uploads/${id}?offset=0`, method: 'PUT', body: Buffer.alloc(20, 1) })).json();
    expect(r.ok).toBe(false);
    expect(r.error!.message).toMatch(/More data arrived than the 10 bytes announced/);
    expect(incoming()).toEqual([]);
    expect(finished()).toEqual(before);
    // Nor more files than announced (empty pieces would otherwise create files for free).
    const folder = await begin({ kind: 'folder', name: 'few', bytes: 2, files: 1 });
    await raw({ path: `/files/uploads/${folder.result.id}?offset=0&path=a.txt`, method: 'PUT', body: Buffer.from('a') });
    const extra = (await raw({ path: `/files/uploads/${folder.result.id}?offset=0&path=b.txt`, method: 'PUT', body: Buffer.from('b') })).json();
    expect(extra.error!.message).toBe('More files arrived than the 1 announced; the upload was cancelled.');
    expect(incoming()).toEqual([]);
    // A chunk bigger than one piece is refused by the server before it is read.
    const big = await begin({ kind: 'file', name: 'big.bin', bytes: LIMIT });
    const tooBig = await raw({ path: `/files/uploads/${big.result.id}?offset=0`, method: 'PUT', body: Buffer.alloc(5 * 2 ** 20) });
    expect(tooBig.status).toBe(413);
    await raw({ path: `/files/uploads/${big.result.id}`, method: 'DELETE' });
  });

  it('a partial upload leaves nothing half-written: not finishable, and cancelling removes it', async () => {
    const before = finished();
    const started = await begin({ kind: 'file', name: 'half.csv', bytes: 2000 });
    const id = started.result.id;
    await raw({ path: `/files/uploads/${id}?offset=0`, method: 'PUT', body: Buffer.alloc(1000, 65) });
    // Out-of-order piece: refused, the upload stays as it was.
    const gap = (await raw({ path: `/files/uploads/${id}?offset=1500`, method: 'PUT', body: Buffer.alloc(500, 65) })).json();
    expect(gap.error!.message).toMatch(/out of order/);
    const early = (await raw({ path: `/files/uploads/${id}/finish` })).json();
    expect(early.ok).toBe(false);
    expect(early.error!.message).toBe('half.csv is incomplete: 1000 bytes of 2 KB arrived.');
    expect(finished()).toEqual(before); // nothing under a final name
    expect(incoming()).toEqual([id]);
    expect((await raw({ path: `/files/uploads/${id}`, method: 'DELETE' })).json()).toMatchObject({ ok: true, result: { aborted: true } });
    expect(incoming()).toEqual([]);
    expect(finished()).toEqual(before);
    const late = (await raw({ path: `/files/uploads/${id}/finish` })).json();
    expect(late.error!.message).toMatch(/no longer open/);
  });

  it('a restart throws away what a previous run left half-received; an idle upload is swept', () => {
    const dataDir = join(env.dataDir, 'restart-probe');
    let t = 0;
    const store = createUploadStore({ dataDir, now: () => t });
    const { id } = store.begin({ kind: 'file', name: 'a.csv', bytes: 5 });
    expect(readdirSync(join(dataDir, 'uploads', '.incoming'))).toEqual([id]);
    createUploadStore({ dataDir }); // the next start
    expect(existsSync(join(dataDir, 'uploads', '.incoming', id))).toBe(false);
    const second = store.begin({ kind: 'file', name: 'b.csv', bytes: 5 });
    t += 2 * 60 * 60 * 1000;
    store.begin({ kind: 'file', name: 'c.csv', bytes: 5 }); // sweeps the idle one
    expect(() => store.finish(second.id)).toThrow(/no longer open/);
  });

  it('needs the token (401) and our Host (403) on every upload route', async () => {
    expect((await raw({ path: '/files/uploads', body: { kind: 'file', name: 'x', bytes: 1 }, auth: false })).status).toBe(401);
    expect((await raw({ path: `/files/uploads/${'0'.repeat(32)}?offset=0`, method: 'PUT', body: Buffer.from('x'), auth: false })).status).toBe(401);
    expect((await raw({ path: '/files/outputs', auth: false })).status).toBe(401);
    expect((await raw({ path: '/files/links', body: { path: '/etc/passwd' }, auth: false })).status).toBe(401);
    expect((await raw({ path: '/files/uploads', body: { kind: 'file', name: 'x', bytes: 1 }, headers: { host: 'evil.example' } })).status).toBe(403);
    expect((await raw({ path: '/files/uploads', body: { kind: 'file', name: 'x', bytes: 1 }, headers: { origin: 'http://evil.example' } })).status).toBe(403);
  });
});

describe('downloads over real HTTP', () => {
  async function outputFolder(): Promise<string> {
    const r = (await raw({ path: '/files/outputs' })).json();
    expect(r.ok).toBe(true);
    return r.result.directory;
  }
  const link = async (path: string, filename?: string) => (await raw({ path: '/files/links', body: { path, ...(filename ? { filename } : {}) } })).json();
  const get = (url: string, headers?: Record<string, string>) => raw({ path: url, method: 'GET', auth: false, headers });

  it('serves a produced file once, by a one-time link only a token holder gets', async () => {
    const dir = await outputFolder();
    expect(dir.startsWith(join(env.dataDir, 'downloads'))).toBe(true);
    const bytes = Buffer.from([0x08, 0x07, 0x12, 0x00, 0xff, 0x10]);
    writeFileSync(join(dir, 'model.onnx'), bytes);
    const l = await link(join(dir, 'model.onnx'));
    expect(l.result).toMatchObject({ filename: 'model.onnx' });
    expect(l.result.url).toMatch(/^\/files\/download\/[0-9a-f]{48}$/);
    const r = await get(l.result.url);
    expect(r.status).toBe(200);
    expect(r.headers['content-disposition']).toBe('attachment; filename="model.onnx"');
    expect(r.body.equals(bytes)).toBe(true);
    const second = await get(l.result.url);
    expect(second.status).toBe(404);
    expect(second.body.toString()).toMatch(/expired or was used already/);
    expect((await get(`/files/download/${'0'.repeat(48)}`)).status).toBe(404);
  });

  it('a foreign Host or Origin cannot use even a valid link', async () => {
    const dir = await outputFolder();
    writeFileSync(join(dir, 'r.html'), '<p>x</p>');
    const l = await link(join(dir, 'r.html'));
    expect((await get(l.result.url, { host: 'evil.example' })).status).toBe(403);
    expect((await get(l.result.url, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(l.result.url)).status).toBe(200); // the refused tries did not spend it
  });

  it('serves a folder (an export) as a zip that unzips to the same files', async () => {
    const dir = await outputFolder();
    mkdirSync(join(dir, 'model'));
    writeFileSync(join(dir, 'model', 'model.json'), JSON.stringify({ format: 'layers-model', pad: 'x'.repeat(5000) }));
    writeFileSync(join(dir, 'model', 'weights.bin'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 31) % 256)));
    writeFileSync(join(dir, 'preprocessing.json'), '{}');
    const l = await link(dir, 'iris-tfjs');
    expect(l.result.filename).toBe('iris-tfjs.zip');
    const r = await get(l.result.url);
    expect(r.headers['content-type']).toBe('application/zip');
    const out = join(env.dataDir, 'unzipped');
    mkdirSync(out);
    writeFileSync(join(out, 'a.zip'), r.body);
    execFileSync('unzip', ['-q', join(out, 'a.zip'), '-d', out]);
    for (const f of ['model/model.json', 'model/weights.bin', 'preprocessing.json'])
      expect(readFileSync(join(out, 'iris-tfjs', f)).equals(readFileSync(join(dir, f)))).toBe(true);
  });

  it('refuses to link anything outside the downloads folder: the database, traversal, symlinks out', async () => {
    const dir = await outputFolder();
    const db = (await link(join(env.dataDir, 'layerlab.db'))).error!;
    expect(db.message).toMatch(/Only files LayerLab produced for this browser/);
    expect((await link(join(dir, '..', '..', 'layerlab.db'))).error!.message).toMatch(/Only files LayerLab produced/);
    expect((await link('/etc/passwd')).error!.message).toMatch(/Only files LayerLab produced/);
    expect((await link(join(env.dataDir, 'downloads'))).error!.message).toMatch(/Only files LayerLab produced/);
    execFileSync('ln', ['-s', join(env.dataDir, 'layerlab.db'), join(dir, 'innocent.onnx')]);
    expect((await link(join(dir, 'innocent.onnx'))).error!.message).toMatch(/Only files LayerLab produced/);
    expect((await link(join(dir, 'gone.onnx'))).error!.message).toMatch(/is not there any more/);
  });
});

describe('paths people type', () => {
  it('expands ~ and ~/… to the home folder, trims spaces, leaves ~user and the rest alone', () => {
    expect(expandHome('~', '/home/ada')).toBe('/home/ada');
    expect(expandHome('  ~/data/iris.csv ', '/home/ada')).toBe('/home/ada/data/iris.csv');
    expect(expandHome('~bob/x.csv', '/home/ada')).toBe('~bob/x.csv');
    expect(expandHome('/srv/~/x.csv', '/home/ada')).toBe('/srv/~/x.csv');
  });

  it('every path field of the contract is in the expansion table', () => {
    const found: string[] = [];
    for (const [name, def] of Object.entries(contract)) {
      const schema = def.input as unknown as { shape?: Record<string, unknown>; _zod?: { def?: { in?: { shape?: Record<string, unknown> } } } };
      const shape = schema.shape ?? schema._zod?.def?.in?.shape ?? {};
      for (const key of Object.keys(shape)) if (key === 'path' || key === 'directory' || key === 'out') found.push(`${name}.${key}`);
    }
    const table = Object.entries(PATH_FIELDS).flatMap(([m, fs]) => fs!.map((f) => `${m}.${f}`));
    expect(found.sort()).toEqual(table.sort());
  });

  it('the services see ~ expanded: withUserPaths passes the home path on', async () => {
    const seen: unknown[] = [];
    const handlers = withUserPaths({ 'datasets.inspectCsv': (input: unknown) => seen.push(input) } as unknown as Handlers);
    await (handlers['datasets.inspectCsv'] as (i: unknown) => unknown)({ path: '~/iris.csv', delimiter: ',' });
    expect(seen).toEqual([{ path: join(homedir(), 'iris.csv'), delimiter: ',' }]);
  });

  it('a wrong path is refused in plain words naming the path, never an errno code', async () => {
    const api = createClient(inProcessTransport(env.host.handlers, env.host.bus));
    const msgs = [
      (await refused(api.call('datasets.inspectCsv', { path: '/nowhere/iris.csv' }))).message,
      (await refused(api.call('datasets.inspectCsv', { path: '~/layerlab-no-such-file.csv' }))).message,
      (await refused(api.call('datasets.inspectCsv', { path: 'iris.csv' }))).message,
      (await refused(api.call('datasets.importImages', { directory: '/nowhere/pets', name: 'pets', width: 8, height: 8 }))).message,
    ];
    expect(msgs[0]).toBe('Cannot read /nowhere/iris.csv: there is no such file or folder on the machine running LayerLab.');
    expect(msgs[1]).toContain(join(homedir(), 'layerlab-no-such-file.csv'));
    expect(msgs[2]).toMatch(/give the full path \(for example ~\/data\/file\.csv\)/);
    expect(msgs[3]).toMatch(/Cannot read the folder \/nowhere\/pets: there is no such file or folder/);
    for (const m of msgs) expect(m).not.toMatch(/ENOENT|ENOTDIR|EACCES|errno/);
  });

  it('safeName always yields a safe segment', () => {
    for (const n of ['..', '.', '', '../../x', 'CON.txt', '.hidden', 'a'.repeat(400) + '.csv', 'résumé.csv', 'x:y\\z', '😀'])
      expect(isSafeSegment(safeName(n))).toBe(true);
    expect(safeName('a'.repeat(400) + '.csv').endsWith('.csv')).toBe(true);
    expect(safeName('CON.txt')).toBe('_CON.txt');
  });
});
