import { z } from 'zod';
import { idSchema } from '../../shared/api/schemas';

/** Format tag and version written into every bundle. */
export const BUNDLE_FORMAT = 'layerlab.experiments';
export const BUNDLE_VERSION = 1;

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');
const fileName = z
  .string()
  .regex(/^[\w-][\w.-]{0,127}$/, 'a plain file name')
  .refine((n) => !n.includes('..'), 'a plain file name');
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
  graph: z.unknown(),
  layout: z.unknown(),
  hyperparams: z.record(z.string(), z.unknown()),
  paramCount: z.number().int(),
  backend: z.string().max(64).nullable(),
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
