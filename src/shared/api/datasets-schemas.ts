import { z } from 'zod';

/** A dataset version id: `<datasetId>@<version>` (built-ins: `builtin:mnist@1`). */
export const versionIdSchema = z
  .string()
  .min(1)
  .max(160)
  .regex(/^[\w.:@-]+$/, 'use letters, digits, _ . : @ -');

/** An absolute or relative file path on the machine that runs the services (never a URL). */
export const filePathSchema = z.string().trim().min(1).max(4096);

/** A client-chosen id naming one import, so its progress events and cancel can refer to it. */
export const importIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\w-]+$/, 'use letters, digits, _ -');

/**
 * What the user wants done with one CSV column. Unset fields take the defaults `inspect` shows for the
 * column (id-like, constant and mostly-unique columns left out; numbers and date parts z-scored).
 */
export const csvColumnSpecSchema = z
  .object({
    role: z.enum(['feature', 'ignore']).optional(),
    /** Overrides the inferred type. */
    type: z.enum(['numeric', 'categorical', 'boolean', 'text', 'date']).optional(),
    missing: z.enum(['drop', 'mean', 'median', 'mostFrequent', 'constant']).optional(),
    /** Used when missing = constant. */
    constant: z.union([z.string().max(1000), z.number()]).optional(),
    scaling: z.enum(['none', 'minmax', 'zscore']).optional(),
    encoding: z.enum(['onehot', 'index']).optional(),
    /** One-hot: the most frequent categories kept; the rest share an "other" column (default 20). */
    maxCategories: z.number().int().min(1).max(1000).optional(),
  })
  .strict();

/**
 * Why train/validation/test fractions cannot be used, as one sentence, or null when they add up to 1
 * (to within rounding). They are never rescaled silently: 0.9/0.1/0.1 is a typo the user should see.
 */
export function splitProblem(s: { train: number; val: number; test: number }): string | null {
  const sum = s.train + s.val + s.test;
  if (Math.abs(sum - 1) <= 1e-6) return null;
  const shown = Number(sum.toFixed(4));
  return `The train, validation and test shares add up to ${shown}, not 1: change them so they do (for example 0.8, 0.1 and 0.1).`;
}

/** Train/validation/test fractions; they must add up to 1. */
export const splitSchema = z
  .object({
    train: z.number().min(0.01).max(1),
    val: z.number().min(0).max(0.98),
    test: z.number().min(0).max(0.98),
  })
  .strict()
  .superRefine((s, ctx) => {
    const problem = splitProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .default({ train: 0.8, val: 0.1, test: 0.1 });

/** Tokeniser settings for text columns (ids: 0 = padding, 1 = unknown word); unset = derived from the training texts. */
export const textOptionsSchema = z
  .object({
    vocabSize: z.number().int().min(3).max(1_000_000).optional(),
    length: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();

export const inspectCsvInput = z
  .object({ path: filePathSchema, delimiter: z.string().min(1).max(1).optional() })
  .strict();

export const importCsvInput = z
  .object({
    path: filePathSchema,
    name: z.string().trim().min(1).max(200),
    label: z.string().min(1).max(500),
    columns: z.record(z.string().max(500), csvColumnSpecSchema).default({}),
    split: splitSchema,
    seed: z.number().int().min(0).max(2 ** 31).default(42),
    text: textOptionsSchema.optional(),
    delimiter: z.string().min(1).max(1).optional(),
    /** Add a new version to this dataset instead of creating a new one. */
    datasetId: z.string().min(1).max(128).optional(),
    importId: importIdSchema.optional(),
  })
  .strict();

export const importImagesInput = z
  .object({
    directory: filePathSchema,
    name: z.string().trim().min(1).max(200),
    width: z.number().int().min(1).max(1024).default(28),
    height: z.number().int().min(1).max(1024).default(28),
    color: z.enum(['grayscale', 'rgb']).default('grayscale'),
    split: splitSchema,
    seed: z.number().int().min(0).max(2 ** 31).default(42),
    datasetId: z.string().min(1).max(128).optional(),
    importId: importIdSchema.optional(),
  })
  .strict();

export const previewInput = z
  .object({
    versionId: versionIdSchema,
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(50),
  })
  .strict();

export const imagesInput = z
  .object({
    versionId: versionIdSchema,
    className: z.string().min(1).max(500),
    limit: z.number().int().min(1).max(200).default(24),
  })
  .strict();
