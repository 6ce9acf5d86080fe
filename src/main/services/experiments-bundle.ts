import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { ApiError } from '../../shared/api/errors';
import type { HandlerInput } from '../../shared/api/contract';
import type { BundleExportResult, BundleImportResult } from '../../shared/api/types';
import { evaluationsRepo } from '../db/repos/evaluations';
import { blobToFloat32, blobToInt32 } from '../db/repos/dataset-data';
import { childPath } from '../fs/safe-paths';
import { readUserText } from '../fs/user-files';
import { plainFsReason, writeUserFile } from '../fs/write-user-file';
import type { ServiceContext } from './context';
import { runDirOf, summaryOf } from './experiments';
import { exportExperiment } from './experiments-bundle-export';
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  bundleSchema,
  type Bundle,
  type BundledDataset,
  type BundledExperiment,
} from './experiments-bundle-format';

const fromB64 = (s: string) => Buffer.from(s, 'base64');
/**
 * Bundles are read whole into memory and parsed as one JSON string: V8 strings stop near 512 MB, so
 * that is the limit, counted while reading (a device or FIFO is refused by type before any read).
 */
const MAX_BUNDLE_BYTES = 500 * 2 ** 20;

function absolute(path: string): string {
  if (!isAbsolute(path)) throw new ApiError('invalid_input', `Choose a full file path (got "${path}").`);
  return path;
}

/**
 * The id an imported experiment gets: never the bundle's own (ids become folder names, and a bundle is
 * hostile until proven otherwise), but a UUID-shaped digest of the bundled experiment. Importing the same
 * bundle twice therefore lands on the same id, and the second import reports "already imported" instead
 * of duplicating it. We deduplicate rather than ask because the API is one call from CLI, web and desktop
 * alike (no dialog in between); deleting the imported copy makes the bundle importable again.
 */
function importedIdOf(e: BundledExperiment): string {
  const h = createHash('sha256').update(JSON.stringify(e)).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A schema problem of a bundle in plain words: which experiment, which part, what is wrong. */
function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const [top, index, field, ...rest] = issue.path;
  if (top !== 'experiments' || typeof index !== 'number') return `${issue.path.join('.') || 'its header'}: ${issue.message}`;
  const list = (raw as { experiments?: { name?: unknown }[] }).experiments;
  const name = list?.[index]?.name;
  const who = `experiment ${index + 1}${typeof name === 'string' ? ` ("${name.slice(0, 80)}")` : ''}`;
  if (field === 'model' && rest.length)
    return `${who}, model file "${String(rest[0]).slice(0, 80)}": ${issue.code === 'invalid_key' ? 'must be a plain file name (no "../", "/" or ":")' : issue.message}`;
  const what = field === undefined ? '' : `, ${[field, ...rest].join('.')}`;
  return `${who}${what}: ${issue.message}`;
}

/** One file holding experiments (settings, epochs, evaluations, model weights, dataset recipe). */
export function experimentsBundleService(ctx: ServiceContext) {
  const evaluations = evaluationsRepo(ctx.repos.db);

  /**
   * Make the bundle's dataset version known here. With its data: the samples too. Without: the version's
   * recipe and class names only (no samples), so the run's exports keep their labels and preprocessing
   * instead of classes "0","1","2". An existing dataset of the same id keeps its own name and source.
   */
  const ensureDataset = (d: BundledDataset | null): void => {
    if (!d || ctx.repos.datasets.version(d.versionId) || d.source === 'builtin') return;
    const here = ctx.repos.datasetData.datasetInfo(d.id);
    if (here && here.kind !== d.kind) return; // a different dataset under the same id: leave it alone
    const existing = here ? ctx.repos.datasets.latestVersions().find((v) => v.dataset_id === d.id) : undefined;
    ctx.repos.datasetData.insertVersion({
      dataset: existing
        ? { id: d.id, name: existing.name, description: existing.description, kind: d.kind, source: existing.source }
        : {
            id: d.id,
            name: d.name,
            description: d.data ? d.description : `${d.description}\n(Imported from a bundle without its samples: only the recipe and class names.)`.trim(),
            kind: d.kind,
            source: d.source,
          },
      version: { ...d, id: d.versionId, stats: d.stats ?? {} },
      chunks: (d.data?.chunks ?? []).map((c) => ({
        split: c.split,
        index: c.index,
        count: c.count,
        x: blobToFloat32(fromB64(c.x)),
        y: blobToInt32(fromB64(c.y)),
      })),
      rows: d.data?.rows ?? [],
      now: ctx.now(),
    });
  };

  /** The rows of one experiment, in one transaction (with its dataset and evaluations). */
  const insertRows = ctx.repos.db.transaction((e: BundledExperiment, id: string) => {
    ensureDataset(e.dataset);
    ctx.repos.experiments.insertFull(
      {
        id,
        name: e.name,
        status: e.status === 'running' ? 'interrupted' : e.status,
        dataset_id: e.datasetId,
        dataset_version_id: e.datasetVersionId,
        graph: JSON.stringify(e.graph),
        layout: JSON.stringify(e.layout),
        hyperparams: JSON.stringify(e.hyperparams),
        param_count: e.paramCount,
        backend: e.backend,
        backend_adapter: e.backendAdapter ? JSON.stringify(e.backendAdapter) : null,
        created_at: e.createdAt,
        started_at: e.startedAt,
        finished_at: e.finishedAt,
        error: e.error,
        test_accuracy: e.testAccuracy,
        test_loss: e.testLoss,
        checkpoint_epoch: e.checkpointEpoch,
        tags: JSON.stringify(e.tags),
        notes: e.notes,
      },
      e.epochs,
    );
    for (const ev of e.evaluations) {
      const p = ev.predictions;
      evaluations.insert(
        id,
        ev.split,
        ev.metrics,
        ev.createdAt,
        p && {
          width: p.width,
          probs: blobToFloat32(fromB64(p.probs)),
          labels: blobToInt32(fromB64(p.labels)),
          indices: blobToInt32(fromB64(p.indices)),
        },
      );
    }
  });

  /** Import one experiment under a fresh id of ours; model files first, rows after (files removed on failure). */
  const importOne = (e: BundledExperiment): { id: string } | { skipped: string } => {
    const id = importedIdOf(e);
    const there = ctx.repos.experiments.get(id);
    if (there) return { skipped: `already imported (it is "${there.name}" in this project)` };
    const runDir = runDirOf(ctx, id);
    const files = Object.entries(e.model);
    try {
      if (files.length) {
        const modelDir = join(runDir, 'model');
        mkdirSync(modelDir, { recursive: true });
        for (const [name, data] of files) writeFileSync(childPath(modelDir, [name], 'model file'), fromB64(data));
      }
      insertRows(e, id);
    } catch (err) {
      rmSync(runDir, { recursive: true, force: true });
      if (err instanceof ApiError) return { skipped: err.message };
      const reason = (err as NodeJS.ErrnoException).code ? plainFsReason(err) : 'it could not be stored.';
      return { skipped: `not imported: ${reason}` };
    }
    return { id };
  };

  return {
    'experiments.exportBundle': ({
      ids,
      path,
      includeData,
    }: HandlerInput<'experiments.exportBundle'>): BundleExportResult => {
      absolute(path);
      const bundle: Bundle = {
        format: BUNDLE_FORMAT,
        version: BUNDLE_VERSION,
        createdAt: ctx.now(),
        app: `LayerLab ${ctx.version}`,
        experiments: [...new Set(ids)].map((id) => exportExperiment(ctx, id, includeData)),
      };
      const text = JSON.stringify(bundle);
      writeUserFile(ctx.dataDir, path, text, 'the bundle');
      return { path, experiments: bundle.experiments.length, bytes: Buffer.byteLength(text) };
    },
    'experiments.importBundle': async ({ path }: HandlerInput<'experiments.importBundle'>): Promise<BundleImportResult> => {
      const text = await readUserText(absolute(path), { what: 'The bundle', maxBytes: MAX_BUNDLE_BYTES });
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new ApiError('invalid_input', `${basename(path)} is not a LayerLab bundle: it is not valid JSON.`);
      }
      const check = bundleSchema.safeParse(parsed);
      if (!check.success)
        throw new ApiError(
          'invalid_input',
          `${basename(path)} is not a LayerLab bundle this version can read (${describeIssue(check.error.issues[0], parsed)}).`,
        );
      const result: BundleImportResult = { imported: [], skipped: [] };
      for (const e of check.data.experiments) {
        const r = importOne(e);
        if ('id' in r) result.imported.push(summaryOf(ctx, r.id));
        else result.skipped.push({ name: e.name, reason: r.skipped });
      }
      return result;
    },
  };
}
