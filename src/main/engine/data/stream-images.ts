import { basename } from 'node:path';
import type { ClassBalance } from '../../../shared/api/types';
import { ApiError } from '../../../shared/api/errors';
import { decodeImage, imageFloats, imageRecipe, type ImageListing, type ImageOptions } from './images';
import { CHUNK_BYTES, ROWS_PER_PREVIEW_CHUNK } from './prepared';
import { normaliseRatios, SPLITS, splitRows, stratifiedSplit } from './split';
import type { StreamedTable, TableSink } from './stream-table';

/** Images decoded at once (sharp decodes on libuv's threads). */
const DECODE_AT_ONCE = 8;

/**
 * The streaming image import, for folders whose decoded images would not fit in memory comfortably:
 * the split is assigned from the folder names before anything is decoded (the same seeded stratified
 * split the in-memory import makes when every image is readable), then each split's images are decoded
 * in that order into one chunk buffer and handed to `sink` as it fills. Memory holds one chunk per
 * split at most, whatever the number of files. A class folder none of whose images can be read fails
 * the import (its label is already in the written chunks), naming the folder.
 */
export async function streamImages(
  dir: string,
  o: ImageOptions,
  listing: ImageListing,
  sink: TableSink,
  hooks: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<StreamedTable> {
  const skipped = [...listing.skipped];
  // Class folders without any image file are not classes (as in the in-memory import).
  const withFiles = new Set(listing.files.map((f) => f.cls));
  const classes = listing.classes.filter((_, k) => withFiles.has(k));
  if (classes.length < 2)
    throw new ApiError('invalid_input', `${basename(dir)}: ${classes.length} class folder(s) with images; a classifier needs at least two (one subfolder per class).`);
  const remap = listing.classes.map((c) => classes.indexOf(c));
  const files = listing.files.map((f) => ({ ...f, cls: remap[f.cls]! }));
  const per = imageFloats(o);
  const labels = Int32Array.from(files, (f) => f.cls);
  const order = splitRows(stratifiedSplit(labels, classes.length, normaliseRatios(o.split), o.seed), o.seed);
  const rowsPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / (per * 4)));
  const x = new Float32Array(rowsPerChunk * per);
  const y = new Int32Array(rowsPerChunk);
  const balance: ClassBalance[] = classes.map((className) => ({ className, train: 0, val: 0, test: 0 }));
  const counts = { train: 0, val: 0, test: 0 };
  let done = 0;
  let previewIndex = 0;
  let previewFirst = 0;
  let preview: (string | null)[][] = [];
  const flushPreview = () => {
    if (!preview.length) return;
    const rows = preview;
    preview = [];
    sink.batch(() => sink.rows(previewIndex++, previewFirst, JSON.stringify(rows), rows.length));
    previewFirst += rows.length;
  };

  for (let s = 0; s < SPLITS.length; s++) {
    const split = SPLITS[s];
    let n = 0;
    let index = 0;
    const flush = () => {
      if (n) sink.chunk({ split, index: index++, count: n, x: x.subarray(0, n * per), y: y.subarray(0, n) });
      n = 0;
    };
    const rows = order[s];
    for (let start = 0; start < rows.length; start += DECODE_AT_ONCE) {
      if (hooks.signal?.aborted) throw new ApiError('conflict', 'The import was cancelled.');
      const batch = Array.from(rows.subarray(start, start + DECODE_AT_ONCE));
      const decoded = await Promise.all(batch.map((i) => decodeImage(files[i].file, o).catch((err: Error) => err)));
      decoded.forEach((img, k) => {
        const f = files[batch[k]];
        if (img instanceof Error) return void skipped.push({ file: f.rel, reason: img.message.split('\n')[0] });
        x.set(img, n * per);
        y[n] = f.cls;
        preview.push([split, classes[f.cls], f.rel, String(counts[split])]);
        if (preview.length === ROWS_PER_PREVIEW_CHUNK) flushPreview();
        counts[split]++;
        balance[f.cls][split]++;
        if (++n === rowsPerChunk) flush();
      });
      done += batch.length;
      hooks.onProgress?.(done, files.length);
    }
    flush();
  }
  flushPreview();
  const empty = balance.filter((b) => b.train + b.val + b.test === 0).map((b) => b.className);
  if (empty.length)
    throw new ApiError(
      'invalid_input',
      `${basename(dir)}: no readable image in the class folder(s) ${empty.map((c) => `“${c}”`).join(', ')}. Remove ${empty.length === 1 ? 'that folder' : 'those folders'} or fix ${empty.length === 1 ? 'its' : 'their'} files, and import again.` +
        (skipped.length ? ` Skipped: ${skipped.slice(0, 5).map((x) => `${x.file} (${x.reason})`).join('; ')}.` : ''),
    );
  skipped.sort((a, b) => (a.file < b.file ? -1 : 1));
  return {
    kind: 'image',
    inputShape: [o.height, o.width, o.color === 'grayscale' ? 1 : 3],
    classes,
    counts,
    recipe: imageRecipe(dir, o, skipped.length),
    stats: { previewColumns: ['split', 'class', 'file', 'index'], columns: [], classBalance: balance },
    warnings: skipped.length ? [`${skipped.length} file(s) were skipped.`] : [],
    skipped,
  };
}
