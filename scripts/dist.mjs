#!/usr/bin/env node
// `npm run dist`: build the app, then let electron-builder make the installers (its configuration is the
// "build" key of package.json). electron-builder, @electron/fuses and Electron's binary are packaging-machine
// tools (they download at install or first use): where one is missing, say which in one line and stop.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The first packaging tool missing from node_modules, as the sentence to print, or null. */
export function missingTool(modules = join(root, 'node_modules')) {
  if (!existsSync(join(modules, 'electron-builder', 'package.json')))
    return 'Making installers needs electron-builder: run "npm install -D electron-builder @electron/fuses" on a packaging machine with internet access, then "npm run dist".';
  if (!existsSync(join(modules, '@electron', 'fuses', 'package.json')))
    return 'Making installers needs @electron/fuses to lock the Electron binary down: run "npm install -D @electron/fuses", then "npm run dist".';
  return null;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const missing = missingTool();
  if (missing) {
    console.error(missing);
    process.exit(1);
  }
  const run = (script, args) => spawnSync(process.execPath, [join(root, 'node_modules', script), ...args], { cwd: root, stdio: 'inherit' }).status ?? 1;
  // Extra arguments pick platforms and targets: npm run dist -- --linux AppImage, --win, --mac.
  const status = run('electron-vite/bin/electron-vite.js', ['build']) || run('electron-builder/cli.js', ['--publish', 'never', ...process.argv.slice(2)]);
  process.exit(status);
}
