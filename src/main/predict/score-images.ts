/**
 * An image folder → model features for scoring: images directly in the folder (no label), and/or one
 * subfolder per class as the import reads them (the subfolder is the true label). Unreadable files are
 * listed with the reason.
 */
import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { ApiError } from '../../shared/api/errors';
import type { UnscoredRow } from '../../shared/api/predict-types';
import { imageFeatures, RequestError, type ModelInputs } from './features';
import { cancelled } from './score-table';

const IMAGE_EXT = new Set(['.png', '.jpg', '.jpeg', '.webp', '.gif', '.tif', '.tiff']);

function listFolder(dir: string): { rel: string; file: string; label: string | null }[] {
  const out: { rel: string; file: string; label: string | null }[] = [];
  const entries = readdirSync(dir).filter((e) => !e.startsWith('.')).sort();
  for (const e of entries) {
    const path = join(dir, e);
    const st = statSync(path);
    if (st.isFile()) {
      if (IMAGE_EXT.has(extname(e).toLowerCase())) out.push({ rel: e, file: path, label: null });
    } else if (st.isDirectory())
      for (const f of readdirSync(path).filter((n) => !n.startsWith('.')).sort())
        if (IMAGE_EXT.has(extname(f).toLowerCase()) && statSync(join(path, f)).isFile()) out.push({ rel: `${e}/${f}`, file: join(path, f), label: e });
  }
  return out;
}

/** Images of a folder ready to predict, with what to write beside each prediction. */
export interface ScoringInput {
  /** Features of the rows that could be encoded, in file order. */
  x: Float32Array;
  n: number;
  /** Row number in the file (header = row 1) of each encoded row; image folders: 0. */
  rowNumbers: number[];
  /** The id column's name and each encoded row's id (image folders: the file). */
  idColumn: string | null;
  ids: (string | null)[] | null;
  /** True class names of the encoded rows, when the file holds the label column. */
  labels: (string | null)[] | null;
  /** Rows (or images) read in all, and those that could not be encoded. */
  total: number;
  unscored: UnscoredRow[];
}

export async function readImagesForScoring(
  dir: string,
  mi: ModelInputs,
  o: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void },
): Promise<ScoringInput> {
  if (!mi.image) throw new ApiError('invalid_input', 'This model takes table rows: score a CSV file, not a folder of images.');
  const files = listFolder(dir);
  if (files.length === 0) throw new ApiError('invalid_input', `${dir} holds no PNG or JPEG images (directly or one subfolder deep).`);
  const x = new Float32Array(files.length * mi.size);
  const ids: string[] = [];
  const labels: (string | null)[] = [];
  const unscored: UnscoredRow[] = [];
  for (const [i, f] of files.entries()) {
    if (o.signal?.aborted) throw cancelled();
    try {
      x.set(await imageFeatures(mi, f.file, f.rel), ids.length * mi.size);
      ids.push(f.rel);
      labels.push(f.label);
    } catch (err) {
      if (!(err instanceof RequestError)) throw err;
      unscored.push({ row: 0, file: f.rel, reason: err.message.replace(`${f.rel} could not be read: `, '') });
    }
    if (i % 50 === 49) o.onProgress?.(i + 1, files.length);
  }
  const n = ids.length;
  return {
    x: x.subarray(0, n * mi.size),
    n,
    rowNumbers: new Array<number>(n).fill(0),
    idColumn: 'file',
    ids,
    labels: labels.some((l) => l !== null) ? labels : null,
    total: files.length,
    unscored,
  };
}
