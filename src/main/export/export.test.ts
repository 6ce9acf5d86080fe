import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileGraph } from '../engine/compile';
import { TEMPLATES } from '../../shared/templates';
import { exportPlan } from '../../shared/codegen/plan';
import { hyperparamsSchema } from '../../shared/api/schemas';
import { buildPreprocessing, exportModel } from '.';
import { paritySamples, tfjsParity } from './parity';

const root = mkdtempSync(join(tmpdir(), 'layerlab-export-'));
// wasm: several times faster than cpu at the CNNs' forward pass. Top level: models are built while collecting.
await tf.setBackend('wasm');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const mnist = TEMPLATES[0].datasetId;
const prepFor = (model: tf.LayersModel, datasetId: string) =>
  buildPreprocessing({
    inputNames: model.inputs.map((t) => t.sourceLayer.name),
    inputShape: model.inputs[0].shape.slice(1) as number[],
    kind: datasetId === mnist ? 'image' : 'unknown',
    labels: Array.from({ length: model.outputs[0].shape[1] as number }, (_v, i) => `class_${i}`),
    recipe: datasetId === mnist ? { scale: '0..1' } : {},
    dataset: { id: datasetId, versionId: `${datasetId}@1` },
  });

describe.each(TEMPLATES.map((t) => [t.id, t] as const))('template %s', (id, template) => {
  const model = compileGraph(template.graph);
  const job = (format: 'tfjs' | 'onnx' | 'keras') => ({
    format,
    directory: join(root, id, format),
    model,
    name: id,
    preprocessing: prepFor(model, template.datasetId),
    graph: template.graph,
    hyperparams: hyperparamsSchema.parse({ epochs: 3, batchSize: 32, learningRate: 0.002, trainLimit: 300, testLimit: 200 }),
    datasetId: template.datasetId,
    paritySamples: 200,
  });

  it.each(['tfjs', 'onnx'] as const)('exports %s that predicts like the app', async (format) => {
    const { files, parity } = await exportModel(job(format));
    console.log(
      `${id} ${format}: ${parity!.samples} ${parity!.source} samples, top-1 agreement ${(parity!.top1Agreement * 100).toFixed(1)} %, ` +
        `max |Δp| ${parity!.maxAbsDiff.toExponential(2)} (${parity!.runtime})`,
    );
    expect(parity!.top1Agreement).toBe(1);
    expect(parity!.maxAbsDiff).toBeLessThan(1e-4);
    expect(parity!.passed).toBe(true);
    // Every template's dataset is built in: held-out test rows (text cut to the model's length), never synthetic.
    expect(parity!.source).toBe('test split');
    if (format === 'tfjs') expect(parity!.runtime).toMatch(/separate Node process with only the folder's files/);
    expect(files.map((f) => f.split('/').pop()).sort()).toEqual(
      format === 'onnx'
        ? ['README.md', 'model.onnx', 'parity.json', 'preprocessing.json']
        : ['README.md', 'custom-layers.js', 'load.js', 'model.json', 'parity.json', 'preprocessing.json', 'weights.bin'],
    );
    const written = JSON.parse(readFileSync(join(job(format).directory, 'parity.json'), 'utf8'));
    expect(written).toMatchObject({ samples: parity!.samples, top1Agreement: 1, maxAbsDiff: parity!.maxAbsDiff });
    // No staging folder is left behind.
    expect(readdirSync(job(format).directory).filter((f) => f.startsWith('.'))).toEqual([]);
    const prep = JSON.parse(readFileSync(join(job(format).directory, 'preprocessing.json'), 'utf8'));
    expect(prep.inputShape).toEqual(model.inputs[0].shape.slice(1));
    if (id === 'mnist-cnn') expect(prep.scaling.divideBy).toBe(255);
  });

  it('writes a train.py that compiles and names the same layers and shapes as the graph', async () => {
    const { files } = await exportModel(job('keras'));
    const script = readFileSync(
      files.find((f) => f.endsWith('train.py'))!,
      'utf8',
    );
    execFileSync('python3', ['-m', 'py_compile', files.find((f) => f.endsWith('train.py'))!]);
    for (const step of exportPlan(template.graph)) {
      if (step.spec.inputs.max === 0) {
        expect(script).toContain(
          `keras.Input(shape=(${step.shape.join(', ')}${step.shape.length === 1 ? ',' : ''})`,
        );
        continue;
      }
      const cls = step.node.kind === 'Flatten' ? 'Flatten' : step.compiled.className;
      expect(script).toMatch(new RegExp(`${cls}\\([^\\n]*name="${step.node.name}"`));
    }
    expect(script).toContain(`BATCH_SIZE = 32`);
    expect(script).toContain(`EPOCHS = 3`);
    expect(script).toContain(`LEARNING_RATE = 0.002`);
    expect(script).toContain(`VALIDATION_SPLIT = 0.1`);
    // The data ships beside the script (the version's preprocessed arrays), never a placeholder path.
    expect(script).toContain('np.load(DATA_FILE)');
    expect(script).not.toMatch(/path\/to\/your/);
    expect(files.map((f) => f.split('/').pop()).sort()).toEqual(['README.md', 'data.npz', 'preprocessing.json', 'train.py']);
    expect(
      readFileSync(
        files.find((f) => f.endsWith('README.md'))!,
        'utf8',
      ),
    ).toMatch(/MultiWorkerMirroredStrategy/);
  });
});

describe('TF.js folder outside the app', () => {
  it('fails the parity check when the folder does not carry the custom layers (the check can fail)', async () => {
    const template = TEMPLATES.find((t) => t.id === 'transformer-text')!;
    const model = compileGraph(template.graph);
    const directory = join(root, 'no-custom-layers');
    await exportModel({ format: 'tfjs', directory, model, name: 'x', preprocessing: prepFor(model, 'none') });
    writeFileSync(join(directory, 'custom-layers.js'), 'export function registerCustomLayers() {}\n');
    const samples = await paritySamples(model, null, 4);
    await expect(tfjsParity(model, directory, samples)).rejects.toThrow(/Unknown layer: PositionalEmbedding/);
  });
});

describe('export refusals', () => {
  it('refuses an ONNX export of an unsupported layer before writing anything', async () => {
    const input = tf.input({ shape: [4] });
    const out = tf.layers
      .flatten()
      .apply(tf.layers.repeatVector({ n: 2, name: 'repeat' }).apply(input)) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    const directory = join(root, 'refused');
    await expect(
      exportModel({ format: 'onnx', directory, model, name: 'x', preprocessing: prepFor(model, 'none') }),
    ).rejects.toThrow(/RepeatVector layer has no ONNX form/);
    expect(existsSync(directory)).toBe(false);
  });

  it('leaves unrelated files in the destination folder alone', async () => {
    const model = compileGraph(TEMPLATES[1].graph);
    const directory = join(root, 'shared-folder');
    await exportModel({ format: 'onnx', directory, model, name: 'x', preprocessing: prepFor(model, 'none') });
    writeFileSync(join(directory, 'notes.txt'), 'mine');
    await exportModel({ format: 'tfjs', directory, model, name: 'x', preprocessing: prepFor(model, 'none') });
    expect(readdirSync(directory).sort()).toEqual([
      'README.md',
      'custom-layers.js',
      'load.js',
      'model.json',
      'model.onnx',
      'notes.txt',
      'parity.json',
      'preprocessing.json',
      'weights.bin',
    ]);
  });
});
