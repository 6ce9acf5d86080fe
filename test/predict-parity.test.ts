/**
 * One preprocessing path, checked end to end for image and text models (the table case is in
 * predict.test.ts): the test split's own files / rows, handed to "Score a file" as a user would have them
 * (the original PNGs in their class folders; the original CSV rows), give the stored test evaluation's
 * probabilities to within 1e-6. And "Why?" on a real CNN trained where the class is a bright patch's
 * position: the occlusion map's peak lies on the patch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import sharp from 'sharp';
import { createClient, type ApiClient } from '../src/shared/api/client';
import { chain } from '../src/shared/templates';
import { mixSeed, seededRandom } from '../src/shared/random';
import { inProcessTransport } from '../src/main/transport/in-process';
import { evaluationsRepo } from '../src/main/db/repos/evaluations';
import { rawSplitRows } from '../src/main/predict/raw-rows';
import { gridCells, imageParts, occlude, type Cell } from '../src/renderer/src/pages/experiments/occlusion';
import { tempHost } from './helpers';

const env = tempHost();
const api = createClient(inProcessTransport(env.host.handlers, env.host.bus));
afterAll(() => env.cleanup());

async function trainToEnd(client: ApiClient, id: string): Promise<void> {
  await client.call('training.start', { id });
  for (const until = Date.now() + 240_000; ; ) {
    const e = await client.call('experiments.get', { id });
    if (e.status === 'completed') return;
    if (e.status !== 'running' && e.status !== 'draft') throw new Error(`training ended ${e.status}: ${e.error}`);
    if (Date.now() > until) throw new Error('training did not finish');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The largest |p_file − p_stored| over every scored row and class; `index` maps a written line to its test sample. */
function largestDifference(out: string, classes: string[], stored: Float32Array, index: (line: Record<string, string>) => number): number {
  const written = Papa.parse<Record<string, string>>(readFileSync(out, 'utf8'), { header: true, skipEmptyLines: true }).data;
  let maxDiff = 0;
  for (const line of written) {
    const i = index(line);
    classes.forEach((c, k) => (maxDiff = Math.max(maxDiff, Math.abs(Number(line[`p_${c}`]) - stored[i * classes.length + k]))));
  }
  return maxDiff;
}

// ---- images: 28×28 grayscale, dark and noisy, with a bright 7×7 patch whose position is the class ----
const SIZE = 28;
const PATCH = 7;
/** Top-left corner of the patch per class. */
const SPOTS: Record<string, [number, number]> = { bottom: [10, 19], left: [2, 3], right: [19, 3] };

function patchImage(cls: string, rand: () => number): Buffer {
  const [px, py] = SPOTS[cls]!;
  const jx = px + Math.floor(rand() * 3) - 1;
  const jy = py + Math.floor(rand() * 3) - 1;
  const pixels = Buffer.alloc(SIZE * SIZE);
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) {
      const inPatch = x >= jx && x < jx + PATCH && y >= jy && y < jy + PATCH;
      pixels[y * SIZE + x] = inPatch ? 200 + Math.floor(rand() * 55) : Math.floor(rand() * 40);
    }
  return pixels;
}

const png = (pixels: Buffer) => sharp(pixels, { raw: { width: SIZE, height: SIZE, channels: 1 } }).png().toBuffer();

describe('image model', () => {
  const root = join(env.dataDir, 'patches');
  let id = '';
  let versionId = '';
  let classes: string[] = [];

  beforeAll(async () => {
    const rand = seededRandom(mixSeed(17, 2));
    for (const cls of Object.keys(SPOTS)) {
      mkdirSync(join(root, cls), { recursive: true });
      for (let i = 0; i < 30; i++) writeFileSync(join(root, cls, `${cls}-${String(i).padStart(2, '0')}.png`), await png(patchImage(cls, rand)));
    }
    const imported = await api.call('datasets.importImages', { directory: root, name: 'patches', width: SIZE, height: SIZE, color: 'grayscale', split: { train: 0.6, val: 0.1, test: 0.3 }, seed: 5 });
    versionId = imported.versionId;
    classes = imported.classes;
    const { graph, layout } = chain([
      { kind: 'InputImage', name: 'input', params: { height: SIZE, width: SIZE, channels: 1 } },
      { kind: 'Conv2D', name: 'conv', params: { filters: 4, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu' } },
      { kind: 'MaxPool2D', name: 'pool', params: { poolSize: 2, strides: 0, padding: 'valid' } },
      { kind: 'Flatten', name: 'flatten', params: {} },
      { kind: 'Output', name: 'out', params: { classes: 3, activation: 'softmax', loss: 'sparseCategoricalCrossentropy' } },
    ]);
    // Few, slow steps: a model that is not yet sure of every image, so covering the patch shows in its probability.
    const exp = await api.call('experiments.create', { name: 'patch cnn', graph, layout, datasetId: imported.datasetId, hyperparams: { epochs: 2, batchSize: 8, learningRate: 0.001 } });
    id = exp.id;
    await trainToEnd(api, id);
  }, 300_000);

  it("the test split's own image files, scored as a folder, give the stored test predictions", async () => {
    // The stored rows say which file became which test sample: [split, class, file, index in split].
    const meta = env.host.repos.datasetData.meta(versionId)!;
    const stored = env.host.repos.datasetData.rows(versionId, 0, 10_000).rows.filter((r) => r[0] === 'test');
    expect(stored).toHaveLength(meta.test_count);
    const folder = join(env.dataDir, 'to-score');
    const sampleOf = new Map<string, number>();
    for (const [, cls, file, index] of stored) {
      mkdirSync(join(folder, cls!), { recursive: true });
      copyFileSync(join(root, file!), join(folder, file!));
      sampleOf.set(file!, Number(index));
    }
    const out = join(env.dataDir, 'out', 'patch-preds.csv');
    const r = await api.call('experiments.scoreFile', { id, path: folder, out });
    expect(r).toMatchObject({ rows: meta.test_count, scored: meta.test_count, unscored: [] });
    expect(r.columns).toEqual(['file', 'predicted', ...classes.map((c) => `p_${c}`)]);
    const evaluation = evaluationsRepo(env.host.repos.db).latest(id, 'test')!.predictions!;
    expect(evaluation.labels.length).toBe(meta.test_count);
    expect(largestDifference(out, classes, evaluation.probs, (line) => sampleOf.get(line.file!)!)).toBeLessThan(1e-6);
    // The class folders are the true labels: the file's evaluation is the test evaluation.
    const ev = await api.call('experiments.evaluation', { id });
    expect(r.evaluation!.metrics.confusion).toEqual(ev.confusion);
  });

  it("Why?: the occlusion map's peak lies on the bright patch", async () => {
    // As the Why? panel does in the browser: a 7×7 grid, each cell painted over with the image's mean grey.
    const cells = gridCells(SIZE, SIZE, 7);
    const rand = seededRandom(mixSeed(99, 3));
    for (const cls of Object.keys(SPOTS)) {
      const pixels = patchImage(cls, rand);
      const mean = Math.round(pixels.reduce((a, v) => a + v, 0) / pixels.length);
      const cover = async (cell: Cell) => {
        const copy = Buffer.from(pixels);
        for (let y = cell.y; y < cell.y + cell.h; y++) copy.fill(mean, y * SIZE + cell.x, y * SIZE + cell.x + cell.w);
        return (await png(copy)).toString('base64');
      };
      const whole = (await png(pixels)).toString('base64');
      const predict = async (image: string) => (await api.call('experiments.predict', { id, image })).probabilities;
      const r = await occlude(whole, await imageParts(cells, cover), predict);
      expect(classes[r.classIndex]).toBe(cls);
      // The patch (with its ±1 jitter) spans [x−1, x+PATCH+1) × [y−1, y+PATCH+1).
      const [px, py] = SPOTS[cls]!;
      const onPatch = (c: Cell) => c.x < px + PATCH + 1 && c.x + c.w > px - 1 && c.y < py + PATCH + 1 && c.y + c.h > py - 1;
      const peak = r.effects.reduce((best, e) => (e.delta > best.delta ? e : best));
      expect(onPatch(cells[Number(peak.name)]!), `${cls}: peak cell ${JSON.stringify(cells[Number(peak.name)])}`).toBe(true);
      // A real peak, not the largest of rounding noise: well above every cell off the patch.
      expect(peak.delta).toBeGreaterThan(0.01);
      const offPatch = Math.max(...r.effects.filter((e) => !onPatch(cells[Number(e.name)]!)).map((e) => Math.abs(e.delta)));
      expect(offPatch).toBeLessThan(peak.delta / 2);
    }
  });
});

// ---- text: a review's words tell its sentiment; an id column the import leaves out ----
const GOOD = ['great', 'lovely', 'superb', 'fine', 'tasty', 'friendly'];
const BAD = ['awful', 'rude', 'cold', 'stale', 'slow', 'dirty'];
const FILLER = ['the', 'food', 'was', 'and', 'service', 'staff', 'place', 'very', 'really'];

function reviewsCsv(rows: number): string {
  const rand = seededRandom(mixSeed(23, 4));
  const pick = (words: string[]) => words[Math.floor(rand() * words.length)]!;
  const lines = [['review_id', 'review', 'sentiment']];
  for (let i = 0; i < rows; i++) {
    const positive = rand() < 0.5;
    const words = Array.from({ length: 3 + Math.floor(rand() * 6) }, () => (rand() < 0.4 ? pick(positive ? GOOD : BAD) : pick(FILLER)));
    if (rand() < 0.1) words.push(`zz${i}`); // a word seen once: outside the vocabulary
    lines.push([`r${i}`, words.join(' '), positive ? 'pos' : 'neg']);
  }
  return Papa.unparse(lines) + '\n';
}

describe('text model', () => {
  it("the test split's own CSV rows, scored as a file, give the stored test predictions", async () => {
    const path = join(env.dataDir, 'reviews.csv');
    writeFileSync(path, reviewsCsv(240));
    const imported = await api.call('datasets.importCsv', {
      path,
      name: 'reviews',
      label: 'sentiment',
      columns: { review: { type: 'text' } },
      text: { vocabSize: 40, length: 8 },
      split: { train: 0.7, val: 0.1, test: 0.2 },
    });
    expect(imported.kind).toBe('text');
    const { graph, layout } = chain([
      { kind: 'InputSequence', name: 'tokens', params: { length: 8, vocabSize: 40 } },
      { kind: 'Embedding', name: 'embedding', params: { vocabSize: 40, outputDim: 8 } },
      { kind: 'GlobalAveragePool1D', name: 'pool', params: {} },
      { kind: 'Output', name: 'out', params: { classes: 2, activation: 'softmax', loss: 'sparseCategoricalCrossentropy' } },
    ]);
    const exp = await api.call('experiments.create', { name: 'reviews', graph, layout, datasetId: imported.datasetId, hyperparams: { epochs: 4, batchSize: 16, learningRate: 0.05 } });
    await trainToEnd(api, exp.id);

    const meta = env.host.repos.datasetData.meta(imported.versionId)!;
    const columns = (JSON.parse(meta.stats) as { previewColumns: string[] }).previewColumns;
    const test = rawSplitRows(columns, env.host.repos.datasetData.rows(imported.versionId, 0, 10_000).rows, JSON.parse(meta.recipe) as Record<string, unknown>);
    expect(test.inOrder).toBe(true);
    const file = join(env.dataDir, 'test-reviews.csv');
    writeFileSync(file, Papa.unparse([test.columns, ...test.rows.map((r) => r.map((c) => c ?? ''))]) + '\n');
    const out = join(env.dataDir, 'out', 'review-preds.csv');
    const r = await api.call('experiments.scoreFile', { id: exp.id, path: file, out });
    expect(r).toMatchObject({ rows: meta.test_count, scored: meta.test_count, unscored: [] });
    expect(r.columns).toEqual(['row', 'review_id', 'predicted', 'p_neg', 'p_pos']);
    const evaluation = evaluationsRepo(env.host.repos.db).latest(exp.id, 'test')!.predictions!;
    expect(largestDifference(out, imported.classes, evaluation.probs, (line) => Number(line.row) - 2)).toBeLessThan(1e-6);
    expect(r.evaluation!.metrics.accuracy).toBeGreaterThan(0.7);
  });
});
