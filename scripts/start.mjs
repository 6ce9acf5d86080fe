#!/usr/bin/env node
// `npm start`: build if needed, then open the desktop app; where Electron's binary is missing, say so in
// one line and serve the same UI to a browser instead. `npm run web` (--web) goes straight to the browser.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { electronBinary } from './electron-binary.mjs';
import { newestMtime } from './newest-mtime.mjs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const webOnly = args.includes('--web');
const passThrough = args.filter((a) => a !== '--web');


const built = join(root, 'out/main/web.js');
if (!existsSync(built) || !existsSync(join(root, 'out/renderer/index.html')) || newestMtime(join(root, 'src')) > statSync(built).mtimeMs) {
  console.log('Building LayerLab…');
  const r = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const electron = webOnly ? null : electronBinary();
if (!electron && !webOnly) console.log("Electron's binary is not installed on this machine, so LayerLab opens in your browser instead.");
const child = electron
  ? spawn(electron, [root, ...passThrough], { stdio: 'inherit' })
  : spawn(process.execPath, [join(root, 'out/main/web.js'), ...passThrough], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));

// Stopping us stops the app: our own signals go to the child. npm runs this script through `sh -c`,
// which does not pass on the SIGTERM npm forwards to it (sh just exits), so a parent that goes away is
// taken as the same request: without this, `kill <npm's pid>` would leave the server running.
const stop = (sig) => {
  if (child.exitCode === null && child.signalCode === null) child.kill(sig);
};
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => stop(sig));
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop('SIGTERM');
}, 500).unref();
