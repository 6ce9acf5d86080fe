import { z } from 'zod';

/** A param value in graph JSON. */
export const paramValueSchema = z.union([z.number(), z.string(), z.boolean(), z.array(z.number()), z.null()]);

/**
 * Identifiers used for nodes, edges, experiments, datasets: short, printable, no path characters, and
 * starting and ending with a letter, digit, `_` or `-`, so `.`, `..`, `/`, `\` and empty segments are
 * refused at the contract (the folder rule itself is main/fs/safe-paths.ts).
 */
export const idSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\w-](?:[\w.:-]*[\w-])?$/, 'use letters, digits, _ . : - (not starting or ending with . or :)')
  .refine((s) => !s.includes('..'), 'must not contain ".."');

export const layerNodeSchema = z.object({
  id: idSchema,
  kind: z.string().min(1).max(64),
  name: z.string().min(1).max(128),
  params: z.record(z.string().max(64), paramValueSchema),
});

export const graphEdgeSchema = z.object({
  id: idSchema,
  source: idSchema,
  target: idSchema,
  targetPort: z.number().int().min(0).max(64),
});

/** The model graph as it crosses the contract and is stored. */
export const modelGraphSchema = z.object({
  nodes: z.array(layerNodeSchema).max(5000),
  edges: z.array(graphEdgeSchema).max(20000),
});

export const graphLayoutSchema = z.object({
  positions: z.record(z.string(), z.object({ x: z.number(), y: z.number() })),
});

export const OPTIMIZERS = ['adam', 'adamw', 'sgd', 'momentum', 'rmsprop'] as const;

/** Training settings. Defaults are the seed's Keras example (Adam 1e-3, batch 64, 10 epochs). */
export const hyperparamsSchema = z.object({
  optimizer: z.enum(OPTIMIZERS).default('adam'),
  learningRate: z.number().positive().max(10).default(0.001),
  batchSize: z.number().int().min(1).max(8192).default(64),
  epochs: z.number().int().min(1).max(1000).default(10),
  /** Fraction of the training split held out for validation (0 = none). */
  validationSplit: z.number().min(0).max(0.5).default(0.1),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
  /** Use only the first N training samples (0 = all): quick trial runs. */
  trainLimit: z.number().int().min(0).default(0),
  /** Evaluate on only the first N test samples (0 = all). */
  testLimit: z.number().int().min(0).default(0),
  /** Decoupled weight decay per step, applied with AdamW (fraction of the learning rate × weight). */
  weightDecay: z.number().min(0).max(1).default(0.01),
  /** Stop when the monitored loss has not improved for N epochs (0 = off). */
  earlyStoppingPatience: z.number().int().min(0).max(1000).default(0),
  /** With early stopping: end with the weights of the best epoch, not the last. */
  restoreBestWeights: z.boolean().default(true),
  /** Multiply the learning rate by `reduceLrFactor` after N epochs without improvement (0 = off). */
  reduceLrPatience: z.number().int().min(0).max(1000).default(0),
  reduceLrFactor: z.number().gt(0).lt(1).default(0.5),
  minLearningRate: z.number().min(0).default(1e-6),
  /** End the run as failed as soon as the loss is NaN or infinite. */
  stopOnNaN: z.boolean().default(true),
  /** 'balanced' weighs each class's samples by n / (classes × class count), for imbalanced data. */
  classWeights: z.enum(['none', 'balanced']).default('none'),
});
/** Training settings after defaults are applied. */
export type Hyperparams = z.output<typeof hyperparamsSchema>;
