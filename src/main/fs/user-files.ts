import { constants, promises as fsp, realpathSync, statSync, type Stats } from 'node:fs';
import { basename } from 'node:path';
import { ApiError } from '../../shared/api/errors';
import { isStrictlyInside } from './safe-paths';

/**
 * Reading files a user (or a bundle, or a manifest) named: only regular files, by type (a device or a
 * FIFO reports size 0, so `stat` size proves nothing), and with a hard byte limit counted while reading.
 * /dev/zero, a FIFO nobody writes to, a socket or a 40 GB file are refused at once with plain words.
 */

export interface UserFileOptions {
  /** Stop with a plain error after this many bytes. */
  maxBytes: number;
  /** How the file is called in messages ("the bundle", "the model's weights file"). */
  what: string;
  /** When set, the file's real path (symlinks followed) must lie strictly inside this folder. */
  within?: string;
}

const mb = (n: number) => (n >= 2 ** 20 ? `${Math.round(n / 2 ** 20)} MB` : `${n} bytes`);

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not an ordinary file';
}

/** Type (and containment) checks shared by the sync and async readers; returns the path to open. */
function checkUserFile(path: string, o: UserFileOptions): string {
  let st: Stats;
  try {
    st = statSync(path);
  } catch {
    throw new ApiError('not_found', `${o.what} ${path} does not exist or cannot be read.`);
  }
  if (!st.isFile()) throw new ApiError('invalid_input', `${o.what} ${path} is ${kindOf(st)}, not a file; LayerLab reads only ordinary files.`);
  if (o.within !== undefined) {
    let real: string;
    let root: string;
    try {
      real = realpathSync(path);
      root = realpathSync(o.within);
    } catch {
      throw new ApiError('not_found', `${o.what} ${path} cannot be read.`);
    }
    if (!isStrictlyInside(root, real))
      throw new ApiError('invalid_input', `${o.what} ${basename(path)} is a link to a file outside its folder; refusing to read it.`);
    return real;
  }
  return path;
}

const tooBig = (path: string, o: UserFileOptions) =>
  new ApiError('invalid_input', `${o.what} ${path} is larger than ${mb(o.maxBytes)}; LayerLab does not read files that big.`);

/**
 * The whole file as bytes, read in chunks and counted: refused as soon as it passes `maxBytes` (so a
 * file that grows while being read, or a device that slipped past the type check, stays bounded).
 * Opened with O_NONBLOCK so a FIFO swapped in after the check cannot hang the host, then re-checked
 * with fstat on the open descriptor.
 */
export async function readUserFile(path: string, o: UserFileOptions): Promise<Buffer> {
  const file = checkUserFile(path, o);
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch {
    throw new ApiError('not_found', `${o.what} ${path} cannot be opened.`);
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new ApiError('invalid_input', `${o.what} ${path} is ${kindOf(st)}, not a file.`);
    if (st.size > o.maxBytes) throw tooBig(path, o);
    const parts: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > o.maxBytes) throw tooBig(path, o);
      parts.push(Buffer.from(chunk.subarray(0, bytesRead)));
    }
    return Buffer.concat(parts, total);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError('unavailable', `${o.what} ${path} could not be read to the end.`);
  } finally {
    await handle.close();
  }
}

/** The file as UTF-8 text (a leading byte-order mark dropped), same checks and limit. */
export async function readUserText(path: string, o: UserFileOptions): Promise<string> {
  return (await readUserFile(path, o)).toString('utf8').replace(/^\uFEFF/, '');
}

/**
 * Only the type check (no read): for code that streams a user-named file itself (CSV import) and must
 * refuse devices and FIFOs before opening them.
 */
export function assertRegularFile(path: string, what: string): void {
  checkUserFile(path, { what, maxBytes: Number.MAX_SAFE_INTEGER });
}
