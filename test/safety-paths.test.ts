import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '../src/shared/api/client';
import { inProcessTransport } from '../src/main/transport/in-process';
import { createHost } from '../src/main/host';
import { saveModelFiles } from '../src/main/engine/model-files';
import { childPath, isSafeSegment } from '../src/main/fs/safe-paths';
import { readSweepFile } from '../src/main/cli/sweep';
import { tempHost, refused, smallConvGraph } from './helpers';
import { hashTree, treeDiff } from './fuzz/tree';
import { b64, populate, variant } from './fuzz/populate';

/**
 * Issue 14, paths and inputs: each attack that once destroyed or leaked data, replayed against a real
 * host over a real SQLite file, now refused or harmless. Trees are hashed before and after.
 */
const env = tempHost();
const { host, dataDir } = env;
const api = createClient(inProcessTransport(host.handlers, host.bus));
const user = mkdtempSync(join(tmpdir(), 'layerlab-user-'));
let runs: string[] = [];
let good = '';
const notDb = (rel: string) => /^layerlab\.db/.test(rel);

beforeAll(async () => {
  runs = await populate(api, host, dataDir, 3);
  const path = join(user, 'good.layerlab');
  await api.call('experiments.exportBundle', { ids: [runs[0]], path });
  good = readFileSync(path, 'utf8');
});
afterAll(() => {
  env.cleanup();
  rmSync(user, { recursive: true, force: true });
});

const bundleFile = (name: string, text: string) => {
  const p = join(user, name);
  writeFileSync(p, text);
  return p;
};

describe('ids and the one path rule', () => {
  it('refuses ".", "..", separators and device names as path segments', () => {
    for (const bad of ['.', '..', '', 'a/b', 'a\\b', '../x', 'x/..', 'c:', 'a:b', 'CON', 'nul.txt', '.hidden', 'x.', 'a..b'])
      expect(isSafeSegment(bad), bad).toBe(false);
    for (const ok of ['0f8fa3b2-1c9d-4e5f-8a7b-6c5d4e3f2a1b', 'imported-x', 'model.json', 'weights.bin', 'a_b'])
      expect(isSafeSegment(ok), ok).toBe(true);
    expect(() => childPath(dataDir, ['..'])).toThrow(/not a valid/);
  });

  it('the contract refuses "." and ".." as experiment ids', async () => {
    for (const id of ['.', '..', '../..', 'a/../..'])
      expect((await refused(api.call('experiments.delete', { id }))).code).toBe('invalid_input');
  });

  it('the ".." and "." bundles: refused, and deleting a stored "."/".." row leaves every other file', async () => {
    const before = hashTree(dataDir, notDb);
    for (const id of ['..', '.']) {
      const p = bundleFile(`id-${id.length}.layerlab`, variant(good, (e) => (e.id = id)));
      const err = await refused(api.call('experiments.importBundle', { path: p }));
      expect(err.message).toMatch(/experiment 1 \("run 0"\), id/);
      // An older LayerLab stored such ids: the row goes, no folder is touched.
      host.repos.experiments.insert({
        id, name: `legacy ${id}`, dataset_id: 'builtin:mnist', dataset_version_id: 'builtin:mnist@1',
        graph: JSON.stringify(smallConvGraph), layout: '{"positions":{}}', hyperparams: '{}', param_count: 0, created_at: new Date().toISOString(),
      });
      expect(await host.handlers['experiments.delete']({ id })).toEqual({ deleted: true });
    }
    expect(treeDiff(before, hashTree(dataDir, notDb))).toEqual([]);
    expect(existsSync(join(dataDir, 'layerlab.db'))).toBe(true);
    expect(host.repos.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((await api.call('experiments.list', {})).map((e) => e.id).sort()).toEqual([...runs].sort());
  });

  it('a bundle claiming an existing run\'s id gets a new id and leaves that run\'s files alone', async () => {
    const before = hashTree(join(dataDir, 'experiments', runs[1]));
    const p = bundleFile('claim.layerlab', variant(good, (e) => {
      e.id = runs[1];
      e.name = 'claims run 1';
      (e.model as Record<string, string>)['weights.bin'] = b64('overwritten');
    }));
    const res = await api.call('experiments.importBundle', { path: p });
    expect(res.imported).toHaveLength(1);
    expect(res.imported[0].id).not.toBe(runs[1]);
    expect(hashTree(join(dataDir, 'experiments', runs[1]))).toEqual(before);
    await api.call('experiments.delete', { id: res.imported[0].id });
  });
});

describe('bundles are validated whole', () => {
  const expectRefused = async (name: string, text: string, message: RegExp) => {
    const err = await refused(api.call('experiments.importBundle', { path: bundleFile(name, text) }));
    expect(err.code).toBe('invalid_input');
    expect(err.message).toMatch(message);
    expect(err.message).not.toMatch(/ENOENT|ZodError|"code":|\n\s+at /);
  };

  it('a graph of "garbage" is refused with a plain message (and compare keeps working)', async () => {
    await expectRefused('garbage.layerlab', variant(good, (e) => (e.graph = 'garbage')), /experiment 1 \("run 0"\), graph/);
    await expectRefused('kind.layerlab', variant(good, (e) => ((e.graph as { nodes: { kind: string }[] }).nodes[0].kind = 'Nope')), /unknown kind "Nope"/);
    expect((await api.call('experiments.compare', { ids: runs.slice(0, 2) })).experiments).toHaveLength(2);
  });

  it('model.json with "../" weight paths, and model file names with "../", are refused', async () => {
    const manifest = { modelTopology: {}, weightsManifest: [{ paths: ['../../layerlab.db'], weights: [] }] };
    await expectRefused('dotdot-manifest.layerlab', variant(good, (e) => ((e.model as Record<string, string>)['model.json'] = b64(manifest))), /plain file name/);
    await expectRefused('dotdot-name.layerlab', variant(good, (e) => ((e.model as Record<string, string>)['../evil'] = b64('x'))), /plain file name/);
    await expectRefused('missing.layerlab', variant(good, (e) => delete (e.model as Record<string, string>)['weights.bin']), /does not carry/);
    await expectRefused('notjson.layerlab', '{"format": "layerlab.experiments", ', /not valid JSON/);
  });

  it('/dev/zero and a FIFO are refused at once, with bounded memory', async () => {
    const rss = process.memoryUsage().rss;
    const t0 = performance.now();
    expect((await refused(api.call('experiments.importBundle', { path: '/dev/zero' }))).message).toMatch(/\/dev\/zero is a device, not a file/);
    const fifo = join(user, 'pipe.layerlab');
    execFileSync('mkfifo', [fifo]);
    expect((await refused(api.call('experiments.importBundle', { path: fifo }))).message).toMatch(/is a pipe/);
    expect((await refused(api.call('experiments.importBundle', { path: user }))).message).toMatch(/is a folder/);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect((process.memoryUsage().rss - rss) / 2 ** 20).toBeLessThan(64);
  });

  it('a sweep config named as /dev/zero or an oversize file is refused by the CLI reader', () => {
    expect(() => readSweepFile('/dev/zero')).toThrow(/is a device, not a file/);
    const big = join(user, 'big.json');
    writeFileSync(big, ' '.repeat(4 * 2 ** 20 + 1));
    expect(() => readSweepFile(big)).toThrow(/larger than 4 MB/);
  });

  it('importing the same bundle twice reports "already imported" instead of duplicating it', async () => {
    const p = bundleFile('twice.layerlab', good);
    const first = await api.call('experiments.importBundle', { path: p });
    expect(first.imported).toHaveLength(1);
    const second = await api.call('experiments.importBundle', { path: p });
    expect(second).toEqual({ imported: [], skipped: [{ name: 'run 0', reason: expect.stringMatching(/already imported/) }] });
    await api.call('experiments.delete', { id: first.imported[0].id });
    expect((await api.call('experiments.importBundle', { path: p })).imported).toHaveLength(1); // importable again once deleted
  });

  it('a bundle without data keeps the dataset recipe and class names', async () => {
    const other = tempHost();
    try {
      const apiO = createClient(inProcessTransport(other.host.handlers, other.host.bus));
      const csv = join(user, 'tiny.csv');
      writeFileSync(csv, ['a,b,label', ...Array.from({ length: 30 }, (_, i) => `${i % 7},${i % 5},${i % 2 ? 'yes' : 'no'}`)].join('\n'));
      const ds = await apiO.call('datasets.importCsv', { path: csv, name: 'tiny', label: 'label' });
      const graph = { nodes: [], edges: [] };
      const exp = await apiO.call('experiments.create', { name: 'on tiny', graph, datasetId: ds.datasetId });
      const path = join(user, 'nodata.layerlab');
      await apiO.call('experiments.exportBundle', { ids: [exp.id], path });
      const res = await api.call('experiments.importBundle', { path });
      expect(res.skipped).toEqual([]);
      const v = host.repos.datasets.version(ds.versionId);
      expect(JSON.parse(v!.classes)).toEqual(['no', 'yes']);
      expect(JSON.parse(v!.recipe)).toEqual(JSON.parse(other.host.repos.datasets.version(ds.versionId)!.recipe));
    } finally {
      other.cleanup();
    }
  });
});

describe('writers never land on the project', () => {
  it('export, bundle, report and saveModel onto layerlab.db, its WAL, run folders or the data folder are refused', async () => {
    const dbBefore = readFileSync(join(dataDir, 'layerlab.db')).subarray(0, 16).toString('latin1');
    const link = join(user, 'innocent.layerlab');
    symlinkSync(join(dataDir, 'layerlab.db'), link);
    const id = runs[0];
    const attempts: [string, Promise<unknown>][] = [
      ['bundle onto db', api.call('experiments.exportBundle', { ids: [id], path: join(dataDir, 'layerlab.db') })],
      ['bundle via link', api.call('experiments.exportBundle', { ids: [id], path: link })],
      ['report onto wal', api.call('experiments.report', { ids: [id], path: join(dataDir, 'layerlab.db-wal') })],
      ['report onto bak', api.call('experiments.report', { ids: [id], path: join(dataDir, 'layerlab.db.bak') })],
      ['save into a run', api.call('experiments.saveModel', { id, directory: join(dataDir, 'experiments', runs[1], 'model') })],
      ['save into data', api.call('experiments.saveModel', { id, directory: dataDir })],
      ['export into data', api.call('experiments.export', { id, format: 'tfjs', directory: join(dataDir, 'experiments') })],
    ];
    for (const [what, p] of attempts) expect((await refused(p)).message, what).toMatch(/inside LayerLab's own data/);
    expect(readFileSync(join(dataDir, 'layerlab.db')).subarray(0, 16).toString('latin1')).toBe(dbBefore);
    expect(host.repos.db.pragma('integrity_check', { simple: true })).toBe('ok');
    // A folder of the user's beside them is fine.
    const saved = await api.call('experiments.saveModel', { id, directory: join(user, 'saved') });
    expect(saved.files.map((f) => f.split('/').pop())).toEqual(['model.json', 'weights.bin']);
  });
});

describe('models.importTfjs', () => {
  const outside = join(user, 'outside');
  const modelDir = (name: string) => join(user, 'models', name);
  beforeAll(async () => {
    const m = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3], activation: 'softmax' })] });
    await saveModelFiles(m, modelDir('real'));
    m.dispose();
    mkdirSync(outside, { recursive: true });
    copyFileSync(join(modelDir('real'), 'weights.bin'), join(outside, 'secret.bin'));
  });

  it('refuses weights symlinked outside the folder, accepts a link inside it', async () => {
    mkdirSync(modelDir('linked'), { recursive: true });
    copyFileSync(join(modelDir('real'), 'model.json'), join(modelDir('linked'), 'model.json'));
    symlinkSync(join(outside, 'secret.bin'), join(modelDir('linked'), 'weights.bin'));
    const err = await refused(api.call('models.importTfjs', { directory: modelDir('linked'), name: 'linked' }));
    expect(err.message).toMatch(/weights\.bin is a link to a file outside its folder/);

    mkdirSync(modelDir('inner'), { recursive: true });
    copyFileSync(join(modelDir('real'), 'model.json'), join(modelDir('inner'), 'model.json'));
    copyFileSync(join(modelDir('real'), 'weights.bin'), join(modelDir('inner'), 'real.bin'));
    symlinkSync('real.bin', join(modelDir('inner'), 'weights.bin'));
    expect((await api.call('models.importTfjs', { directory: modelDir('inner'), name: 'inner' })).paramCount).toBe(8);
  });

  it('refuses "../" weight paths before reading anything', async () => {
    mkdirSync(modelDir('dotdot'), { recursive: true });
    const json = JSON.parse(readFileSync(join(modelDir('real'), 'model.json'), 'utf8')) as { weightsManifest: { paths: string[] }[] };
    json.weightsManifest[0].paths = ['../../outside/secret.bin'];
    writeFileSync(join(modelDir('dotdot'), 'model.json'), JSON.stringify(json));
    const err = await refused(api.call('models.importTfjs', { directory: modelDir('dotdot'), name: 'dotdot' }));
    expect(err.message).toMatch(/plain file name/);
    expect((await api.call('models.list', {})).map((m) => m.name)).toEqual(['inner']);
  });
});

describe('torn temp files', () => {
  it('are removed at start when their writer is gone; a live writer\'s and other files stay; a cut model save is put back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'layerlab-torn-'));
    try {
      const launchTrainer = () => {
        throw new Error('no training here');
      };
      const first = createHost({ dataDir: dir, host: 'cli', launchTrainer }); // a project whose runs a crash then tore
      await first.backup;
      first.close();
      const dead = spawnSync(process.execPath, ['-e', '0']).pid;
      const run = join(dir, 'experiments', 'run-a');
      mkdirSync(join(run, 'checkpoints'), { recursive: true });
      mkdirSync(join(run, `model.tmp-${dead}`));
      writeFileSync(join(run, `model.tmp-${dead}`, 'model.json'), '{}'); // incomplete: no weights
      writeFileSync(join(run, 'checkpoints', `epoch-00002.ckpt.tmp-${dead}`), 'half');
      writeFileSync(join(run, 'checkpoints', `epoch-00003.ckpt.tmp-${process.pid}`), 'being written');
      writeFileSync(join(run, 'checkpoints', 'epoch-00001.ckpt'), 'whole');
      writeFileSync(join(dir, `notes.tmp-${dead}`), 'the user\'s');
      // A streaming import's spool (row-spool.ts) of a killed host, and one of a live host.
      writeFileSync(join(dir, `import-spool-0d1e.tmp-${dead}`), 'rows');
      writeFileSync(join(dir, `import-spool-a11e.tmp-${process.pid}`), 'rows');
      const cut = join(dir, 'experiments', 'run-b');
      mkdirSync(join(cut, `model.old-${dead}`), { recursive: true });
      writeFileSync(join(cut, `model.old-${dead}`, 'model.json'), '{}');
      writeFileSync(join(cut, `model.old-${dead}`, 'weights.bin'), 'w');
      const second = createHost({ dataDir: dir, host: 'cli', launchTrainer });
      await second.backup;
      second.close();
      expect(hashTree(dir, (rel) => notDb(rel) || rel.startsWith('locks'))).toEqual(
        new Map([
          ['experiments', 'dir'],
          ['experiments/run-a', 'dir'],
          ['experiments/run-a/checkpoints', 'dir'],
          ['experiments/run-a/checkpoints/epoch-00001.ckpt', expect.any(String)],
          [`experiments/run-a/checkpoints/epoch-00003.ckpt.tmp-${process.pid}`, expect.any(String)],
          ['experiments/run-b', 'dir'],
          ['experiments/run-b/model', 'dir'],
          ['experiments/run-b/model/model.json', expect.any(String)],
          ['experiments/run-b/model/weights.bin', expect.any(String)],
          [`notes.tmp-${dead}`, expect.any(String)],
          [`import-spool-a11e.tmp-${process.pid}`, expect.any(String)],
        ]),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
