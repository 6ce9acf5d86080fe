import { lstatSync, realpathSync, rmSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep, isAbsolute } from 'node:path';
import { ApiError } from '../../shared/api/errors';

/**
 * THE rule for every path LayerLab derives from data (experiment ids, imported-model ids, file names
 * out of bundles and manifests): one folder-name segment, checked against a strict pattern, joined onto
 * a parent whose real path is known, and refused when the result is not strictly inside that parent.
 * Every read, write and delete of a folder built from an id goes through `childPath`.
 */

/**
 * A safe folder/file name: starts and ends with a letter, digit or `_`/`-` (so never `.`/`..`, never a
 * trailing dot that Windows would strip), with `.` `_` `-` inside; no separators, no `:` (Windows
 * streams), at most 128 characters.
 */
const SEGMENT = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,126}[A-Za-z0-9_-])?$/;
/** Names Windows reserves for devices, with or without an extension. */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/** True when `name` may be used as one path segment under a folder of ours. */
export function isSafeSegment(name: string): boolean {
  return SEGMENT.test(name) && !name.includes('..') && !WINDOWS_DEVICE.test(name);
}

/**
 * The real path of `p`, following symlinks, even when its tail does not exist yet: the nearest existing
 * ancestor is resolved with realpath and the missing rest appended.
 */
export function realpathLoose(p: string): string {
  const abs = resolve(p);
  const missing: string[] = [];
  let at = abs;
  for (;;) {
    try {
      const real = realpathSync(at);
      return missing.length ? join(real, ...missing.reverse()) : real;
    } catch {
      const up = dirname(at);
      if (up === at) return abs;
      missing.push(basename(at));
      at = up;
    }
  }
}

/** True when `child` is strictly inside `parent` (both absolute, already resolved). */
export function isStrictlyInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && !rel.split(sep).includes('..');
}

/**
 * `parent/seg1/seg2/…` with every segment checked and the result proven to lie strictly inside the
 * parent's real path. `what` names the thing in the refusal ("experiment id", "model file").
 */
export function childPath(parent: string, segments: string[], what = 'name'): string {
  for (const s of segments)
    if (!isSafeSegment(s))
      throw new ApiError('invalid_input', `"${s.slice(0, 80)}" is not a valid ${what}: use letters, digits, _ . - only.`);
  const root = realpathLoose(parent);
  const target = join(root, ...segments);
  if (!isStrictlyInside(root, resolve(target)))
    throw new ApiError('invalid_input', `"${segments.join('/').slice(0, 80)}" points outside its folder; refusing it.`);
  return target;
}

/**
 * Delete one folder of ours (an experiment's run folder, an imported model) and nothing else: the path
 * is built with `childPath`; a symlink in its place is unlinked, never followed.
 */
export function removeChild(parent: string, segment: string, what = 'name'): void {
  const target = childPath(parent, [segment], what);
  let st;
  try {
    st = lstatSync(target);
  } catch {
    return; // nothing there
  }
  if (st.isSymbolicLink()) unlinkSync(target);
  else rmSync(target, { recursive: true, force: true });
}

/** The folders and file names inside a data folder that belong to LayerLab alone. */
const INTERNAL_DIRS = ['experiments', 'imported', 'locks'];
const isDatabaseFile = (name: string) => /^layerlab\.db(?:$|[.-])/i.test(name);

/**
 * Refuse a user-named output path (export folder, bundle, report, saved model) that would land on the
 * project's own files: the database and its -wal/-shm/backups, the run and imported-model folders, or
 * the data folder itself. Symlinks are followed (a link named like an innocent file that points at
 * layerlab.db is refused too). `kind` says whether `target` is the file written or a folder written into.
 */
export function assertOutsideProject(dataDir: string, target: string, kind: 'file' | 'folder'): void {
  const data = realpathLoose(dataDir);
  const real = realpathLoose(target);
  const refuse = () => {
    throw new ApiError(
      'invalid_input',
      `${target} is inside LayerLab's own data (the project database, its backups or run folders); choose another ${kind === 'file' ? 'file' : 'folder'}.`,
    );
  };
  if (real === data) refuse();
  if (!isStrictlyInside(data, real)) return;
  const [top] = relative(data, real).split(sep);
  if (INTERNAL_DIRS.includes(top) || isDatabaseFile(top)) refuse();
}

/** `experiments/<id>` under a data folder, checked (see childPath). */
export const runDirIn = (dataDir: string, id: string): string =>
  childPath(join(dataDir, 'experiments'), [id], 'experiment id');


/**
 * A name a person gave (an uploaded file, a folder picked in the browser) turned into one safe segment:
 * accents dropped (é → e), anything outside letters, digits and `_ . -` replaced by `_`, no leading dot
 * (no hidden or `..` names), no trailing dot, at most 128 characters with the extension kept, Windows
 * device names prefixed. Never empty: `fallback` when nothing usable is left. The result always passes
 * `isSafeSegment`.
 */
export function safeName(name: string, fallback = 'file'): string {
  let s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[^A-Za-z0-9_]+/, '')
    .replace(/\.+$/, '');
  if (s.length > 128) {
    const dot = s.lastIndexOf('.');
    const ext = dot > 0 && s.length - dot <= 16 ? s.slice(dot) : '';
    s = s.slice(0, 128 - ext.length).replace(/\.+$/, '') + ext;
  }
  if (WINDOWS_DEVICE.test(s)) s = `_${s}`;
  return isSafeSegment(s) ? s : fallback;
}
