import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Reading README.md the way a newcomer does: its code blocks, its marked lists. */
export const README = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');

/** The fenced code blocks of a given language (```sh), in order. */
export function codeBlocks(md: string, lang: string): string[] {
  const blocks: string[] = [];
  const re = new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```', 'gm');
  for (let m = re.exec(md); m; m = re.exec(md)) blocks.push(m[1]!);
  return blocks;
}

/**
 * Every `layerlab …` (or `npx layerlab …`) line of the README's shell blocks, as argument lists without
 * the program name and without the trailing `# comment`. The README's commands use no quoting, so a
 * split on spaces is exact; a quote would be a mistake here, and is refused.
 */
export function readmeCommands(md = README): string[][] {
  const out: string[][] = [];
  for (const block of codeBlocks(md, 'sh'))
    for (const raw of block.split('\n')) {
      const line = raw.replace(/\s+#\s.*$/, '').trim();
      const m = /^(?:npx\s+)?layerlab(?:\s+(.*))?$/.exec(line);
      if (!m) continue;
      if (/["'`$|&;<>]/.test((m[1] ?? '').replace(/<[a-z-]+>/g, ''))) throw new Error(`README command needs a shell: ${line}`);
      out.push((m[1] ?? '').split(/\s+/).filter(Boolean));
    }
  return out;
}

/** The text between `<!-- name: … -->` and `<!-- /name -->`. */
export function marked(md: string, name: string): string {
  const m = new RegExp(`<!-- ${name}:[^>]*-->([\\s\\S]*?)<!-- /${name} -->`).exec(md);
  if (!m) throw new Error(`README has no <!-- ${name} --> section`);
  return m[1]!;
}

/** The `code spans` of a piece of markdown. */
export const codeSpans = (md: string) => [...md.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
