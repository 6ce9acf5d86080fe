import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Handlers, MethodName } from '../../shared/api/contract';

/**
 * Paths people type (a CSV to import, a folder to export into) as the shell would read them: `~` and
 * `~/…` are the home folder of the user running LayerLab (on a remote box: that box's home), and
 * surrounding spaces are dropped. One table names every path field of the contract, so every host (web,
 * desktop, CLI) and every method treats them alike; a contract test keeps the table complete.
 */
export const PATH_FIELDS: Partial<Record<MethodName, readonly string[]>> = {
  'datasets.inspectCsv': ['path'],
  'datasets.importCsv': ['path'],
  'datasets.importImages': ['directory'],
  'experiments.saveModel': ['directory'],
  'experiments.export': ['directory'],
  'experiments.exportBundle': ['path'],
  'experiments.importBundle': ['path'],
  'experiments.report': ['path'],
  'experiments.scoreFile': ['path', 'out'],
  'models.importTfjs': ['directory'],
};

/** `~` → home, `~/x` (or `~\x`) → home/x, anything else unchanged but trimmed. `~user` is left as typed. */
export function expandHome(path: string, home = homedir()): string {
  const p = path.trim();
  if (p === '~') return home;
  if (p.startsWith('~/') || p.startsWith('~\\')) return join(home, p.slice(2));
  return p;
}

/** The handlers with every path field of PATH_FIELDS expanded before the service sees it. */
export function withUserPaths(handlers: Handlers): Handlers {
  const out = { ...handlers } as Record<string, (input: unknown) => unknown>;
  for (const [method, fields] of Object.entries(PATH_FIELDS)) {
    const inner = out[method];
    out[method] = (input: unknown) => {
      const copy = { ...(input as Record<string, unknown>) };
      for (const f of fields!) if (typeof copy[f] === 'string') copy[f] = expandHome(copy[f] as string);
      return inner(copy);
    };
  }
  return out as Handlers;
}
