import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compileGraph } from '../src/main/engine/compile';
import { loadDataset } from '../src/main/engine/data/load';
import { balancedClassWeights } from '../src/main/engine/losses';
import { splitIndices } from '../src/main/engine/training-data';
import { buildPreprocessing, exportModel } from '../src/main/export';
import { hyperparamsSchema } from '../src/shared/api/schemas';
import { TEMPLATES } from '../src/shared/templates';

/**
 * The exported train.py run for real by python3, against a stand-in `keras` package
 * (test/fixtures/fake-keras: it records instead of training, since TensorFlow cannot be installed here).
 * Checks that the script loads data.npz, keeps LayerLab's split, and passes every setting to Keras.
 */
await tf.setBackend('wasm');
const root = mkdtempSync(join(tmpdir(), 'layerlab-keras-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const hp = hyperparamsSchema.parse({
  optimizer: 'adamw',
  learningRate: 0.003,
  weightDecay: 0.02,
  batchSize: 16,
  epochs: 7,
  validationSplit: 0.2,
  seed: 7,
  earlyStoppingPatience: 3,
  restoreBestWeights: true,
  reduceLrPatience: 2,
  reduceLrFactor: 0.25,
  minLearningRate: 1e-5,
  stopOnNaN: true,
  classWeights: 'balanced',
});

interface RunRecord {
  seed: number;
  custom_layers: string[];
  builds: [string, unknown][];
  compile: { optimizer: { class: string; kwargs: Record<string, unknown>; exclude_from_weight_decay?: string[] }; loss: string };
  fit: {
    x_shape: number[];
    x_sum: number;
    y: number[];
    val_x_shape: number[] | null;
    val_x_sum: number;
    val_y_head: number[];
    batch_size: number;
    epochs: number;
    shuffle: boolean;
    class_weight: { [k: string]: number } | null;
    callbacks: { class: string; kwargs: { [k: string]: unknown } }[];
  };
  evaluate: { x_shape: number[]; x_sum: number; y_head: number[] };
  saved: string;
  reloaded: string;
}

async function runExported(templateId: string): Promise<{ record: RunRecord; dir: string }> {
  const template = TEMPLATES.find((t) => t.id === templateId)!;
  const model = compileGraph(template.graph);
  const dir = join(root, templateId);
  const prep = buildPreprocessing({
    inputNames: ['x'],
    inputShape: model.inputs[0].shape.slice(1) as number[],
    kind: 'table',
    labels: ['a', 'b', 'c'].slice(0, model.outputs[0].shape[1] as number),
    recipe: {},
    dataset: { id: template.datasetId, versionId: `${template.datasetId}@1` },
  });
  await exportModel({ format: 'keras', directory: dir, model, name: templateId, preprocessing: prep, graph: template.graph, hyperparams: hp });
  model.dispose();
  const recordFile = join(dir, 'record.json');
  execFileSync('python3', [join(dir, 'train.py')], {
    cwd: dir,
    env: { ...process.env, PYTHONPATH: resolve('test/fixtures/fake-keras'), PYTHONDONTWRITEBYTECODE: '1', FAKE_KERAS_RECORD: recordFile },
  });
  return { record: JSON.parse(readFileSync(recordFile, 'utf8')) as RunRecord, dir };
}

const sum = (x: Float32Array) => x.reduce((a, b) => a + b, 0);

describe('Keras train.py run against a stand-in keras package', () => {
  it('Iris: data.npz with LayerLab\'s split, AdamW with decay, callbacks and balanced class weights', async () => {
    const { record } = await runExported('tabular-mlp');
    const data = await loadDataset('builtin:iris', { train: 0, test: 0 });
    // Same rows: 120 training rows → 96 train + 24 validation (seeded), the 30 test rows unchanged.
    expect(record.fit.x_shape).toEqual([96, 4]);
    expect(record.fit.val_x_shape).toEqual([24, 4]);
    expect(record.evaluate.x_shape).toEqual([30, 4]);
    expect(record.evaluate.x_sum).toBeCloseTo(sum(data.test.x), 3);
    expect(record.evaluate.y_head).toEqual(Array.from(data.test.y.subarray(0, 20)));
    // Train and validation together are exactly the training split, cut by the trainer's seeded shuffle.
    expect(record.fit.x_sum + record.fit.val_x_sum).toBeCloseTo(sum(data.train.x), 3);
    const { val } = splitIndices(120, 0.2, 7);
    expect(record.fit.val_y_head).toEqual(Array.from(val.subarray(0, 20), (r) => data.train.y[r]));
    expect(record.seed).toBe(7);
    expect(record.compile.loss).toBe('sparse_categorical_crossentropy');
    expect(record.compile.optimizer).toMatchObject({
      class: 'AdamW',
      kwargs: { learning_rate: 0.003, weight_decay: 0.02, epsilon: 1e-7 },
      exclude_from_weight_decay: ['bias', 'gamma', 'beta'],
    });
    expect(record.fit).toMatchObject({ batch_size: 16, epochs: 7, shuffle: true });
    expect(record.fit.callbacks).toEqual([
      { class: 'TerminateOnNaN', args: [], kwargs: {} },
      { class: 'EarlyStopping', args: [], kwargs: { monitor: 'val_loss', patience: 3, min_delta: 0, restore_best_weights: true } },
      { class: 'ReduceLROnPlateau', args: [], kwargs: { monitor: 'val_loss', factor: 0.25, patience: 2, min_lr: 1e-5, min_delta: 0 } },
    ]);
    // Keras's class_weight from the training labels, the same weights as LayerLab's trainer computes.
    const weights = Object.values(record.fit.class_weight!);
    expect(weights).toHaveLength(3);
    balancedClassWeights(Int32Array.from(record.fit.y), 3).forEach((w, c) => expect(weights[c]).toBeCloseTo(w, 6));
    expect(record.saved).toBe('tabular-mlp.keras');
    expect(record.reloaded).toBe('tabular-mlp.keras');
  });

  it('Transformer: custom layers register, create their sublayers up front and build them', async () => {
    const { record } = await runExported('transformer-text');
    expect(record.custom_layers).toEqual(['PositionalEmbedding', 'TransformerEncoder']);
    const built = record.builds.map(([cls]) => cls);
    // Sublayers built by their parent's build(): embeddings, attention, both dense layers, both norms.
    for (const cls of ['Embedding', 'MultiHeadAttention', 'Dense', 'LayerNormalization']) expect(built).toContain(cls);
    // The version encodes 100 token ids; the model takes 64: data.npz holds each text's first 64.
    expect(record.fit.x_shape[1]).toBe(64);
  });

  it('every template\'s train.py compiles (python3 -m py_compile)', async () => {
    for (const t of TEMPLATES) {
      const dir = join(root, `compile-${t.id}`);
      const model = compileGraph(t.graph);
      const prep = buildPreprocessing({ inputNames: ['x'], inputShape: [1], kind: 'unknown', labels: [], recipe: {} });
      const { files, notes } = await exportModel({
        format: 'keras',
        directory: dir,
        model,
        name: t.id,
        preprocessing: prep,
        graph: t.graph,
        hyperparams: hyperparamsSchema.parse({ optimizer: 'rmsprop', trainLimit: 50, testLimit: 20 }),
        datasetId: t.datasetId,
      });
      model.dispose();
      execFileSync('python3', ['-m', 'py_compile', join(dir, 'train.py')], { env: { ...process.env, PYTHONPYCACHEPREFIX: join(root, 'pycache') } });
      expect(files.map((f) => f.split('/').pop()).sort()).toEqual(['README.md', 'data.npz', 'preprocessing.json', 'train.py']);
      expect(notes!.some((n) => /RMSprop/.test(n))).toBe(true);
      expect(readFileSync(join(dir, 'train.py'), 'utf8')).toMatch(/# {3}- RMSprop: TensorFlow\.js adds epsilon/);
    }
  });
});
