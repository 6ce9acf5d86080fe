import { z } from 'zod';
import { idSchema, modelGraphSchema } from '../api/schemas';

/** Hyperparameters a sweep may vary (the keys of `hyperparamsSchema` that make sense to search). */
export const SWEEPABLE_HYPERPARAMS = [
  'learningRate',
  'batchSize',
  'epochs',
  'optimizer',
  'validationSplit',
  'seed',
] as const;

/**
 * A searched parameter's key: a hyperparameter name (`learningRate`) or a layer's param as
 * `<node name>.<param key>` (`dense_1.units`, `drop.rate`).
 */
export const sweepKeySchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\w-]+(\.[\w-]+)?$/, 'a hyperparameter name or <node name>.<param>')
  .refine((k) => k.includes('.') || (SWEEPABLE_HYPERPARAMS as readonly string[]).includes(k), {
    message: `not a sweepable hyperparameter (${SWEEPABLE_HYPERPARAMS.join(', ')}) nor <node name>.<param>`,
  });

/** One value a searched parameter takes. */
export const sweepValueSchema = z.union([z.number(), z.string().max(200), z.boolean()]);
export type SweepValue = z.output<typeof sweepValueSchema>;

/** A listed set of values: every one in a grid, one drawn uniformly at random otherwise. */
export const choiceParamSchema = z
  .object({
    key: sweepKeySchema,
    kind: z.literal('choice'),
    values: z.array(sweepValueSchema).min(1).max(100),
  })
  .strict();

/**
 * A numeric range: random search draws uniformly (linear) or log-uniformly (log); a grid takes
 * `steps` evenly spaced points. `integer` rounds every value (units, filters, batch size).
 */
export const rangeParamSchema = z
  .object({
    key: sweepKeySchema,
    kind: z.literal('range'),
    min: z.number(),
    max: z.number(),
    scale: z.enum(['linear', 'log']).default('linear'),
    integer: z.boolean().default(false),
    steps: z.number().int().min(2).max(100).default(3),
  })
  .strict()
  .refine((p) => p.min <= p.max, { message: 'min must not exceed max' })
  .refine((p) => p.scale !== 'log' || p.min > 0, { message: 'a log range needs min > 0' });

export const sweepParamSchema = z.union([choiceParamSchema, rangeParamSchema]);
/** One searched parameter after defaults. */
export type SweepParam = z.output<typeof sweepParamSchema>;

/** The searched space: up to 12 parameters with distinct keys. */
export const sweepSpaceSchema = z
  .array(sweepParamSchema)
  .min(1)
  .max(12)
  .refine((ps) => new Set(ps.map((p) => p.key)).size === ps.length, { message: 'each parameter once' });

/**
 * How trials are chosen. `grid`: the cartesian product; `random`: seeded draws; `halving`:
 * successive halving — every trial starts with `minEpochs`, the best 1/eta (by validation
 * accuracy) continue with eta× more epochs, up to `maxEpochs`.
 */
export const sweepStrategySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('grid') }).strict(),
  z
    .object({
      type: z.literal('random'),
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31 - 1)
        .default(1),
    })
    .strict(),
  z
    .object({
      type: z.literal('halving'),
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31 - 1)
        .default(1),
      eta: z.number().int().min(2).max(8).default(3),
      minEpochs: z.number().int().min(1).max(1000).default(1),
      maxEpochs: z.number().int().min(1).max(1000).default(9),
      sampler: z.enum(['random', 'grid']).default('random'),
    })
    .strict()
    .refine((s) => s.minEpochs <= s.maxEpochs, { message: 'minEpochs must not exceed maxEpochs' }),
]);
export type SweepStrategy = z.output<typeof sweepStrategySchema>;

/** Limits: trials at most, wall-clock minutes at most (no new trial starts after), trials at once. */
export const sweepBudgetSchema = z
  .object({
    maxTrials: z.number().int().min(1).max(500).default(16),
    maxMinutes: z
      .number()
      .positive()
      .max(60 * 24 * 30)
      .nullable()
      .default(null),
    parallel: z.number().int().min(1).max(8).default(1),
  })
  .strict();
export type SweepBudget = z.output<typeof sweepBudgetSchema>;

/** What a sweep searches, how, and within which budget (stored with the sweep). */
export const sweepPlanSchema = z
  .object({
    space: sweepSpaceSchema,
    strategy: sweepStrategySchema,
    budget: sweepBudgetSchema.default({ maxTrials: 16, maxMinutes: null, parallel: 1 }),
  })
  .strict();
export type SweepPlan = z.output<typeof sweepPlanSchema>;

/**
 * `sweeps.create`'s input and the CLI's config file: a base experiment to copy, or a graph with a
 * dataset; `hyperparams` override the base's settings (checked against `hyperparamsSchema` on create).
 */
export const sweepConfigSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    baseExperimentId: idSchema.optional(),
    graph: modelGraphSchema.optional(),
    datasetId: idSchema.optional(),
    hyperparams: z.record(z.string(), z.unknown()).optional(),
    space: sweepSpaceSchema,
    strategy: sweepStrategySchema,
    budget: sweepBudgetSchema.default({ maxTrials: 16, maxMinutes: null, parallel: 1 }),
  })
  .strict();
export type SweepConfig = z.output<typeof sweepConfigSchema>;

/** `sweeps.create`'s input: the config, with either a base experiment or a graph and a dataset. */
export const sweepCreateSchema = sweepConfigSchema.refine(
  (c) => Boolean(c.baseExperimentId) || Boolean(c.graph && c.datasetId),
  {
    message: 'give baseExperimentId, or graph and datasetId',
  },
);
