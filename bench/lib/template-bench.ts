/**
 * Training-speed cases for the app's own templates (src/shared/templates): the TensorFlow.js side
 * compiles the template graph with the app's compiler and trains it through the app's training step on
 * the template's built-in dataset; the PyTorch side (bench/torch_template.py) builds the same layers from
 * the same graph and trains on byte-identical arrays, which the case writes to a temp folder.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { hyperparamsSchema } from '../../src/shared/api/schemas';
import { seededRandom } from '../../src/shared/random';
import type { GraphTemplate } from '../../src/shared/templates';
import { compileGraph } from '../../src/main/engine/compile';
import { findBuiltin } from '../../src/main/engine/data/builtins';
import { compileForTraining } from '../../src/main/engine/losses';
import { makeOptimizer } from '../../src/main/engine/optimizers';
import { BATCH, onEachBackend, perSample, trainFigures, type TrainData } from './train-bench';
import { torchFigures } from './torch';
import type { BenchCase, BenchContext } from './types';

const torchScript = fileURLToPath(new URL('../torch_template.py', import.meta.url));

/** The training settings of every figure: the app's defaults (Adam 1e-3, batch 64, seed 42). */
const HYPERPARAMS = hyperparamsSchema.parse({ optimizer: 'adam', learningRate: 1e-3, batchSize: BATCH });

/** The config of the optimizer the app builds for HYPERPARAMS (Adam: learningRate, beta1, beta2, epsilon). */
async function optimizerConfig(): Promise<Record<string, unknown>> {
  await tf.ready(); // the optimizer makes tensors; the torch case may run before any backend started
  const opt = makeOptimizer(HYPERPARAMS);
  const config = opt.getConfig() as Record<string, unknown>;
  opt.dispose();
  return config;
}

/** The loss the template's Output layer asks for. */
export function templateLoss(template: GraphTemplate): string {
  const out = template.graph.nodes.find((n) => n.kind === 'Output');
  return String(out?.params.loss ?? 'sparseCategoricalCrossentropy');
}

/** The template graph → tf.LayersModel, as runTraining builds it: seeded init, app optimizer and loss. */
export function templateModel(template: GraphTemplate): tf.LayersModel {
  const random = Math.random;
  Math.random = seededRandom(HYPERPARAMS.seed);
  try {
    const model = compileGraph(template.graph);
    compileForTraining(model, makeOptimizer(HYPERPARAMS), templateLoss(template), null);
    return model;
  } finally {
    Math.random = random;
  }
}

/**
 * The first `samples` rows of the training split of the template's built-in dataset, preprocessed as the
 * app does (z-scored columns, tokenised text); a split smaller than that is repeated row by row.
 */
export async function templateData(
  template: GraphTemplate,
  samples: number,
): Promise<TrainData & { rows: number }> {
  const info = findBuiltin(template.datasetId);
  if (!info) throw new Error(`No built-in dataset ${template.datasetId}.`);
  const d = await info.load({ train: 0, test: 0 });
  const per = perSample(d.inputShape);
  const rows = d.train.count;
  const count = Math.max(1, samples);
  const x = new Float32Array(count * per);
  const y = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const r = i % rows;
    x.set(d.train.x.subarray(r * per, (r + 1) * per), i * per);
    y[i] = d.train.y[r]!;
  }
  return { x, y, count, inputShape: d.inputShape, classes: d.classes.length, rows };
}

/** SHA-256 of the feature bytes then the label bytes (the Python side prints the same digest). */
export function dataDigest(data: TrainData): string {
  const h = createHash('sha256');
  h.update(new Uint8Array(data.x.buffer, data.x.byteOffset, data.x.byteLength));
  h.update(new Uint8Array(data.y.buffer, data.y.byteOffset, data.y.byteLength));
  return h.digest('hex');
}

/** The template's layers in chain order (kind and params), what torch_template.py rebuilds. */
function chainLayers(
  template: GraphTemplate,
): { kind: string; name: string; params: Record<string, unknown> }[] {
  const { nodes, edges } = template.graph;
  const next = new Map(edges.map((e) => [e.source, e.target]));
  let node = nodes.find((n) => !edges.some((e) => e.target === n.id));
  const out = [];
  while (node) {
    out.push({ kind: node.kind, name: node.name, params: node.params as Record<string, unknown> });
    const id = next.get(node.id);
    node = id ? nodes.find((n) => n.id === id) : undefined;
  }
  if (out.length !== nodes.length) throw new Error(`Template ${template.id} is not a chain.`);
  return out;
}

/** Samples for a template case: env `knob` if set, else ctx.samples × `scale` (cheap models run more). */
function samplesFor(ctx: BenchContext, knob: string, scale: number): number {
  return Number(process.env[knob]) || ctx.samples * scale;
}

export interface TemplateCaseSpec {
  /** Case name prefix: `<prefix>-tfjs` and `<prefix>-torch`. */
  prefix: string;
  template: GraphTemplate;
  /** Env variable overriding the sample count (e.g. BENCH_MLP_SAMPLES). */
  samplesEnv: string;
  /** Default samples = BENCH_SAMPLES × this. */
  scale: number;
  description: string;
  /** Backends left out unless BENCH_BACKENDS names them, with the reason printed. */
  skipBackends?: Record<string, string>;
}

const taskOf = (spec: TemplateCaseSpec) => `${spec.prefix}-train`;

/** Our side: the template trained on each backend, single-threaded and (wasm) data-parallel. */
export function templateTfjsCase(spec: TemplateCaseSpec): BenchCase {
  return {
    name: `${spec.prefix}-tfjs`,
    rounds: true,
    description: `${spec.description}; TensorFlow.js, single-threaded and data-parallel`,
    async run(ctx) {
      const samples = samplesFor(ctx, spec.samplesEnv, spec.scale);
      return onEachBackend(
        ctx,
        samples,
        async (backend, n, repeats) => {
          const data = await templateData(spec.template, n);
          const model = templateModel(spec.template);
          const params = model.countParams();
          model.dispose();
          ctx.log(
            `  ${spec.template.id} (${params} weights) on ${spec.template.datasetId}: ${data.count} samples from ${data.rows} rows`,
          );
          return trainFigures({
            task: taskOf(spec),
            backend,
            data,
            makeModel: () => templateModel(spec.template),
            loss: templateLoss(spec.template),
            repeats,
            log: ctx.log,
            extra: {
              template: spec.template.id,
              dataset: spec.template.datasetId,
              params,
              sha256: dataDigest(data),
            },
          });
        },
        spec.skipBackends,
      );
    },
  };
}

/** The PyTorch anchor: the same layers, loss, optimizer, batch and bytes, 1 and 2 threads. */
export function templateTorchCase(spec: TemplateCaseSpec): BenchCase {
  return {
    name: `${spec.prefix}-torch`,
    rounds: true,
    description: `${spec.description}; PyTorch CPU anchor (second epoch reported)`,
    async run(ctx) {
      const data = await templateData(spec.template, samplesFor(ctx, spec.samplesEnv, spec.scale));
      const dir = mkdtempSync(join(os.tmpdir(), `layerlab-bench-${spec.prefix}-`));
      try {
        writeFileSync(
          join(dir, 'x.f32'),
          new Uint8Array(data.x.buffer, data.x.byteOffset, data.x.byteLength),
        );
        writeFileSync(
          join(dir, 'y.i32'),
          new Uint8Array(data.y.buffer, data.y.byteOffset, data.y.byteLength),
        );
        const meta = {
          template: spec.template.id,
          dataset: spec.template.datasetId,
          count: data.count,
          inputShape: data.inputShape,
          classes: data.classes,
          batch: BATCH,
          // The app's optimizer as configured (Adam: learningRate, beta1, beta2, epsilon).
          optimizer: { name: HYPERPARAMS.optimizer, ...(await optimizerConfig()) },
          loss: templateLoss(spec.template),
          layers: chainLayers(spec.template),
          sha256: dataDigest(data),
        };
        writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta, null, 2));
        const figures = torchFigures({
          script: torchScript,
          args: (threads) => [dir, String(threads), '2'],
          task: taskOf(spec),
          log: ctx.log,
        });
        for (const f of figures)
          if (f.extra?.sha256 !== meta.sha256)
            ctx.log(`  warning: torch read different bytes (${String(f.extra?.sha256)})`);
        return figures;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
