#!/usr/bin/env node
// The CLI: the built bundle when present and current, else the TypeScript source through tsx.
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { newestMtime } from '../scripts/newest-mtime.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'out/main/cli.js');
// A bundle older than the sources (a pull or an edit since the last build) would run old code: then the
// sources run instead, through tsx, and the trainer they start runs from source too.
const stale = existsSync(built) && newestMtime(join(root, 'src')) > statSync(built).mtimeMs;
if (stale) console.error('layerlab: the build in out/ is older than src/; running from source (npm run build to rebuild).');
if (existsSync(built) && !stale) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src/main/cli.ts')).href);
}
