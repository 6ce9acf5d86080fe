import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { HandlerInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { DatasetImportProgress, DatasetImportResult } from '../../shared/api/types';
import { readCsv, sniffCsv } from '../engine/data/csv';
import { inferTable, inspectCsv } from '../engine/data/csv-inspect';
import { imageFloats, listImages, prepareImages } from '../engine/data/images';
import { streamImages } from '../engine/data/stream-images';
import { prepareTable } from '../engine/data/preprocess';
import { chunksOf, type PreparedVersion } from '../engine/data/prepared';
import { streamTable, type StreamedTable } from '../engine/data/stream-table';
import type { StagedImport } from '../db/repos/dataset-data';
import { processAlive } from '../db/lock';
import { RowsWriter } from '../engine/data/rows-writer';
import { databaseFile } from '../paths';
import type { ServiceContext } from './context';

/**
 * CSV files larger than this (LAYERLAB_STREAM_IMPORT_ABOVE_MB, default 32) import by streaming: two
 * passes over the file, memory independent of its size, splits assigned per row by a seeded hash
 * instead of the stratified shuffle smaller files get. Image folders whose decoded images would be
 * larger stream too: decoded and written a chunk at a time.
 */
export const streamImportThresholdBytes = (env = process.env): number => Number(env.LAYERLAB_STREAM_IMPORT_ABOVE_MB ?? 32) * 2 ** 20;

/** A streamed version, written as it was read under a version that commit makes visible (stageImport). */
type Staged = StreamedTable & { staged: StagedImport };
const countsOf = (p: PreparedVersion | Staged) => ('staged' in p ? p.counts : { train: p.splits.train.count, val: p.splits.val.count, test: p.splits.test.count });

type Phase = DatasetImportProgress['phase'];

/** Imports: CSV/TSV and image folders, with progress events and cancellation. Nothing is stored until the end. */
export function datasetImportService(ctx: ServiceContext) {
  const running = new Map<string, AbortController>();
  /** Datasets a new version is being imported into. */
  const importingInto = new Set<string>();
  const data = ctx.repos.datasetData;

  async function run(
    input: { name: string; datasetId?: string; importId?: string; split?: { val: number; test: number } },
    source: string,
    prepare: (
      signal: AbortSignal,
      progress: (phase: Phase, done: number, total: number | null, message?: string) => void,
      stage: () => StagedImport,
    ) => Promise<PreparedVersion | Staged>,
  ): Promise<DatasetImportResult> {
    const importId = input.importId ?? randomUUID();
    if (running.has(importId)) throw new ApiError('conflict', 'An import with this id is already running.');
    // The version's number is taken now (a streamed import writes under its id as it reads): a second
    // import into the same dataset meanwhile would take the same number.
    if (input.datasetId && importingInto.has(input.datasetId))
      throw new ApiError('conflict', 'Another import into this dataset is still running. Wait for it to finish (or cancel it), then import again.');
    const controller = new AbortController();
    running.set(importId, controller);
    if (input.datasetId) importingInto.add(input.datasetId);
    let last = 0;
    let lastPhase: Phase | null = null;
    const progress = (phase: Phase, done: number, total: number | null, message?: string) => {
      const now = Date.now();
      // At most ten updates a second, but the first of each phase always (a short phase would go unsaid).
      if ((phase === 'reading' || phase === 'writing') && phase === lastPhase) {
        if (now - last < 100 && done !== total) return;
      }
      last = now;
      lastPhase = phase;
      ctx.bus.emit('datasets.progress', { importId, phase, done, total, ...(message ? { message } : {}) });
    };
    const started = performance.now();
    let staged: StagedImport | null = null;
    try {
      if (input.datasetId) {
        const existing = data.datasetInfo(input.datasetId);
        if (!existing) throw new ApiError('not_found', 'The chosen dataset no longer exists (it may have been deleted). Choose another dataset.');
        if (existing.source === 'builtin') throw new ApiError('invalid_input', 'Built-in datasets cannot get new versions; import as a new dataset.');
      }
      const datasetId = input.datasetId ?? `ds-${randomUUID().slice(0, 8)}`;
      const version = data.nextVersion(datasetId);
      const versionId = `${datasetId}@${version}`;
      const stage = () => (staged = data.stageImport(importId, versionId, ctx.now(), processAlive));
      const p = await prepare(controller.signal, progress, stage);
      if (controller.signal.aborted) throw new ApiError('conflict', 'The import was cancelled.');
      if (input.datasetId && data.datasetInfo(input.datasetId)?.kind !== p.kind)
        throw new ApiError('invalid_input', `The chosen dataset holds ${data.datasetInfo(input.datasetId)?.kind} data, not ${p.kind}; import this file as a new dataset.`);
      const counts = countsOf(p);
      const total = counts.train + counts.val + counts.test;
      const meta = {
        dataset: { id: datasetId, name: input.name, description: describe(p, source), kind: p.kind, source },
        version: {
          id: versionId,
          version,
          inputShape: p.inputShape,
          classes: p.classes,
          trainCount: counts.train,
          valCount: counts.val,
          testCount: counts.test,
          recipe: p.recipe,
          stats: p.stats,
        },
        now: ctx.now(),
      };
      if ('staged' in p) p.staged.commit(meta);
      else {
        progress('writing', 0, total);
        data.insertVersion({ ...meta, chunks: chunksOf(p), rows: p.rows() }, (written) => progress('writing', written, total));
      }
      progress('done', total, total);
      return {
        datasetId,
        versionId,
        version,
        name: input.name,
        kind: p.kind,
        inputShape: p.inputShape,
        classes: p.classes,
        trainCount: counts.train,
        valCount: counts.val,
        testCount: counts.test,
        seconds: (performance.now() - started) / 1000,
        warnings: [...p.warnings, ...emptySplits(p, input.split)],
        skipped: p.skipped,
      };
    } catch (err) {
      // A streamed import's staged chunks go with it: cancel or failure leaves nothing behind.
      (staged as StagedImport | null)?.discard();
      const cancelled = controller.signal.aborted;
      progress(cancelled ? 'cancelled' : 'failed', 0, null, (err as Error).message);
      if (cancelled) throw new ApiError('conflict', 'The import was cancelled; nothing was stored.');
      throw err;
    } finally {
      running.delete(importId);
      if (input.datasetId) importingInto.delete(input.datasetId);
    }
  }

  return {
    'datasets.inspectCsv': ({ path, delimiter }: HandlerInput<'datasets.inspectCsv'>) => inspectCsv(path, { delimiter }),
    'datasets.importCsv': (input: HandlerInput<'datasets.importCsv'>) =>
      run(input, `csv:${input.path}`, async (signal, progress, stage) => {
        // The same parser, inference and defaults as datasets.inspectCsv, so the two agree on every file.
        const format = sniffCsv(input.path, { delimiter: input.delimiter });
        const options = { label: input.label, columns: input.columns, split: input.split, seed: input.seed, text: input.text };
        const finish = <T extends { recipe: Record<string, unknown> }>(p: T): T => {
          Object.assign(p.recipe, { encoding: format.encoding, delimiter: format.delimiter, hasHeader: format.hasHeader });
          return p;
        };
        if (statSync(input.path).size > streamImportThresholdBytes()) {
          const staged = stage();
          // The preview rows (pass 1) are stored by a worker thread while this one reads and parses; the
          // chunks (pass 2) here, once that worker is done.
          const writer = new RowsWriter(databaseFile(ctx.dataDir), staged.versionId);
          const sink = { chunk: staged.chunk, rows: writer.rows.bind(writer), batch: (fn: () => void) => fn(), flush: () => writer.finish() };
          try {
            const p = await streamTable(input.path, basename(input.path), format, options, sink, {
              spoolDir: ctx.dataDir,
              signal,
              onProgress: (s) =>
                progress(s.pass === 1 ? 'reading' : 'writing', Math.round(s.fraction * 100), 100, streamMessage(s.pass, s.rows, s.rowsPerSecond, s.secondsLeft)),
            });
            return finish({ ...p, staged });
          } catch (err) {
            await writer.stop();
            staged.discard();
            throw err;
          }
        }
        const raw = await readCsv(input.path, format, {
          signal,
          onProgress: (rows, f) => progress('reading', Math.round(f * 100), 100, `${rows.toLocaleString('en')} rows read`),
        });
        progress('preprocessing', raw.rowCount, raw.rowCount);
        return finish(prepareTable(raw, { ...options, inferred: inferTable(raw) }));
      }),
    'datasets.importImages': (input: HandlerInput<'datasets.importImages'>) =>
      run(input, `images:${input.directory}`, async (signal, progress, stage) => {
        const listing = listImages(input.directory);
        const hooks = { signal, onProgress: (done: number, total: number) => progress('reading', done, total) };
        // Decoded images past the threshold are written chunk by chunk as they are decoded (stream-images.ts).
        if (listing.files.length * imageFloats(input) * 4 <= streamImportThresholdBytes()) return prepareImages(input.directory, input, hooks, listing);
        const staged = stage();
        try {
          return { ...(await streamImages(input.directory, input, listing, staged, hooks)), staged };
        } catch (err) {
          staged.discard();
          throw err;
        }
      }),
    'datasets.cancelImport': ({ importId }: HandlerInput<'datasets.cancelImport'>) => {
      const c = running.get(importId);
      c?.abort();
      return { cancelled: Boolean(c) };
    },
  };
}

/** "1,234,567 rows read, 150,000 rows/s, about 12 s left" */
function streamMessage(pass: 1 | 2, rows: number, rate: number, left: number | null): string {
  const what = pass === 1 ? 'read (pass 1 of 2: types and statistics)' : 'encoded and written (pass 2 of 2)';
  return `${rows.toLocaleString('en')} rows ${what}, ${Math.round(rate).toLocaleString('en')} rows/s${left === null ? '' : `, about ${Math.ceil(left)} s left`}`;
}

/** A validation or test share asked for but left empty (too few samples per class for it to round to one). */
function emptySplits(p: PreparedVersion | Staged, asked: { val: number; test: number } | undefined): string[] {
  const counts = countsOf(p);
  const total = counts.train + counts.val + counts.test;
  return (['val', 'test'] as const)
    .filter((s) => (asked?.[s] ?? 0) > 0 && counts[s] === 0)
    .map(
      (s) =>
        `The ${s === 'val' ? 'validation' : 'test'} split is empty: ${Math.round((asked?.[s] ?? 0) * 100)}% of ${total.toLocaleString('en')} samples in ${p.classes.length} classes rounds to none per class. ` +
        `Import more samples or give that split a larger share${s === 'test' ? ', or there is nothing to measure test accuracy on' : ''}.`,
    );
}

function describe(p: PreparedVersion | Staged, source: string): string {
  const where = source.replace(/^\w+:/, '').split(/[\\/]/).pop() ?? source;
  const c = countsOf(p);
  const rows = c.train + c.val + c.test;
  return `Imported from ${where}: ${rows.toLocaleString('en')} ${p.kind === 'image' ? 'images' : 'rows'}, ${p.classes.length} classes.`;
}
