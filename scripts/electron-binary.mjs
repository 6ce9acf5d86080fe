// Where Electron's binary is, without triggering its download-on-first-use (which cannot work offline).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', 'electron');

/** The executable path, or null when this machine has no Electron binary. */
export function electronBinary() {
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const rel = readFileSync(pathFile, 'utf8').trim();
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(pkgDir, 'dist');
  const full = join(dist, rel);
  return existsSync(full) ? full : null;
}
