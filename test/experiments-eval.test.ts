import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '../src/shared/api/client';
import { chain } from '../src/shared/templates';
import { inProcessTransport } from '../src/main/transport/in-process';
import { tempHost } from './helpers';

async function until(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// A small real run per seed (child trainer, MNIST subset): predictions stored, then everything redrawn from them.
const { graph, layout } = chain([
  { kind: 'InputImage', name: 'input', params: { height: 28, width: 28, channels: 1 } },
  { kind: 'Flatten', name: 'flatten', params: {} },
  { kind: 'Dense', name: 'hidden', params: { units: 16, activation: 'relu' } },
  {
    kind: 'Output',
    name: 'output',
    params: { classes: 10, activation: 'softmax', loss: 'sparseCategoricalCrossentropy' },
  },
]);
const a = tempHost();
const b = tempHost();
afterAll(() => {
  a.cleanup();
  b.cleanup();
});
const api = createClient(inProcessTransport(a.host.handlers, a.host.bus));
const apiB = createClient(inProcessTransport(b.host.handlers, b.host.bus));

describe('evaluation, examples, compare, bundle', () => {
  let ids: string[] = [];

  it('repeat queues one run per seed (a grid sweep over seed, in the database); each stores its test predictions', async () => {
    const base = await api.call('experiments.create', {
      name: 'tiny',
      graph,
      layout,
      datasetId: 'builtin:mnist',
      hyperparams: { epochs: 2, trainLimit: 300, testLimit: 120, batchSize: 50 },
    });
    const runs = await api.call('experiments.repeat', { id: base.id, seeds: [1, 2] });
    expect(runs.map((r) => r.name)).toEqual(['tiny · seed 1', 'tiny · seed 2']);
    ids = runs.map((r) => r.id);
    const [sweep] = await api.call('sweeps.list', {});
    expect(sweep).toMatchObject({ name: 'tiny × 2 seeds', strategy: 'grid', trialsTotal: 2 });
    const links = a.host.repos.db
      .prepare('SELECT experiment_id AS id, params FROM sweep_trials WHERE sweep_id = ? ORDER BY trial_index')
      .all(sweep.id);
    expect(links).toEqual([
      { id: ids[0], params: '{"seed":1}' },
      { id: ids[1], params: '{"seed":2}' },
    ]);
    // One after another: never both running at once.
    let both = false;
    await until(
      async () => {
        const list = await api.call('experiments.list', {});
        const mine = list.filter((e) => ids.includes(e.id));
        if (mine.filter((e) => e.status === 'running').length > 1) both = true;
        return mine.every((e) => e.status === 'completed');
      },
      120_000,
      'both seeds trained',
    ).catch(async (err) => {
      throw new Error(
        `${err}: ${JSON.stringify((await api.call('experiments.list', {})).map((e) => [e.name, e.status, e.error]))}`,
      );
    });
    expect(both).toBe(false);
  });

  it('evaluation recomputed from predictions agrees with the trainer', async () => {
    const s = (await api.call('experiments.list', {})).find((e) => e.id === ids[0])!;
    const ev = await api.call('experiments.evaluation', { id: ids[0] });
    expect(ev.hasPredictions).toBe(true);
    expect(ev.count).toBe(120);
    expect(ev.accuracy).toBeCloseTo(s.testAccuracy!, 6);
    expect(ev.logLoss).toBeCloseTo(s.testLoss!, 3);
    expect(ev.confusion.flat().reduce((x, y) => x + y, 0)).toBe(120);
    expect(ev.perClass).toHaveLength(10);
    expect(ev.topK.map((t) => t.k)).toEqual([3, 5]);
    expect(ev.roc).toHaveLength(10);
    expect(s.bestValEpoch).toBeGreaterThanOrEqual(1);
    expect(s.lastEpoch).toBe(2);
  });

  it('examples of a confusion cell: images, probabilities, sorted by confidence', async () => {
    const ev = await api.call('experiments.evaluation', { id: ids[0] });
    let cell: [number, number] = [0, 0];
    ev.confusion.forEach((row, t) => row.forEach((v, p) => t !== p && v > 0 && (cell = [t, p])));
    const ex = await api.call('experiments.examples', {
      id: ids[0],
      trueClass: cell[0],
      predictedClass: cell[1],
      limit: 5,
      sort: '-confidence',
    });
    expect(ex.total).toBe(ev.confusion[cell[0]][cell[1]]);
    expect(ex.kind).toBe('image');
    expect(ex.items[0].image).toMatch(/^data:image\/png;base64,/);
    expect(ex.items[0].probabilities).toHaveLength(10);
    const conf = ex.items.map((e) => e.confidence);
    expect([...conf].sort((x, y) => y - x)).toEqual(conf);
  });

  it('compare: one seed group with mean ± sd and CI, the seed as the only difference', async () => {
    const c = await api.call('experiments.compare', { ids });
    expect(c.diff).toEqual([{ param: 'seed', values: [1, 2], label: 'Random seed', shown: ['1', '2'] }]);
    // The dataset by its name and version, never its id.
    expect(c.experiments[0]).toMatchObject({ datasetName: expect.stringMatching(/MNIST/), datasetVersionLabel: expect.stringMatching(/MNIST.* v\d+$/) });
    expect(c.groups).toHaveLength(1);
    expect(c.groups[0].testAccuracy.n).toBe(2);
    expect(c.experiments[0].bestEpoch?.by).toBe('valAccuracy');
    expect(c.graphDiffs[0].diff.changed + c.graphDiffs[0].diff.added + c.graphDiffs[0].diff.removed).toBe(0);
    expect(c.experiments[0].evaluation?.confusion).toHaveLength(10);
  });

  it('tags, notes, clone, report', async () => {
    const u = await api.call('experiments.update', {
      id: ids[0],
      tags: ['baseline', 'small'],
      notes: 'first try',
    });
    expect(u).toMatchObject({ tags: ['baseline', 'small'], notes: 'first try' });
    const c = await api.call('experiments.clone', { id: ids[0] });
    expect(c).toMatchObject({ status: 'draft', name: 'tiny · seed 1 (copy)', tags: ['baseline', 'small'] });
    const path = join(a.dataDir, 'report', 'r.html');
    const r = await api.call('experiments.report', { ids, path });
    const html = readFileSync(path, 'utf8');
    expect(r.bytes).toBe(Buffer.byteLength(html));
    // Per run: learning curves, confusion matrix, ROC curves.
    expect(html.match(/<svg/g)?.length).toBe(6);
    expect(html.match(/aria-label="ROC curves"/g)?.length).toBe(2);
    expect(html).not.toMatch(/<script|src="http/);
    // Settings by their labels, as on the Train page.
    expect(html).toContain('<td>Learning rate</td>');
    expect(html).not.toContain('<td>learningRate</td>');
  });

  it('bundle export → import into a fresh data dir restores identical metrics and model files', async () => {
    const path = join(a.dataDir, 'out', 'bundle.layerlab');
    const out = await api.call('experiments.exportBundle', { ids, path });
    expect(out.experiments).toBe(2);
    const res = await apiB.call('experiments.importBundle', { path });
    expect(res.skipped).toEqual([]);
    const before = (await api.call('experiments.list', {})).filter((e) => ids.includes(e.id));
    // Imported experiments get ids of their own (the bundle's are never used for folders): pair them by name.
    const newId = (id: string) => res.imported.find((e) => e.name === before.find((x) => x.id === id)!.name)!.id;
    expect(res.imported.every((e) => !ids.includes(e.id))).toBe(true);
    const after = await apiB.call('experiments.list', {});
    const strip = ({ id: _id, ...rest }: { id: string }) => rest;
    // The seeds of one repeat share their creation time, and the list breaks that tie by id (new ones here): compare by name.
    const byName = (list: typeof before) => [...list].sort((x, y) => x.name.localeCompare(y.name)).map(strip);
    expect(byName(after)).toEqual(byName(before));
    for (const id of ids) {
      expect(await apiB.call('experiments.evaluation', { id: newId(id) })).toEqual({
        ...(await api.call('experiments.evaluation', { id })),
        experimentId: newId(id),
      });
      expect((await apiB.call('experiments.get', { id: newId(id) })).epochs).toEqual(
        (await api.call('experiments.get', { id })).epochs,
      );
      expect(existsSync(join(b.dataDir, 'experiments', newId(id), 'model', 'model.json'))).toBe(true);
    }
    // A second import of the same bundle is deduplicated: nothing new, each experiment reported as already there.
    const again = await apiB.call('experiments.importBundle', { path });
    expect(again.imported).toEqual([]);
    expect(again.skipped.map((s) => s.reason)).toEqual(ids.map(() => expect.stringMatching(/already imported/)));
    expect(await apiB.call('experiments.list', {})).toHaveLength(after.length);
  });

  it('refuses a hostile bundle plainly', async () => {
    const path = join(a.dataDir, 'out', 'bundle.layerlab');
    const text = readFileSync(path, 'utf8').replace(/"model":\{"model.json"/, '"model":{"../../evil.json"');
    const bad = join(a.dataDir, 'out', 'bad.layerlab');
    (await import('node:fs')).writeFileSync(bad, text);
    await expect(apiB.call('experiments.importBundle', { path: bad })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });
});
