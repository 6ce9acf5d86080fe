import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { WorkerOptions } from 'node:worker_threads';
import { appRoot, runningFromSource } from './app-root';

/** Worker threads of the main build: their bundle name (electron.vite.config.ts) → source file. */
const SOURCES = {
  'train-worker': 'src/main/engine/parallel/worker.ts',
  'rows-writer': 'src/main/engine/data/rows-writer-worker.mjs',
} as const;

/**
 * A worker's entry and how to start it: beside the bundle when built (out/main/<name>.js), or its source
 * when running from src/ (tests, bench, dev). A TypeScript source goes through tsx's require hook: Node
 * 20 does not apply ESM loader hooks (--import tsx) inside worker threads; the CommonJS hook works there.
 * A plain JavaScript source runs as it is.
 */
export function workerEntry(name: keyof typeof SOURCES): { file: string; options: WorkerOptions } {
  const root = appRoot();
  if (runningFromSource()) {
    const file = join(root, SOURCES[name]);
    if (!file.endsWith('.ts')) return { file, options: {} };
    // The package is "type": "module", so a .ts entry would go to the ESM loader: require it from an
    // evaluated CommonJS stub instead, with tsx's require hook preloaded.
    const tsxCjs = createRequire(join(root, 'package.json')).resolve('tsx/cjs');
    return { file: `require(${JSON.stringify(file)});`, options: { eval: true, execArgv: ['--require', tsxCjs] } };
  }
  const built = join(root, `out/main/${name}.js`);
  if (!existsSync(built)) throw new Error(`The worker bundle ${built} is missing; run "npm run build".`);
  return { file: built, options: {} };
}
