import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

/**
 * The LayerLab package folder, found by walking up from this module. Bundling moves code into
 * out/main/chunks/, so paths relative to a module are not stable; the package root is.
 */
export function appRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'layerlab') return (cached = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('Cannot find the LayerLab package folder.');
    dir = up;
  }
}

/** True when running from TypeScript sources (tsx, vitest) rather than the built bundle. */
export const runningFromSource = (): boolean => fileURLToPath(import.meta.url).endsWith('.ts');
