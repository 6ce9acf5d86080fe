import { z } from 'zod';
import { isSafeSegment } from '../fs/safe-paths';

/**
 * A TF.js Layers `model.json` as LayerLab accepts it from anywhere outside its own writer (an imported
 * model folder, a bundle): weight paths must be plain file names inside the model's folder — no `../`,
 * no sub-folders, no absolute paths, no URLs.
 */
export const weightFileName = z
  .string()
  .refine(isSafeSegment, 'must be a plain file name inside the model folder (no "../", "/" or ":")');

const weightSpec = z
  .object({
    name: z.string().min(1).max(512),
    shape: z.array(z.number().int().min(0).max(2 ** 31)).max(16),
    dtype: z.enum(['float32', 'int32', 'bool', 'string', 'complex64']).optional(),
  })
  .passthrough();

export const modelManifestSchema = z
  .object({
    modelTopology: z.record(z.string(), z.unknown()),
    format: z.string().max(64).optional(),
    weightsManifest: z
      .array(z.object({ paths: z.array(weightFileName).max(1000), weights: z.array(weightSpec).max(100_000) }))
      .max(1000),
  })
  .passthrough();
export type ModelManifest = z.infer<typeof modelManifestSchema>;

/** The manifest parsed from text, or a plain sentence saying what is wrong with it. */
export function parseModelManifest(text: string): { ok: true; manifest: ModelManifest } | { ok: false; message: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, message: 'model.json is not valid JSON' };
  }
  const r = modelManifestSchema.safeParse(raw);
  if (r.success) return { ok: true, manifest: r.data };
  const issue = r.error.issues[0];
  const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
  return { ok: false, message: `model.json is not a TF.js Layers model${where}: ${issue.message}` };
}

/** Every weight file a manifest names, in order, without repeats. */
export const weightFiles = (m: ModelManifest): string[] => [...new Set(m.weightsManifest.flatMap((g) => g.paths))];
