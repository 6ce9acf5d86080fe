import { randomUUID } from 'node:crypto';
import type { HandlerInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { DatasetImportProgress, DatasetImportResult } from '../../shared/api/types';
import { readCsv, sniffCsv } from '../engine/data/csv';
import { inferTable, inspectCsv } from '../engine/data/csv-inspect';
import { prepareImages } from '../engine/data/images';
import { prepareTable } from '../engine/data/preprocess';
import { chunksOf, type PreparedVersion } from '../engine/data/prepared';
import type { ServiceContext } from './context';

type Phase = DatasetImportProgress['phase'];

/** Imports: CSV/TSV and image folders, with progress events and cancellation. Nothing is stored until the end. */
export function datasetImportService(ctx: ServiceContext) {
  const running = new Map<string, AbortController>();
  const data = ctx.repos.datasetData;

  async function run(
    input: { name: string; datasetId?: string; importId?: string; split?: { val: number; test: number } },
    source: string,
    prepare: (signal: AbortSignal, progress: (phase: Phase, done: number, total: number | null, message?: string) => void) => Promise<PreparedVersion>,
  ): Promise<DatasetImportResult> {
    const importId = input.importId ?? randomUUID();
    if (running.has(importId)) throw new ApiError('conflict', `An import with id ${importId} is already running.`);
    const controller = new AbortController();
    running.set(importId, controller);
    let last = 0;
    const progress = (phase: Phase, done: number, total: number | null, message?: string) => {
      const now = Date.now();
      if (phase === 'reading' || phase === 'writing') {
        if (now - last < 100 && done !== total) return;
        last = now;
      }
      ctx.bus.emit('datasets.progress', { importId, phase, done, total, ...(message ? { message } : {}) });
    };
    const started = performance.now();
    try {
      if (input.datasetId) {
        const existing = data.datasetInfo(input.datasetId);
        if (!existing) throw new ApiError('not_found', 'The chosen dataset no longer exists (it may have been deleted). Choose another dataset.');
        if (existing.source === 'builtin') throw new ApiError('invalid_input', 'Built-in datasets cannot get new versions; import as a new dataset.');
      }
      const p = await prepare(controller.signal, progress);
      if (controller.signal.aborted) throw new ApiError('conflict', 'The import was cancelled.');
      if (input.datasetId && data.datasetInfo(input.datasetId)?.kind !== p.kind)
        throw new ApiError('invalid_input', `Dataset ${input.datasetId} holds ${data.datasetInfo(input.datasetId)?.kind} data, not ${p.kind}.`);
      const datasetId = input.datasetId ?? `ds-${randomUUID().slice(0, 8)}`;
      const version = data.nextVersion(datasetId);
      const versionId = `${datasetId}@${version}`;
      const total = p.splits.train.count + p.splits.val.count + p.splits.test.count;
      progress('writing', 0, total);
      data.insertVersion(
        {
          dataset: { id: datasetId, name: input.name, description: describe(p, source), kind: p.kind, source },
          version: {
            id: versionId,
            version,
            inputShape: p.inputShape,
            classes: p.classes,
            trainCount: p.splits.train.count,
            valCount: p.splits.val.count,
            testCount: p.splits.test.count,
            recipe: p.recipe,
            stats: p.stats,
          },
          chunks: chunksOf(p),
          rows: p.rows(),
          now: ctx.now(),
        },
        (written) => progress('writing', written, total),
      );
      progress('done', total, total);
      return {
        datasetId,
        versionId,
        version,
        name: input.name,
        kind: p.kind,
        inputShape: p.inputShape,
        classes: p.classes,
        trainCount: p.splits.train.count,
        valCount: p.splits.val.count,
        testCount: p.splits.test.count,
        seconds: (performance.now() - started) / 1000,
        warnings: [...p.warnings, ...emptySplits(p, input.split)],
        skipped: p.skipped,
      };
    } catch (err) {
      const cancelled = controller.signal.aborted;
      progress(cancelled ? 'cancelled' : 'failed', 0, null, (err as Error).message);
      if (cancelled) throw new ApiError('conflict', 'The import was cancelled; nothing was stored.');
      throw err;
    } finally {
      running.delete(importId);
    }
  }

  return {
    'datasets.inspectCsv': ({ path, delimiter }: HandlerInput<'datasets.inspectCsv'>) => inspectCsv(path, { delimiter }),
    'datasets.importCsv': (input: HandlerInput<'datasets.importCsv'>) =>
      run(input, `csv:${input.path}`, async (signal, progress) => {
        // The same parser, inference and defaults as datasets.inspectCsv, so the two agree on every file.
        const format = sniffCsv(input.path, { delimiter: input.delimiter });
        const raw = await readCsv(input.path, format, {
          signal,
          onProgress: (rows, f) => progress('reading', Math.round(f * 100), 100, `${rows.toLocaleString('en')} rows read`),
        });
        progress('preprocessing', raw.rowCount, raw.rowCount);
        const p = prepareTable(raw, { label: input.label, columns: input.columns, split: input.split, seed: input.seed, text: input.text, inferred: inferTable(raw) });
        p.recipe.encoding = format.encoding;
        p.recipe.delimiter = format.delimiter;
        p.recipe.hasHeader = format.hasHeader;
        return p;
      }),
    'datasets.importImages': (input: HandlerInput<'datasets.importImages'>) =>
      run(input, `images:${input.directory}`, (signal, progress) =>
        prepareImages(input.directory, input, { signal, onProgress: (done, total) => progress('reading', done, total) }),
      ),
    'datasets.cancelImport': ({ importId }: HandlerInput<'datasets.cancelImport'>) => {
      const c = running.get(importId);
      c?.abort();
      return { cancelled: Boolean(c) };
    },
  };
}

/** A validation or test share asked for but left empty (too few samples per class for it to round to one). */
function emptySplits(p: PreparedVersion, asked: { val: number; test: number } | undefined): string[] {
  const total = p.splits.train.count + p.splits.val.count + p.splits.test.count;
  return (['val', 'test'] as const)
    .filter((s) => (asked?.[s] ?? 0) > 0 && p.splits[s].count === 0)
    .map(
      (s) =>
        `The ${s === 'val' ? 'validation' : 'test'} split is empty: ${Math.round((asked?.[s] ?? 0) * 100)}% of ${total.toLocaleString('en')} samples in ${p.classes.length} classes rounds to none per class. ` +
        `Import more samples or give that split a larger share${s === 'test' ? ', or there is nothing to measure test accuracy on' : ''}.`,
    );
}

function describe(p: PreparedVersion, source: string): string {
  const where = source.replace(/^\w+:/, '').split(/[\\/]/).pop() ?? source;
  const rows = p.splits.train.count + p.splits.val.count + p.splits.test.count;
  return `Imported from ${where}: ${rows.toLocaleString('en')} ${p.kind === 'image' ? 'images' : 'rows'}, ${p.classes.length} classes.`;
}
