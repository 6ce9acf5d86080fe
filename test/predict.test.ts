/**
 * Using a trained table model through the contract: Try it on one row, and scoring a file. The test
 * split's own rows, written out as a CSV and scored, must give the stored test evaluation's probabilities
 * (one preprocessing path), and a file with bad rows lists each with its row number and the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { createClient } from '../src/shared/api/client';
import { chain } from '../src/shared/templates';
import { mixSeed, seededRandom } from '../src/shared/random';
import { inProcessTransport } from '../src/main/transport/in-process';
import { evaluationsRepo } from '../src/main/db/repos/evaluations';
import { rawSplitRows } from '../src/main/predict/raw-rows';
import { refused, tempHost } from './helpers';

const env = tempHost();
const api = createClient(inProcessTransport(env.host.handlers, env.host.bus));
afterAll(() => env.cleanup());

const COLOURS = ['red', 'green', 'blue'];
/** kind follows colour, with size as a second cue; customer_id is an id the import leaves out. */
function plantsCsv(rows: number): string {
  const rand = seededRandom(mixSeed(7, 1));
  const lines = ['customer_id,size,colour,weight,kind'];
  for (let i = 0; i < rows; i++) {
    const k = Math.floor(rand() * 3);
    const colour = rand() < 0.85 ? COLOURS[k] : COLOURS[(k + 1) % 3];
    lines.push([`c${1000 + i}`, (10 + k * 5 + rand() * 4).toFixed(2), colour, (rand() * 3).toFixed(2), ['rose', 'fern', 'iris'][k]].join(','));
  }
  return lines.join('\n') + '\n';
}

let id = '';
let versionId = '';
const csvLine = (cells: (string | null)[]) => cells.map((c) => c ?? '').join(',');

beforeAll(async () => {
  const path = join(env.dataDir, 'plants.csv');
  writeFileSync(path, plantsCsv(300));
  const imported = await api.call('datasets.importCsv', { path, name: 'plants', label: 'kind', split: { train: 0.7, val: 0.1, test: 0.2 } });
  versionId = imported.versionId;
  const { graph, layout } = chain([
    { kind: 'InputVector', name: 'features', params: { features: imported.inputShape[0] } },
    { kind: 'Dense', name: 'hidden', params: { units: 16, activation: 'relu' } },
    { kind: 'Output', name: 'output', params: { classes: 3, activation: 'softmax', loss: 'sparseCategoricalCrossentropy' } },
  ]);
  const exp = await api.call('experiments.create', { name: 'plants mlp', graph, layout, datasetId: imported.datasetId, hyperparams: { epochs: 8, batchSize: 16, learningRate: 0.03 } });
  id = exp.id;
  await trainToEnd(id);
}, 180_000);

async function trainToEnd(experimentId: string): Promise<void> {
  await api.call('training.start', { id: experimentId });
  for (const until = Date.now() + 120_000; ; ) {
    const e = await api.call('experiments.get', { id: experimentId });
    if (e.status === 'completed') return;
    if (e.status !== 'running' && e.status !== 'draft') throw new Error(`training ended ${e.status}: ${e.error}`);
    if (Date.now() > until) throw new Error('training did not finish');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('Try it', () => {
  it('builds the form from the raw columns, with the known categories and a test row to start from', async () => {
    const form = await api.call('experiments.predictForm', { id, seed: 3 });
    expect(form.kind).toBe('table');
    expect(form.columns.map((c) => c.name)).toEqual(['size', 'colour', 'weight']);
    expect(form.columns[1]).toMatchObject({ type: 'categorical', categories: expect.arrayContaining(COLOURS) });
    expect(form.columns[0].whenEmpty).toMatch(/training mean/);
    expect(Object.keys(form.example!.row!)).toEqual(['size', 'colour', 'weight']);
    expect(['rose', 'fern', 'iris']).toContain(form.example!.trueClass);
  });

  it('answers one row with a probability per class; changing a field changes them', async () => {
    const a = await api.call('experiments.predict', { id, row: { size: '11', colour: 'red', weight: '1' } });
    expect(a.classes).toEqual(['fern', 'iris', 'rose']);
    expect(a.probabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5);
    expect(a.predicted).toBe('rose');
    const b = await api.call('experiments.predict', { id, row: { size: '21', colour: 'blue', weight: '1' } });
    expect(b.predicted).toBe('iris');
    // An empty cell takes the import's fill (the training mean), as the import did.
    const filled = await api.call('experiments.predict', { id, row: { size: '', colour: 'red', weight: null } });
    expect(filled.probabilities).toHaveLength(3);
  });

  it('refuses a bad cell by column, in plain words', async () => {
    const err = await refused(api.call('experiments.predict', { id, row: { size: 'tall', colour: 'red', weight: '1' } }));
    expect(err.code).toBe('invalid_input');
    expect(err.message).toBe('The row: column "size" needs a number (got "tall").');
    const extra = await refused(api.call('experiments.predict', { id, row: { size: '1', colour: 'red', weight: '1', height: '2' } }));
    expect(extra.message).toMatch(/column this model does not use: "height"/);
  });
});

describe('Score a file', () => {
  it("the test split's own rows, scored as a file, give the stored test predictions and evaluation", async () => {
    const meta = env.host.repos.datasetData.meta(versionId)!;
    const columns = (JSON.parse(meta.stats) as { previewColumns: string[] }).previewColumns;
    const stored = env.host.repos.datasetData.rows(versionId, 0, 10_000).rows;
    const test = rawSplitRows(columns, stored, JSON.parse(meta.recipe) as Record<string, unknown>);
    expect(test.inOrder).toBe(true);
    expect(test.rows).toHaveLength(meta.test_count);
    const file = join(env.dataDir, 'test-rows.csv');
    writeFileSync(file, [test.columns.join(','), ...test.rows.map(csvLine)].join('\n') + '\n');
    const out = join(env.dataDir, 'out', 'test-preds.csv');
    const r = await api.call('experiments.scoreFile', { id, path: file, out });
    expect(r).toMatchObject({ rows: meta.test_count, scored: meta.test_count, unscored: [] });
    expect(r.columns).toEqual(['row', 'customer_id', 'predicted', 'p_fern', 'p_iris', 'p_rose']);

    const written = Papa.parse<Record<string, string>>(readFileSync(out, 'utf8'), { header: true, skipEmptyLines: true }).data;
    const evaluation = evaluationsRepo(env.host.repos.db).latest(id, 'test')!.predictions!;
    expect(evaluation.labels.length).toBe(written.length);
    let maxDiff = 0;
    written.forEach((line, i) => {
      expect(line.customer_id).toBe(test.rows[i][0]);
      expect(Number(line.row)).toBe(i + 2);
      ['p_fern', 'p_iris', 'p_rose'].forEach((c, k) => (maxDiff = Math.max(maxDiff, Math.abs(Number(line[c]) - evaluation.probs[i * 3 + k]))));
    });
    expect(maxDiff).toBeLessThan(1e-6);

    const ev = await api.call('experiments.evaluation', { id });
    expect(r.evaluation).toMatchObject({ file: 'test-rows.csv', unlabelled: 0 });
    expect(r.evaluation!.metrics.confusion).toEqual(ev.confusion);
    expect(r.evaluation!.metrics.accuracy).toBeCloseTo(ev.accuracy, 10);
    const listed = await api.call('experiments.fileEvaluations', { id });
    expect(listed[0]).toMatchObject({ file: 'test-rows.csv', metrics: { count: meta.test_count } });
  });

  it('lists every row that cannot be scored with its row number and reason, and scores the rest', async () => {
    const file = join(env.dataDir, 'new month.csv');
    const lines = plantsCsv(20).trim().split('\n').map((l) => l.split(','));
    lines[3][1] = 'tall'; // row 4
    lines[8] = lines[8].slice(0, 3); // row 9: too few fields
    lines[12][3] = 'heavy'; // row 13
    writeFileSync(file, lines.map((l) => l.join(',')).join('\n') + '\n');
    const out = join(env.dataDir, 'out', 'new-month-preds.csv');
    const r = await api.call('experiments.scoreFile', { id, path: file, out });
    expect(r.rows).toBe(20);
    expect(r.scored).toBe(17);
    expect(r.unscored).toEqual([
      { row: 4, reason: 'column "size" needs a number (got "tall").' },
      { row: 9, reason: "it does not have the header's 5 fields" },
      { row: 13, reason: 'column "weight" needs a number (got "heavy").' },
    ]);
    const written = readFileSync(out, 'utf8').trim().split('\n');
    expect(written).toHaveLength(18);
    expect(written.slice(1).map((l) => l.split(',')[0])).not.toContain('4');
  });

  it('scores a file of many pieces a batch at a time: every row once, in file order, as Try it scores each', async () => {
    const file = join(env.dataDir, 'large.csv');
    const text = plantsCsv(60_000);
    writeFileSync(file, text);
    expect(text.length).toBeGreaterThan(1.2 * 2 ** 20); // more than one piece of the reader
    const out = join(env.dataDir, 'out', 'large-preds.csv');
    const seen: { phase: string; done: number }[] = [];
    const off = api.on('experiments.scoreProgress', (p) => void seen.push(p));
    const r = await api.call('experiments.scoreFile', { id, path: file, out });
    off();
    expect(r).toMatchObject({ rows: 60_000, scored: 60_000, unscored: [] });
    expect(r.evaluation!.metrics.count).toBe(60_000);
    // Predictions came in more than one batch, the file read further between them.
    const predicting = seen.filter((p) => p.phase === 'predicting').map((p) => p.done);
    expect(predicting.length).toBeGreaterThan(1);
    expect(predicting).toEqual([...predicting].sort((a, b) => a - b));
    const written = Papa.parse<Record<string, string>>(readFileSync(out, 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(written.map((l) => Number(l.row))).toEqual(Array.from({ length: 60_000 }, (_, i) => i + 2));
    const source = text.trim().split('\n').map((l) => l.split(','));
    for (const i of [0, 1, 17_000, 31_337, 59_999]) {
      const [customer_id, size, colour, weight] = source[i + 1];
      expect(written[i].customer_id).toBe(customer_id);
      const one = await api.call('experiments.predict', { id, row: { size, colour, weight } });
      one.classes.forEach((c, k) => expect(Math.abs(Number(written[i][`p_${c}`]) - one.probabilities[k])).toBeLessThan(1e-6));
    }
  });

  it('refuses a file without a column the model reads, naming it', async () => {
    const file = join(env.dataDir, 'no-colour.csv');
    writeFileSync(file, 'size,weight\n1,2\n');
    const err = await refused(api.call('experiments.scoreFile', { id, path: file, out: join(env.dataDir, 'out', 'x.csv') }));
    expect(err.message).toBe('no-colour.csv has no column "colour", which the model reads. Its columns are "size", "weight".');
  });

  it('stops when cancelled, and writes no predictions file', async () => {
    const file = join(env.dataDir, 'big.csv');
    writeFileSync(file, plantsCsv(20_000));
    const out = join(env.dataDir, 'out', 'cancelled.csv');
    const off = api.on('experiments.scoreProgress', (p) => void api.call('experiments.cancelScore', { scoreId: p.scoreId }));
    const err = await refused(api.call('experiments.scoreFile', { id, path: file, out, scoreId: 'to-cancel' }));
    off();
    expect(err.message).toMatch(/cancelled/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(join(env.dataDir, 'out')).filter((f) => f.includes('cancelled'))).toEqual([]);
  });
});

describe('Why it decides: permutation importance', () => {
  it('ranks a column that tells the kind first and the noise column (weight) near zero', async () => {
    const r = await api.call('experiments.importance', { id, repeats: 3 });
    expect(r.columns.map((c) => c.column).sort()).toEqual(['colour', 'size', 'weight']);
    expect(r.rows).toBeGreaterThan(40);
    const weight = r.columns.find((c) => c.column === 'weight')!;
    expect(['size', 'colour']).toContain(r.columns[0]!.column);
    expect(r.columns[0]!.accuracyDrop).toBeGreaterThan(0.15);
    expect(Math.abs(weight.accuracyDrop)).toBeLessThan(0.05);
    expect(r.columns.at(-1)!.column).toBe('weight');

    // Kept with the experiment, and in its report beside the evaluations on scored files.
    const { importance } = await api.call('experiments.explanations', { id });
    expect(importance).toEqual(r);
    const report = join(env.dataDir, 'out', 'plants-report.html');
    await api.call('experiments.report', { ids: [id], path: report });
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('<h3>Which columns matter</h3>');
    expect(html).toMatch(new RegExp(`<tr><td>${r.columns[0]!.column}</td><td><svg`));
    expect(html).toContain('<h3>On scored files</h3>');
    expect(html).toContain('<td>test-rows.csv</td>');
  });

  it('on a table where one column decides the label and two are noise: that column first, the noise near zero', async () => {
    // label = "hot" when temp > 0; hum and wind are uniform noise the label never looks at.
    const rand = seededRandom(mixSeed(31, 5));
    const lines = ['temp,hum,wind,label'];
    for (let i = 0; i < 400; i++) {
      const temp = rand() * 2 - 1;
      lines.push([temp.toFixed(3), (rand() * 2 - 1).toFixed(3), (rand() * 2 - 1).toFixed(3), temp > 0 ? 'hot' : 'cold'].join(','));
    }
    const path = join(env.dataDir, 'weather.csv');
    writeFileSync(path, lines.join('\n') + '\n');
    const imported = await api.call('datasets.importCsv', { path, name: 'weather', label: 'label', split: { train: 0.7, val: 0.1, test: 0.2 } });
    const { graph, layout } = chain([
      { kind: 'InputVector', name: 'features', params: { features: imported.inputShape[0] } },
      { kind: 'Dense', name: 'hidden', params: { units: 8, activation: 'relu' } },
      { kind: 'Output', name: 'output', params: { classes: 2, activation: 'softmax', loss: 'sparseCategoricalCrossentropy' } },
    ]);
    const exp = await api.call('experiments.create', { name: 'weather mlp', graph, layout, datasetId: imported.datasetId, hyperparams: { epochs: 15, batchSize: 16, learningRate: 0.03 } });
    await trainToEnd(exp.id);
    const r = await api.call('experiments.importance', { id: exp.id, repeats: 5 });
    expect(r.columns.map((c) => c.column)[0]).toBe('temp');
    const [temp, ...noise] = r.columns;
    expect(temp!.accuracyDrop).toBeGreaterThan(0.3);
    expect(temp!.logLossRise).toBeGreaterThan(0.3);
    for (const c of noise) {
      expect(Math.abs(c.accuracyDrop), c.column).toBeLessThan(0.05);
      expect(Math.abs(c.logLossRise), c.column).toBeLessThan(temp!.logLossRise / 10);
    }
    expect((await api.call('experiments.explanations', { id: exp.id })).importance?.columns[0]!.column).toBe('temp');
    // A newer test evaluation (what a resumed run writes when it finishes) describes other weights: the
    // importance computed on the old ones is no longer shown.
    evaluationsRepo(env.host.repos.db).insert(exp.id, 'test', { accuracy: 1 }, new Date().toISOString(), null);
    expect(await api.call('experiments.explanations', { id: exp.id })).toEqual({ importance: null });
  });

  it('is for table models, in plain words', async () => {
    const err = await refused(api.call('experiments.importance', { id: 'no-such-experiment' }));
    expect(err.message).not.toMatch(/sqlite|undefined/i);
  });
});
