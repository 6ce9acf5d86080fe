import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, promises as fsp, renameSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { ApiError } from '../../shared/api/errors';
import { childPath, safeName } from './safe-paths';
import { plainFsReason } from './write-user-file';

/**
 * Files and folders a browser sends to the web host, into `<data dir>/uploads`. An upload is announced
 * first (kind, name, total bytes), then arrives in chunks of at most CHUNK_BYTES, each at the offset where
 * its file ends so far, then is finished. Until then everything lives in `uploads/.incoming/<id>`, and
 * only the finish moves it (one rename) to its final name: an upload cancelled, cut off or left idle
 * leaves nothing a person could mistake for the whole file. Every name is rebuilt with `safeName` and
 * joined with `childPath`, so `../` or `C:\` in a file name goes nowhere.
 */

/** The most one upload (a file, or a folder's files together) may hold: 2 GiB. */
export const UPLOAD_LIMIT_BYTES = 2 * 2 ** 30;
/** The largest chunk a client sends in one request. */
export const CHUNK_BYTES = 4 * 2 ** 20;
/** Files in one folder upload, and folder depth below it. */
const MAX_FILES = 200_000;
const MAX_DEPTH = 8;
/** Uploads open at once, and how long one may sit idle before it is thrown away. */
const MAX_OPEN = 16;
const STALE_MS = 60 * 60 * 1000;

export type UploadKind = 'file' | 'folder';

export interface UploadStarted {
  id: string;
  chunkBytes: number;
  maxBytes: number;
}

export interface UploadFinished {
  /** Absolute path on the host: what the import dialogs pass on. */
  path: string;
  /** The final (safe) file or folder name inside the uploads folder. */
  name: string;
  bytes: number;
  files: number;
}

interface OpenUpload {
  kind: UploadKind;
  name: string;
  bytes: number;
  /** Files announced: a folder upload may not create more (empty pieces would otherwise be free). */
  files: number;
  received: number;
  /** Bytes so far per (safe) relative path. */
  sizes: Map<string, number>;
  dir: string;
  touched: number;
}

/** Sizes in words: "2 GiB", "640 MB", "12 KB". */
export function sizeInWords(n: number): string {
  if (n >= 2 ** 30) return `${+(n / 2 ** 30).toFixed(1)} GiB`;
  if (n >= 2 ** 20) return `${Math.round(n / 2 ** 20)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}

const gone = () =>
  new ApiError('not_found', 'This upload is no longer open (it was cancelled, finished, or idle for an hour); start it again.');

/** A name not yet taken in `root`: `iris.csv`, then `iris-2.csv`, `iris-3.csv`, … */
function freeName(root: string, name: string): string {
  const ext = extname(name);
  const stem = ext ? name.slice(0, -ext.length) : name;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? name : `${stem.slice(0, 120)}-${n}${ext}`;
    if (!existsSync(join(root, candidate))) return candidate;
  }
}

export function createUploadStore(opts: { dataDir: string; maxBytes?: number; now?: () => number }) {
  const root = join(opts.dataDir, 'uploads');
  const incoming = join(root, '.incoming');
  const maxBytes = opts.maxBytes ?? UPLOAD_LIMIT_BYTES;
  const now = opts.now ?? Date.now;
  const open = new Map<string, OpenUpload>();
  // Whatever a previous run left half-received is of no use to anyone.
  rmSync(incoming, { recursive: true, force: true });

  const drop = (id: string) => {
    const u = open.get(id);
    open.delete(id);
    if (u) rmSync(u.dir, { recursive: true, force: true });
  };
  const sweep = () => {
    for (const [id, u] of open) if (now() - u.touched > STALE_MS) drop(id);
  };
  const get = (id: string) => {
    const u = open.get(id);
    if (!u) throw gone();
    u.touched = now();
    return u;
  };

  /** Where one file of an upload goes: the file itself, or a checked path inside the folder. */
  const target = (u: OpenUpload, relPath: string | undefined): { key: string; path: string } => {
    if (u.kind === 'file') return { key: '', path: join(u.dir, u.name) };
    // `.` and `..` are dropped, never followed: a folder's files stay in that folder whatever they claim.
    const parts = (relPath ?? '').split(/[\\/]+/).filter((p) => p !== '' && p !== '.' && p !== '..');
    if (parts.length === 0) throw new ApiError('invalid_input', 'Each file of a folder upload needs its path inside the folder.');
    if (parts.length > MAX_DEPTH) throw new ApiError('invalid_input', `"${relPath!.slice(0, 80)}" is nested too deep (at most ${MAX_DEPTH} folders).`);
    const safe = parts.map((p) => safeName(p));
    return { key: safe.join('/'), path: childPath(u.dir, safe, 'file name') };
  };

  return {
    root,
    begin(input: { kind: UploadKind; name: string; bytes: number; files?: number }): UploadStarted {
      sweep();
      const { kind, bytes } = input;
      if (!Number.isSafeInteger(bytes) || bytes < 0) throw new ApiError('invalid_input', 'The upload must say how many bytes it holds.');
      if (bytes > maxBytes)
        throw new ApiError(
          'invalid_input',
          `${input.name.slice(0, 80)} is ${sizeInWords(bytes)}; uploads are limited to ${sizeInWords(maxBytes)}. Copy larger files to the server and type their path instead.`,
        );
      if ((input.files ?? 1) > MAX_FILES) throw new ApiError('invalid_input', `A folder upload may hold at most ${MAX_FILES.toLocaleString('en')} files.`);
      if (open.size >= MAX_OPEN) throw new ApiError('conflict', `${MAX_OPEN} uploads are already open; wait for one to finish.`);
      mkdirSync(incoming, { recursive: true });
      try {
        const fs = statfsSync(incoming);
        const free = Number(fs.bavail) * Number(fs.bsize);
        if (free < bytes + 64 * 2 ** 20)
          throw new ApiError('unavailable', `The server's disk has ${sizeInWords(free)} free; ${input.name.slice(0, 80)} needs ${sizeInWords(bytes)}. Free some space and try again.`);
      } catch (err) {
        if (err instanceof ApiError) throw err; // statfs itself failing proves nothing: the writes will tell
      }
      const id = randomBytes(16).toString('hex');
      const dir = join(incoming, id);
      mkdirSync(dir);
      // Only the last part of the name counts: "../../x.csv" or "C:\\data\\x.csv" is just x.csv.
      const last = input.name.split(/[\\/]+/).filter((p) => p !== '' && p !== '.' && p !== '..').pop() ?? '';
      open.set(id, { kind, name: safeName(last, kind === 'file' ? 'upload' : 'folder'), bytes, files: kind === 'file' ? 1 : (input.files ?? MAX_FILES), received: 0, sizes: new Map(), dir, touched: now() });
      return { id, chunkBytes: CHUNK_BYTES, maxBytes };
    },

    /** Append one chunk at `offset` of its file (the file's size so far: chunks of a file come in order). */
    async write(id: string, relPath: string | undefined, offset: number, data: Buffer): Promise<{ received: number }> {
      const u = get(id);
      const { key, path } = target(u, relPath);
      const size = u.sizes.get(key) ?? 0;
      if (!u.sizes.has(key) && u.sizes.size >= u.files) {
        drop(id);
        throw new ApiError('invalid_input', `More files arrived than the ${u.files} announced; the upload was cancelled.`);
      }
      if (offset !== size)
        throw new ApiError('conflict', `A piece of ${key || u.name} arrived out of order (at byte ${offset}, expected ${size}); start the upload again.`);
      if (u.received + data.length > u.bytes) {
        drop(id);
        throw new ApiError('invalid_input', `More data arrived than the ${sizeInWords(u.bytes)} announced; the upload was cancelled.`);
      }
      // Counted before the write, so a second chunk for the same place is refused, not interleaved.
      u.sizes.set(key, size + data.length);
      u.received += data.length;
      try {
        if (size === 0) mkdirSync(dirname(path), { recursive: true });
        await fsp.appendFile(path, data);
      } catch (err) {
        drop(id);
        throw new ApiError('unavailable', `The server could not store ${key || u.name}: ${plainFsReason(err)} The upload was cancelled.`);
      }
      return { received: u.received };
    },

    /** Move a complete upload to its final name and say where it is. */
    finish(id: string): UploadFinished {
      const u = get(id);
      if (u.received !== u.bytes)
        throw new ApiError('conflict', `${u.name} is incomplete: ${sizeInWords(u.received)} of ${sizeInWords(u.bytes)} arrived.`);
      if (u.kind === 'folder' && u.sizes.size === 0) {
        drop(id);
        throw new ApiError('invalid_input', `The folder ${u.name} holds no files.`);
      }
      const name = freeName(root, u.name);
      const final = childPath(root, [name], 'upload name');
      try {
        if (u.kind === 'file') {
          const file = join(u.dir, u.name);
          if (!existsSync(file)) writeFileSync(file, ''); // an empty file arrives in no chunk
          renameSync(file, final);
          rmSync(u.dir, { recursive: true, force: true });
        } else renameSync(u.dir, final);
      } catch (err) {
        drop(id);
        throw new ApiError('unavailable', `The server could not keep ${u.name}: ${plainFsReason(err)}`);
      }
      open.delete(id);
      return { path: final, name, bytes: u.bytes, files: u.kind === 'file' ? 1 : u.sizes.size };
    },

    /** Cancel: nothing of the upload stays. Unknown ids are fine (already finished or swept). */
    abort(id: string): { aborted: boolean } {
      const known = open.has(id);
      drop(id);
      return { aborted: known };
    },

    /** Uploads open now (tests, shutdown). */
    get openCount() {
      return open.size;
    },
  };
}

export type UploadStore = ReturnType<typeof createUploadStore>;
