import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import sharp from 'sharp';
import { plainReadReason } from '../../fs/write-user-file';
import { ApiError } from '../../../shared/api/errors';
import { classBalance, gather, ROWS_PER_PREVIEW_CHUNK, type PreparedVersion } from './prepared';
import { normaliseRatios, SPLITS, splitRows, stratifiedSplit } from './split';
import { sortClassNames } from './table';

/** Images bigger than this (by the header's width × height) are skipped before decoding. */
export const MAX_IMAGE_PIXELS = 40_000_000;
export const MAX_IMAGE_BYTES = 100 * 1024 * 1024;
const IMAGE_EXT = new Set(['.png', '.jpg', '.jpeg']);

export interface ImageOptions {
  width: number;
  height: number;
  color: 'grayscale' | 'rgb';
  split: { train: number; val: number; test: number };
  seed: number;
}

/** Formats the import reads; predictions also take the other formats sharp decodes. */
const IMPORT_FORMATS = new Set(['png', 'jpeg']);
const ANY_FORMATS = new Set(['png', 'jpeg', 'webp', 'gif', 'tiff']);

/**
 * Decode one image (a file path or its bytes) to width × height × channels floats in 0..1, or say why it
 * cannot be. The one image path: the import, Try it, file scoring and serving all call this, so transparent
 * pixels, resizing and the colour mode are treated the same everywhere.
 */
export async function decodeImage(
  input: string | Buffer,
  o: Pick<ImageOptions, 'width' | 'height' | 'color'>,
  opts: { anyFormat?: boolean } = {},
): Promise<Float32Array> {
  const size = typeof input === 'string' ? statSync(input).size : input.length;
  if (size > MAX_IMAGE_BYTES) throw new Error(`file is ${size} bytes (limit ${MAX_IMAGE_BYTES})`);
  // failOn 'truncated' refuses cut-off files; limitInputPixels is checked from the header before decoding.
  const img = sharp(input, { failOn: 'truncated', limitInputPixels: MAX_IMAGE_PIXELS });
  const meta = await img.metadata().catch((err: Error) => {
    throw /pixel limit/.test(err.message) ? new Error(`over the limit of ${MAX_IMAGE_PIXELS.toLocaleString('en')} pixels`) : new Error('not a readable image');
  });
  if (!meta.width || !meta.height) throw new Error('no image size in the header');
  if (meta.width * meta.height > MAX_IMAGE_PIXELS)
    throw new Error(`${meta.width}×${meta.height} is over the limit of ${MAX_IMAGE_PIXELS.toLocaleString('en')} pixels`);
  const formats = opts.anyFormat ? ANY_FORMATS : IMPORT_FORMATS;
  if (!meta.format || !formats.has(meta.format))
    throw new Error(`${meta.format ?? 'unknown'} images are not supported (${opts.anyFormat ? 'PNG, JPEG, WebP, GIF or TIFF' : 'PNG or JPEG'})`);
  let pipeline = img.flatten({ background: '#ffffff' }).resize(o.width, o.height, { fit: 'fill' });
  pipeline = o.color === 'grayscale' ? pipeline.grayscale() : pipeline.toColourspace('srgb');
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  const channels = o.color === 'grayscale' ? 1 : 3;
  const out = new Float32Array(o.width * o.height * channels);
  for (let p = 0; p < o.width * o.height; p++)
    for (let c = 0; c < channels; c++) out[p * channels + c] = data[p * info.channels + Math.min(c, info.channels - 1)] / 255;
  return out;
}

/** A folder's class subfolders and image files, before any image is decoded. */
export interface ImageListing {
  classes: string[];
  files: { file: string; rel: string; cls: number }[];
  skipped: { file: string; reason: string }[];
}

/** Floats per image with these options. */
export const imageFloats = (o: Pick<ImageOptions, 'width' | 'height' | 'color'>) => o.width * o.height * (o.color === 'grayscale' ? 1 : 3);

/** Class folders (sorted) and their files. Hidden files are ignored; other non-images are reported. */
export function listImages(dir: string): ImageListing {
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new ApiError('invalid_input', `${dir} is not a folder.`);
    entries = readdirSync(dir);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError('not_found', `Cannot read the folder ${dir}: ${plainReadReason(err, dir)}`);
  }
  const classes = sortClassNames(entries.filter((e) => !e.startsWith('.') && statSync(join(dir, e)).isDirectory()));
  const files: { file: string; rel: string; cls: number }[] = [];
  const skipped: { file: string; reason: string }[] = [];
  classes.forEach((cls, k) => {
    for (const f of readdirSync(join(dir, cls)).sort()) {
      if (f.startsWith('.')) continue;
      const file = join(dir, cls, f);
      const rel = `${cls}/${f}`;
      if (!statSync(file).isFile()) skipped.push({ file: rel, reason: 'not a file (nested folders are not read)' });
      else if (!IMAGE_EXT.has(extname(f).toLowerCase())) skipped.push({ file: rel, reason: 'not a PNG or JPEG file' });
      else files.push({ file, rel, cls: k });
    }
  });
  return { classes, files, skipped };
}

/**
 * Import a folder with one subfolder per class. Unreadable images are skipped and listed, never fatal;
 * the import fails only when fewer than two classes have images left.
 */
export async function prepareImages(
  dir: string,
  o: ImageOptions,
  hooks: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
  listing: ImageListing = listImages(dir),
): Promise<PreparedVersion> {
  const { classes: allClasses, files } = listing;
  const skipped = [...listing.skipped];
  const per = o.width * o.height * (o.color === 'grayscale' ? 1 : 3);
  const x = new Float32Array(files.length * per);
  const ok = new Uint8Array(files.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < files.length) {
      if (hooks.signal?.aborted) throw new ApiError('conflict', 'The import was cancelled.');
      const i = next++;
      try {
        x.set(await decodeImage(files[i].file, o), i * per);
        ok[i] = 1;
      } catch (err) {
        skipped.push({ file: files[i].rel, reason: (err as Error).message.split('\n')[0] });
      }
      if (++done % 200 === 0) hooks.onProgress?.(done, files.length);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  hooks.onProgress?.(files.length, files.length);
  // Classes keep only folders that still have an image.
  const present = allClasses.filter((_, k) => files.some((f, i) => ok[i] && f.cls === k));
  if (present.length < 2)
    throw new ApiError(
      'invalid_input',
      `${basename(dir)}: ${present.length} class folder(s) with readable images; a classifier needs at least two (one subfolder per class).` +
        (skipped.length ? ` Skipped: ${skipped.slice(0, 5).map((s) => `${s.file} (${s.reason})`).join('; ')}.` : ''),
    );
  const remap = allClasses.map((c) => present.indexOf(c));
  const labels = Int32Array.from(files, (f, i) => (ok[i] ? remap[f.cls] : -1));
  const codes = stratifiedSplit(labels, present.length, normaliseRatios(o.split), o.seed);
  const order = splitRows(codes, o.seed);
  const splits = Object.fromEntries(SPLITS.map((s, k) => [s, gather(x, labels, order[k], per)])) as PreparedVersion['splits'];
  const splitOf = new Int8Array(files.length).fill(-1);
  const indexIn = new Int32Array(files.length);
  order.forEach((rows, s) => rows.forEach((r, i) => ((splitOf[r] = s), (indexIn[r] = i))));
  skipped.sort((a, b) => (a.file < b.file ? -1 : 1));
  return {
    kind: 'image',
    inputShape: [o.height, o.width, o.color === 'grayscale' ? 1 : 3],
    classes: present,
    splits,
    recipe: imageRecipe(dir, o, skipped.length),
    stats: { previewColumns: ['split', 'class', 'file', 'index'], columns: [], classBalance: classBalance(present, splits) },
    rows: function* () {
      let chunk: (string | null)[][] = [];
      for (let i = 0; i < files.length; i++) {
        if (!ok[i]) continue;
        chunk.push([SPLITS[splitOf[i]], allClasses[files[i].cls], files[i].rel, String(indexIn[i])]);
        if (chunk.length === ROWS_PER_PREVIEW_CHUNK) {
          yield chunk;
          chunk = [];
        }
      }
      if (chunk.length) yield chunk;
    },
    warnings: skipped.length ? [`${skipped.length} file(s) were skipped.`] : [],
    skipped,
  };
}

/** How an image version was made: what evaluation, export and serving redo for a new image. */
export const imageRecipe = (dir: string, o: ImageOptions, skipped: number) => ({
  format: 'images-v1',
  source: basename(dir),
  width: o.width,
  height: o.height,
  color: o.color,
  scale: '0..1',
  split: o.split,
  seed: o.seed,
  skipped,
});

/** A stored image (floats in 0..1, height × width × channels) as a PNG data URL. */
export async function imageDataUrl(x: Float32Array, shape: number[]): Promise<string> {
  const [h, w, c] = shape;
  const bytes = Buffer.alloc(h * w * c);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.max(0, Math.min(255, Math.round(x[i] * 255)));
  const png = await sharp(bytes, { raw: { width: w, height: h, channels: c as 1 | 3 } }).png().toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}
