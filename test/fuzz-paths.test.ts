import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallResult } from '../src/shared/api/errors';
import { dispatch } from '../src/main/transport/dispatch';
import { saveModelFiles } from '../src/main/engine/model-files';
import { smallConvGraph, tempHost } from './helpers';
import { failingTrainer, SOAK } from './fuzz/support';
import { b64, populate, variant } from './fuzz/populate';
import { hashTree, treeDiff } from './fuzz/tree';

/**
 * Issue 14's property: random sequences of API calls (through `dispatch`, as every transport calls it)
 * with hostile ids, names and paths, on a populated data folder, never remove or alter a file outside
 * the folders those calls own (the tree is hashed before and after every sequence) and never corrupt
 * the database (integrity_check after every sequence). Owned: run folders of experiments the calls
 * created or imported (UUID-named), imported models (imported-<UUID>), the database files themselves
 * (checked by integrity and by the protected rows), and the user's output folder `out/`.
 *
 * Sequences: FUZZ_PATH_SEQUENCES, else 2,000 under SOAK=1 (npm run test:soak), else 200.
 */
const SEQUENCES = Number(process.env.FUZZ_PATH_SEQUENCES ?? (SOAK ? 2000 : 200));
const env = tempHost(failingTrainer);
const { host, dataDir } = env;
const user = mkdtempSync(join(tmpdir(), 'layerlab-fuzz-user-'));
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const OWNED_DATA = new RegExp(`^(layerlab\\.db.*|experiments/${UUID}(/.*)?|imported(/imported-${UUID}(/.*)?)?)$`);
let protectedIds: string[] = [];
let protectedNames: Record<string, string> = {};
const stats = { sequences: 0, calls: 0, ok: 0, refused: 0, internal: [] as string[] };

async function call(method: string, input: unknown): Promise<CallResult<unknown>> {
  stats.calls++;
  const res = await dispatch(host.handlers, method, JSON.parse(JSON.stringify(input)) as unknown);
  if (res.ok) stats.ok++;
  else {
    stats.refused++;
    if (res.error.code === 'internal') stats.internal.push(`${method}: ${res.error.message}`);
  }
  return res;
}

const protectedTree = () => ({
  data: hashTree(dataDir, (rel) => OWNED_DATA.test(rel) && !protectedIds.some((id) => rel.startsWith(`experiments/${id}`))),
  user: hashTree(user, (rel) => rel === 'out' || rel.startsWith('out/')),
});

let readPaths: string[] = [];
let writeFiles: string[] = [];
let writeDirs: string[] = [];
let modelDirs: string[] = [];

beforeAll(async () => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const api = { call: async (m: string, i: unknown) => { const r = await call(m, i); if (!r.ok) throw new Error(r.error.message); return r.result; } };
  protectedIds = await populate(api as never, host, dataDir, 4);
  protectedNames = Object.fromEntries(protectedIds.map((id) => [id, host.repos.experiments.get(id)!.name]));
  const B = join(user, 'bundles');
  mkdirSync(B, { recursive: true });
  mkdirSync(join(user, 'out'), { recursive: true });
  mkdirSync(join(user, 'precious'), { recursive: true });
  writeFileSync(join(user, 'precious', 'thesis.txt'), 'six years of work');
  await call('experiments.exportBundle', { ids: protectedIds.slice(0, 2), path: join(B, 'good.layerlab') });
  const good = readFileSync(join(B, 'good.layerlab'), 'utf8');
  const variants: Record<string, string> = {
    dotdot: variant(good, (e) => (e.id = '..')),
    dot: variant(good, (e) => (e.id = '.')),
    claims: variant(good, (e) => ((e.id = protectedIds[2]), ((e.model as Record<string, string>)['weights.bin'] = b64('evil')))),
    garbage: variant(good, (e) => (e.graph = 'garbage')),
    weights: variant(good, (e) => ((e.model as Record<string, string>)['model.json'] = b64({ modelTopology: {}, weightsManifest: [{ paths: ['../../layerlab.db'], weights: [] }] }))),
    name: variant(good, (e) => ((e.model as Record<string, string>)['../../layerlab.db'] = b64('x'))),
    twice: variant(good, (_e, b) => b.experiments.push(b.experiments[0])),
  };
  for (const [n, t] of Object.entries(variants)) writeFileSync(join(B, `${n}.layerlab`), t);
  const M = join(user, 'models');
  const m = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3], activation: 'softmax' })] });
  await saveModelFiles(m, join(M, 'real'));
  m.dispose();
  mkdirSync(join(M, 'linked'));
  copyFileSync(join(M, 'real', 'model.json'), join(M, 'linked', 'model.json'));
  symlinkSync(join(dataDir, 'experiments', protectedIds[0], 'model', 'weights.bin'), join(M, 'linked', 'weights.bin'));
  mkdirSync(join(M, 'dotdot'));
  const manifest = JSON.parse(readFileSync(join(M, 'real', 'model.json'), 'utf8')) as { weightsManifest: { paths: string[] }[] };
  manifest.weightsManifest[0].paths = [`../../../${dataDir}/layerlab.db`];
  writeFileSync(join(M, 'dotdot', 'model.json'), JSON.stringify(manifest));
  const L = join(user, 'links');
  mkdirSync(L);
  symlinkSync(join(dataDir, 'layerlab.db'), join(L, 'db'));
  symlinkSync(join(dataDir, 'experiments', protectedIds[0]), join(L, 'run'));
  symlinkSync(dataDir, join(L, 'data'));
  execFileSync('mkfifo', [join(user, 'fifo')]);
  const run0 = join(dataDir, 'experiments', protectedIds[0]);
  const internal = [
    join(dataDir, 'layerlab.db'), join(dataDir, 'layerlab.db-wal'), join(dataDir, 'layerlab.db-shm'), join(dataDir, 'layerlab.db.bak'),
    dataDir, join(dataDir, 'experiments'), run0, join(run0, 'model'), join(run0, 'model', 'model.json'), join(dataDir, 'imported'),
    join(L, 'db'), join(L, 'run'), join(L, 'data'), join(L, 'run', 'model'), join(L, 'data', 'layerlab.db'),
    join(dataDir, 'experiments', '..', 'layerlab.db'), `${dataDir}/./layerlab.db`,
  ];
  readPaths = [
    ...Object.keys(variants).map((n) => join(B, `${n}.layerlab`)), join(B, 'good.layerlab'),
    '/dev/zero', '/dev/null', '/dev/urandom', join(user, 'fifo'), user, '/etc/passwd', 'relative.layerlab', '', '/',
    ...internal,
  ];
  writeFiles = [...internal, 'relative.html', join(user, 'out', 'a.layerlab'), join(user, 'out', 'deep', 'b.html'), join(user, 'out', '..', 'out', 'c.html')];
  writeDirs = [...internal, 'relative', join(user, 'out', 'model'), join(user, 'out', 'export')];
  modelDirs = [join(M, 'real'), join(M, 'linked'), join(M, 'dotdot'), M, '/dev', '/', join(L, 'run', 'model'), run0, join(run0, 'model')];
});
afterAll(() => {
  vi.restoreAllMocks();
  console.log(`[fuzz-paths] ${stats.sequences} sequences (FUZZ_PATH_SEQUENCES=${SEQUENCES}), ${stats.calls} calls: ${stats.ok} ok, ${stats.refused} refused`);
  env.cleanup();
  rmSync(user, { recursive: true, force: true });
});

const HOSTILE_IDS = ['.', '..', '../..', '/', '..\\..', 'a/../..', '', ' ', '%2e%2e', 'layerlab.db', 'experiments', '\u0000', 'CON', ':', '-', '..:', 'x'.repeat(200)];
type Step = { method: number; who: 'hostile' | 'owned' | 'protected'; hostile: string; pick: number; path: number; name: string };
const step = fc.record<Step>({
  method: fc.nat(),
  who: fc.constantFrom('hostile', 'hostile', 'owned', 'owned', 'protected'),
  hostile: fc.oneof(fc.constantFrom(...HOSTILE_IDS), fc.string({ maxLength: 12 })),
  pick: fc.nat(),
  path: fc.nat(),
  name: fc.oneof(fc.constantFrom('../../layerlab.db', '..', 'CON', 'a/b', '<script>'), fc.string({ minLength: 1, maxLength: 20 })),
});

/** One step as a call: the id is hostile, one this sequence owns, or (for reads and copies only) a protected run's. */
async function run(s: Step, owned: string[]): Promise<void> {
  const anyId = s.who === 'protected' ? protectedIds[s.pick % protectedIds.length] : s.who === 'owned' && owned.length ? owned[s.pick % owned.length] : s.hostile;
  const mine = s.who === 'owned' && owned.length ? owned[s.pick % owned.length] : s.hostile; // never a protected id
  const at = <T>(list: T[]) => list[s.path % list.length];
  const adopt = (r: CallResult<unknown>) => {
    if (!r.ok) return;
    const v = r.result as { id?: string; imported?: { id: string }[] };
    if (typeof v.id === 'string') owned.push(v.id);
    for (const e of v.imported ?? []) owned.push(e.id);
  };
  const calls: (() => Promise<unknown>)[] = [
    async () => adopt(await call('experiments.create', { name: s.name, graph: smallConvGraph, datasetId: 'builtin:mnist' })),
    async () => call('experiments.delete', { id: mine }),
    async () => adopt(await call('experiments.importBundle', { path: at(readPaths) })),
    async () => call('experiments.exportBundle', { ids: [anyId], path: at(writeFiles) }),
    async () => call('experiments.report', { ids: [anyId], path: at(writeFiles) }),
    async () => call('experiments.saveModel', { id: anyId, directory: at(writeDirs) }),
    async () => call('experiments.export', { id: anyId, format: 'tfjs', directory: at(writeDirs) }),
    async () => call('models.importTfjs', { directory: at(modelDirs), name: s.name }),
    async () => call('datasets.delete', { id: s.hostile }),
    async () => call('experiments.rename', { id: mine, name: s.name }),
    async () => call('experiments.update', { id: mine, tags: [s.name], notes: s.name }),
    async () => adopt(await call('experiments.clone', { id: anyId })),
    async () => call('training.start', { id: mine }),
    async () => call('experiments.get', { id: anyId }),
  ];
  await calls[s.method % calls.length]();
}

describe('random API sequences with hostile ids, names and paths', () => {
  it(`never touch a file outside the folders they own, never corrupt the database (${SEQUENCES} sequences)`, async () => {
    const baseline = protectedTree();
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        stats.sequences++;
        const owned: string[] = [];
        for (const s of steps) await run(s, owned);
        await new Promise((r) => setImmediate(r)); // the failing trainer reports on the next tick
        const now = protectedTree();
        expect(treeDiff(baseline.data, now.data), 'data folder').toEqual([]);
        expect(treeDiff(baseline.user, now.user), 'user files').toEqual([]);
        expect(host.repos.db.pragma('integrity_check', { simple: true })).toBe('ok');
        for (const id of protectedIds) expect(host.repos.experiments.get(id)?.name).toBe(protectedNames[id]);
      }),
      { numRuns: SEQUENCES, seed: Number(process.env.FUZZ_SEED ?? 20261203) },
    );
    expect(stats.internal, 'unexpected (internal) failures').toEqual([]);
    expect(stats.ok).toBeGreaterThan(0);
  });
});
