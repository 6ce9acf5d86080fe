import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { ApiError } from '../../shared/api/errors';
import { childPath, isStrictlyInside, safeName } from '../fs/safe-paths';
import type { ZipSource } from './zip';

/**
 * What a browser may download from the web host: only what the host wrote into `<data dir>/downloads`
 * for it (an export, saved model files, a report, a bundle), never an arbitrary server path. The page
 * asks for a fresh output folder, runs the ordinary contract method into it, then asks for a one-time
 * link (token-guarded); the link itself is a random ticket, good for one GET within a few minutes, so the
 * browser can download natively (progress, no copy in page memory) without the token in any URL.
 */

const TICKET_MS = 5 * 60 * 1000;
/** Output folders older than this are removed when a new one is made. */
const KEEP_MS = 24 * 60 * 60 * 1000;

export interface DownloadItem {
  path: string;
  kind: 'file' | 'folder';
  /** The name the browser saves it as (`.zip` added for folders). */
  filename: string;
}

/** Regular files under `dir` (symlinks and special files skipped), as zip entries under `prefix/`. */
export function folderSources(dir: string, prefix: string): ZipSource[] {
  const out: ZipSource[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at).sort()) {
      const full = join(at, name);
      const st = lstatSync(full);
      if (st.isDirectory()) walk(full);
      else if (st.isFile())
        out.push({ name: [prefix, ...relative(dir, full).split(sep)].join('/'), mtime: st.mtime, read: () => readFileSync(full) });
    }
  };
  walk(dir);
  return out;
}

export function createDownloads(opts: { dataDir: string; now?: () => number }) {
  const root = join(opts.dataDir, 'downloads');
  const now = opts.now ?? Date.now;
  const tickets = new Map<string, DownloadItem & { expires: number }>();

  const sweep = () => {
    for (const [t, item] of tickets) if (item.expires < now()) tickets.delete(t);
    let names: string[];
    try {
      names = readdirSync(root);
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(root, name);
      try {
        if (now() - lstatSync(p).mtimeMs > KEEP_MS) rmSync(p, { recursive: true, force: true });
      } catch {
        // gone already
      }
    }
  };

  return {
    root,
    /** A fresh, empty folder for one download's files. */
    newFolder(): { directory: string } {
      sweep();
      mkdirSync(root, { recursive: true });
      const stamp = new Date(now()).toISOString().slice(0, 19).replace(/[:T]/g, '-');
      const directory = childPath(root, [`${stamp}-${randomBytes(6).toString('hex')}`], 'folder name');
      mkdirSync(directory);
      return { directory };
    },

    /** A one-time link for a file or folder inside the downloads folder. */
    link(path: string, filename?: string): { url: string; filename: string } {
      let real: string;
      let rootReal: string;
      try {
        real = realpathSync(path);
        rootReal = realpathSync(root);
      } catch {
        throw new ApiError('not_found', `${path} is not there any more; produce it again, then download it.`);
      }
      if (!isStrictlyInside(rootReal, real))
        throw new ApiError('invalid_input', 'Only files LayerLab produced for this browser (in its downloads folder) can be downloaded.');
      const st = statSync(real);
      if (!st.isFile() && !st.isDirectory()) throw new ApiError('invalid_input', `${basename(path)} is not a file or folder.`);
      const kind = st.isDirectory() ? 'folder' : 'file';
      const base = safeName((filename ?? basename(real)).replace(/\.zip$/i, ''), 'download');
      const item: DownloadItem = { path: real, kind, filename: kind === 'folder' ? `${base}.zip` : base };
      const ticket = randomBytes(24).toString('hex');
      tickets.set(ticket, { ...item, expires: now() + TICKET_MS });
      return { url: `/files/download/${ticket}`, filename: item.filename };
    },

    /** Redeem a link (once). */
    take(ticket: string): DownloadItem {
      const item = tickets.get(ticket);
      tickets.delete(ticket);
      if (!item || item.expires < now()) throw new ApiError('not_found', 'This download link has expired or was used already; click Download again.');
      return item;
    },
  };
}

export type Downloads = ReturnType<typeof createDownloads>;
