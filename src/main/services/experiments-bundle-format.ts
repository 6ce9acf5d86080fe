import { z } from 'zod';
import { graphLayoutSchema, hyperparamsSchema, idSchema, modelGraphSchema } from '../../shared/api/schemas';
import { getLayerSpec } from '../../shared/layers/catalog';
import { isSafeSegment } from '../fs/safe-paths';
import { parseModelManifest, weightFiles } from '../engine/model-manifest';

/** Format tag and version written into every bundle. */
export const BUNDLE_FORMAT = 'layerlab.experiments';
export const BUNDLE_VERSION = 1;

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');
/** Model file names become paths under the run folder: the one safe-segment rule (fs/safe-paths). */
const fileName = z.string().refine(isSafeSegment, 'must be a plain file name (no "../", "/" or ":")');
const num = z.number().nullable();

/** A dataset's identity and recipe, so an importing project can tell what the run trained on. */
const datasetSchema = z.object({
  id: idSchema,
  name: z.string().max(500),
  description: z.string().max(20_000).default(''),
  kind: z.enum(['image', 'table', 'text']),
  source: z.string().max(4096),
  versionId: z.string().min(1).max(300),
  version: z.number().int(),
  inputShape: z.array(z.number().int()),
  classes: z.array(z.string().max(500)),
  trainCount: z.number().int(),
  valCount: z.number().int().default(0),
  testCount: z.number().int(),
  recipe: z.unknown(),
  stats: z.unknown().optional(),
  /** includeData: the stored samples (float32/int32 chunks, base64) and preview rows. */
  data: z
    .object({
      chunks: z.array(
        z.object({
          split: z.enum(['train', 'val', 'test']),
          index: z.number().int(),
          count: z.number().int(),
          x: b64,
          y: b64,
        }),
      ),
      rows: z.array(z.array(z.array(z.string().nullable()))),
    })
    .optional(),
});

const experimentSchema = z.object({
  id: idSchema,
  name: z.string().min(1).max(200),
  status: z.enum(['draft', 'running', 'completed', 'failed', 'cancelled', 'interrupted']),
  datasetId: idSchema,
  datasetVersionId: z.string().min(1).max(300),
  /** The same graph schema as the contract and graph files; layer kinds must be known to this build. */
  graph: modelGraphSchema.superRefine((g, c) => {
    const unknown = g.nodes.find((n) => !getLayerSpec(n.kind));
    if (unknown) c.addIssue({ code: 'custom', message: `layer "${unknown.name}" has the unknown kind "${unknown.kind}"` });
  }),
  layout: graphLayoutSchema.default({ positions: {} }),
  hyperparams: hyperparamsSchema,
  paramCount: z.number().int(),
  backend: z.string().max(64).nullable(),
  /** The WebGPU adapter of a webgpu run; absent in bundles written before it was recorded. */
  backendAdapter: z
    .object({ vendor: z.string().max(200), architecture: z.string().max(200), description: z.string().max(500), software: z.boolean() })
    .nullable()
    .default(null),
  createdAt: z.string().max(64),
  startedAt: z.string().max(64).nullable(),
  finishedAt: z.string().max(64).nullable(),
  error: z.string().max(20_000).nullable(),
  testAccuracy: num,
  testLoss: num,
  checkpointEpoch: z.number().int(),
  tags: z.array(z.string().max(64)),
  notes: z.string().max(20_000),
  epochs: z.array(
    z.object({
      epoch: z.number().int(),
      loss: z.number(),
      accuracy: z.number(),
      valLoss: num,
      valAccuracy: num,
      seconds: z.number(),
    }),
  ),
  evaluations: z.array(
    z.object({
      split: z.string().max(32),
      metrics: z.record(z.string(), z.unknown()),
      createdAt: z.string().max(64),
      predictions: z
        .object({ width: z.number().int().min(1), probs: b64, labels: b64, indices: b64 })
        .nullable(),
    }),
  ),
  /** Model files of `<dataDir>/experiments/<id>/model/`, base64. */
  model: z.record(fileName, b64),
  dataset: datasetSchema.nullable(),
}).superRefine((e, c) => {
  // model.json must be a TF.js Layers manifest naming only plain weight files the bundle carries.
  const manifest = e.model['model.json'];
  if (manifest === undefined) return;
  const parsed = parseModelManifest(Buffer.from(manifest, 'base64').toString('utf8'));
  if (!parsed.ok) return void c.addIssue({ code: 'custom', path: ['model'], message: parsed.message });
  const missing = weightFiles(parsed.manifest).find((f) => !(f in e.model));
  if (missing) c.addIssue({ code: 'custom', path: ['model'], message: `model.json names the weights file "${missing}", which the bundle does not carry` });
});

/** A whole bundle file. Imported bundles are hostile until this schema accepts them. */
export const bundleSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  createdAt: z.string(),
  app: z.string(),
  experiments: z.array(experimentSchema).max(1000),
});
export type Bundle = z.infer<typeof bundleSchema>;
export type BundledExperiment = Bundle['experiments'][number];
export type BundledDataset = NonNullable<BundledExperiment['dataset']>;
