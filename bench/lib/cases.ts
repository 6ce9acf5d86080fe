import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchCase } from './types';

/** bench/cases: one file per case, named after the case (`npm run bench -- <name>` runs bench/cases/<name>.ts). */
export const CASES_DIR = fileURLToPath(new URL('../cases', import.meta.url));

/** Every case name, from the file names, without loading any case (so an unknown name fails at once). */
export function benchCaseNames(): string[] {
  return readdirSync(CASES_DIR)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => f.slice(0, -'.ts'.length))
    .sort();
}

/** Load one case; a case whose `name` differs from its file name is a mistake the list would hide. */
export async function loadBenchCase(name: string): Promise<BenchCase> {
  const mod = (await import(pathToFileURL(join(CASES_DIR, `${name}.ts`)).href)) as { default?: BenchCase };
  if (!mod.default) throw new Error(`bench/cases/${name}.ts has no default export (a BenchCase)`);
  if (mod.default.name !== name) throw new Error(`bench/cases/${name}.ts names its case "${mod.default.name}": rename the file or the case`);
  return mod.default;
}
