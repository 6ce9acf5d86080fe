import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '../src/shared/api/client';
import { hyperparamsSchema } from '../src/shared/api/schemas';
import { chain } from '../src/shared/templates';
import { mixSeed, seededRandom } from '../src/shared/random';
import { inProcessTransport } from '../src/main/transport/in-process';
import { datasetDataRepo } from '../src/main/db/repos/dataset-data';
import { readCsv, sniffCsv } from '../src/main/engine/data/csv';
import { inferTable } from '../src/main/engine/data/csv-inspect';
import { chunksOf, CHUNK_BYTES } from '../src/main/engine/data/prepared';
import { prepareTable } from '../src/main/engine/data/preprocess';
import { runTraining } from '../src/main/engine/train';
import type { DatasetImportProgress, EpochMetrics } from '../src/shared/api/types';
import { tempHost } from './helpers';

/**
 * The streaming CSV import (two passes, chunks staged in SQLite) against an independent reference: the
 * whole file read into memory and prepared by prepareTable with the same per-row hashed split. Both are
 * stored in a real database, then trained and evaluated.
 */
const env = tempHost();
const api = createClient(inProcessTransport(env.host.handlers, env.host.bus));
const repo = datasetDataRepo(env.host.repos.db);
afterAll(() => {
  delete process.env.LAYERLAB_STREAM_IMPORT_ABOVE_MB;
  env.cleanup();
});

const ROWS = 40_000;
const SPLIT = { train: 0.8, val: 0.1, test: 0.1 };

/** Numbers (one with gaps), a categorical with a long tail, yes/no, dates, short texts, an id, a 3-class label. */
function tableCsv(rows: number): string {
  const rand = seededRandom(mixSeed(22, rows));
  const words = ['great', 'awful', 'fine', 'cheap', 'fast', 'slow', 'odd', 'neat'];
  const lines = ['id,size,weight,shop,member,since,note,label'];
  for (let i = 0; i < rows; i++) {
    const k = Math.floor(rand() * 3);
    const size = rand() < 0.05 ? '' : (k * 2 + rand() * 3).toFixed(3);
    const weight = (rand() * 100 + k * 20).toFixed(1);
    const shop = rand() < 0.9 ? `shop${k * 3 + Math.floor(rand() * 4)}` : `rare${Math.floor(rand() * 40)}`;
    const since = `20${10 + Math.floor(rand() * 14)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`;
    const note = `${words[k * 2]} and ${words[Math.floor(rand() * 8)]} ${words[Math.floor(rand() * 8)]}`;
    // Half the notes quoted: rows of plain lines and rows with quotes take different paths to the preview.
    lines.push([`c${i}`, size, weight, shop, rand() < 0.5 + k * 0.2 ? 'yes' : 'no', since, rand() < 0.5 ? `"${note}"` : note, `k${k}`].join(','));
  }
  return `${lines.join('\n')}\n`;
}

const path = join(env.dataDir, 'table.csv');
const csv = tableCsv(ROWS);
writeFileSync(path, csv);
const columns = { note: { type: 'text' as const } };

/** The reference: readCsv + prepareTable with the hashed split, stored through the repository as a version. */
async function storeReference(): Promise<string> {
  const format = sniffCsv(path);
  const raw = await readCsv(path, format);
  const p = prepareTable(raw, { label: 'label', columns, split: SPLIT, seed: 42, inferred: inferTable(raw), assign: 'hash' });
  Object.assign(p.recipe, { encoding: format.encoding, delimiter: format.delimiter, hasHeader: format.hasHeader });
  repo.insertVersion({
    dataset: { id: 'ds-reference', name: 'reference', description: '', kind: p.kind, source: `csv:${path}` },
    version: {
      id: 'ds-reference@1',
      version: 1,
      inputShape: p.inputShape,
      classes: p.classes,
      trainCount: p.splits.train.count,
      valCount: p.splits.val.count,
      testCount: p.splits.test.count,
      recipe: p.recipe,
      stats: p.stats,
    },
    chunks: chunksOf(p),
    rows: p.rows(),
    now: new Date().toISOString(),
  });
  return 'ds-reference';
}

/** Streaming imports' spool files left in the data folder (each import deletes its own however it ends). */
const spoolsLeft = () => readdirSync(env.dataDir).filter((f) => f.startsWith('import-spool-'));

const stagedLeft = () =>
  env.host.repos.db.prepare('SELECT (SELECT COUNT(*) FROM staged_imports) + (SELECT COUNT(*) FROM staged_chunks) + (SELECT COUNT(*) FROM staged_rows) AS n').get() as { n: number };

async function train(datasetId: string) {
  const features = JSON.parse(repo.meta(repo.latestVersionId(datasetId)!)!.input_shape)[0] as number;
  const { graph } = chain([
    { kind: 'InputVector', name: 'input', params: { features } },
    { kind: 'Dense', name: 'hidden', params: { units: 16, activation: 'relu' } },
    { kind: 'Output', name: 'out', params: { classes: 3, activation: 'softmax', loss: 'sparseCategoricalCrossentropy' } },
  ]);
  const epochs: EpochMetrics[] = [];
  const result = await runTraining(
    {
      experimentId: `exp-${datasetId}`,
      graph,
      hyperparams: hyperparamsSchema.parse({ epochs: 1, batchSize: 256, learningRate: 0.01, seed: 3 }),
      datasetId,
      runDir: join(env.dataDir, 'runs', datasetId),
      dataDir: env.dataDir,
      resumeFromEpoch: 0,
      pinnedBackend: null,
    },
    { onProgress: () => undefined, onEpoch: (m) => void epochs.push(m), control: () => 'run' },
  );
  return { epochs: epochs.map(({ loss, accuracy, valLoss, valAccuracy }) => ({ loss, accuracy, valLoss, valAccuracy })), testAccuracy: result.testAccuracy, testCount: result.testCount };
}

describe('streaming CSV import', () => {
  let streamed = '';
  const events: DatasetImportProgress[] = [];

  it('streams a file several times the threshold into byte-identical chunks of the in-memory reference', async () => {
    // The file is ~2 MB: a threshold of 0.25 MB sends it down the streaming path.
    process.env.LAYERLAB_STREAM_IMPORT_ABOVE_MB = '0.25';
    expect(csv.length).toBeGreaterThan(4 * 0.25 * 2 ** 20);
    const off = api.on('datasets.progress', (p) => void events.push(p));
    const r = await api.call('datasets.importCsv', { path, name: 'streamed', label: 'label', columns, split: SPLIT, seed: 42 });
    off?.();
    streamed = r.datasetId;
    const reference = await storeReference();
    const a = repo.meta(repo.latestVersionId(streamed)!)!;
    const b = repo.meta(repo.latestVersionId(reference)!)!;
    expect(JSON.parse(a.recipe)).toEqual(JSON.parse(b.recipe));
    expect(JSON.parse(a.recipe).splitBy).toBe('hash');
    expect(JSON.parse(a.stats)).toEqual(JSON.parse(b.stats));
    expect([a.train_count, a.val_count, a.test_count]).toEqual([b.train_count, b.val_count, b.test_count]);
    expect(a.train_count + a.val_count + a.test_count).toBe(ROWS);
    // A hashed split is not stratified, but each share is close to the one asked for.
    expect(Math.abs(a.train_count / ROWS - 0.8)).toBeLessThan(0.02);
    // More rows than one chunk: the training split spans several chunks, each identical to the reference's.
    const width = JSON.parse(a.input_shape)[0] as number;
    expect(a.train_count).toBeGreaterThan(CHUNK_BYTES / (width * 4));
    for (const split of ['train', 'val', 'test'] as const) {
      const sa = [...repo.chunks(a.id, split)];
      const sb = [...repo.chunks(b.id, split)];
      expect(sa.length).toBe(sb.length);
      if (split === 'train') expect(sa.length).toBeGreaterThan(1);
      sa.forEach((c, i) => {
        expect(c.count).toBe(sb[i].count);
        expect(Buffer.compare(c.x, sb[i].x)).toBe(0);
        expect(Buffer.compare(c.y, sb[i].y)).toBe(0);
      });
    }
    // Every preview row, as the in-memory import stores it.
    expect(repo.rows(a.id, 0, ROWS)).toEqual(repo.rows(b.id, 0, ROWS));
    expect(stagedLeft().n).toBe(0);
    expect(spoolsLeft()).toEqual([]);
    // Progress names both passes with their speed and the time left.
    const messages = events.map((e) => e.message ?? '');
    expect(messages.some((m) => /pass 1 of 2.*rows\/s/.test(m))).toBe(true);
    expect(messages.some((m) => /pass 2 of 2.*rows\/s.*s left/.test(m))).toBe(true);
  });

  it('trains and evaluates with results equal to the in-memory reference', async () => {
    const [a, b] = [await train(streamed), await train('ds-reference')];
    expect(a.testCount).toBe(b.testCount);
    expect(a).toEqual(b);
    expect(a.testAccuracy).toBeGreaterThan(0.5);
  }, 240_000);

  it('is deterministic: a second streamed import stores the same version', async () => {
    const again = await api.call('datasets.importCsv', { path, name: 'again', label: 'label', columns, split: SPLIT, seed: 42 });
    const a = repo.latestVersionId(streamed)!;
    const b = repo.latestVersionId(again.datasetId)!;
    const blobs = (v: string) => [...repo.chunks(v, 'train')].map((c) => Buffer.concat([c.x, c.y]).toString('base64'));
    expect(blobs(b)).toEqual(blobs(a));
  });

  it.each([
    ['first', 'reading'],
    ['second', 'writing'],
  ] as const)('cancelled in its %s pass, leaves nothing behind', async (_, phase) => {
    const before = env.host.repos.db.prepare('SELECT COUNT(*) AS n FROM dataset_versions').get() as { n: number };
    const importId = `cancel-me-${phase}`;
    // Pass 1 is cancelled while its preview rows are being stored by the rows writer's thread.
    const off = api.on('datasets.progress', (p) => {
      if (p.importId === importId && p.phase === phase && (p.done ?? 0) > 0) void api.call('datasets.cancelImport', { importId });
    });
    await expect(api.call('datasets.importCsv', { path, name: 'cancelled', label: 'label', columns, split: SPLIT, seed: 42, importId })).rejects.toThrow(/cancelled; nothing was stored/);
    off?.();
    expect(env.host.repos.db.prepare('SELECT COUNT(*) AS n FROM dataset_versions').get()).toEqual(before);
    expect(stagedLeft().n).toBe(0);
    expect(spoolsLeft()).toEqual([]);
  });

  it('writes under a hidden dataset that is never listed, and a dead host\'s import is discarded by the next one', async () => {
    // An import "killed" mid-way: its version and a chunk are written, its host (pid) is gone.
    const dead = repo.stageImport('killed-import', 'ds-killed@1', new Date().toISOString(), () => true);
    dead.chunk({ split: 'train', index: 0, count: 1, x: new Float32Array([1, 2]), y: new Int32Array([0]) });
    env.host.repos.db.prepare("UPDATE staged_imports SET pid = 2147483646 WHERE id = 'killed-import'").run();
    const listed = async () => (await api.call('datasets.list', {})).map((d) => d.name);
    expect(await listed()).not.toContain('An import in progress');
    const chunksOfKilled = () => (env.host.repos.db.prepare("SELECT COUNT(*) AS n FROM dataset_chunks WHERE version_id = 'ds-killed@1'").get() as { n: number }).n;
    expect(chunksOfKilled()).toBe(1);

    // The next streamed import discards it; while it runs, its own version is not listed either.
    const names: string[][] = [];
    const off = api.on('datasets.progress', (p) => {
      if (p.phase === 'writing' && names.length === 0) void listed().then((n) => names.push(n));
    });
    const r = await api.call('datasets.importCsv', { path, name: 'after a crash', label: 'label', columns, split: SPLIT, seed: 42 });
    off?.();
    expect(names[0]).not.toContain('after a crash');
    expect(names[0]).not.toContain('An import in progress');
    expect(await listed()).toContain('after a crash');
    expect(chunksOfKilled()).toBe(0);
    expect(stagedLeft().n).toBe(0);
    expect(env.host.repos.db.prepare("SELECT COUNT(*) AS n FROM datasets WHERE source = 'staging'").get()).toEqual({ n: 0 });

    // A second import into the same dataset while one is running is refused in plain words.
    const first = api.call('datasets.importCsv', { path, name: 'after a crash', datasetId: r.datasetId, label: 'label', columns, split: SPLIT, seed: 42 });
    await expect(api.call('datasets.importCsv', { path, name: 'after a crash', datasetId: r.datasetId, label: 'label', columns, split: SPLIT, seed: 42 })).rejects.toThrow(
      /Another import into this dataset is still running/,
    );
    expect((await first).version).toBe(2);
  });

  it('below the threshold the in-memory path keeps its stratified split', async () => {
    process.env.LAYERLAB_STREAM_IMPORT_ABOVE_MB = '64';
    const r = await api.call('datasets.importCsv', { path, name: 'in memory', label: 'label', columns, split: SPLIT, seed: 42 });
    const recipe = JSON.parse(repo.meta(r.versionId)!.recipe);
    expect(recipe.splitBy).toBeUndefined();
    expect(r.trainCount + r.valCount + r.testCount).toBe(ROWS);
  });
});
