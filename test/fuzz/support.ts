import fc from 'fast-check';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LaunchTrainer } from '../../src/main/engine/launch-child';
import type { TrainerMessage } from '../../src/main/engine/protocol';
import type { Db } from '../../src/main/db';

/** Cases per fuzz target: ~1,000 in the quick run, 10,000+ under SOAK=1 (npm run test:soak). */
export const SOAK = Boolean(process.env.SOAK);
export const cases = (quick: number, soak: number): number => (SOAK ? soak : quick);

/** The corpus of hostile inputs kept in the repository (regenerate with test/corpus/generate.py). */
export const CORPUS = join(import.meta.dirname, '..', 'corpus');

/**
 * A trainer that never starts a process: it reports an error at once and exits, so a fuzzed
 * training.start / repeat / sweep never trains.
 */
export const failingTrainer: LaunchTrainer = () => {
  let onMessage: ((m: TrainerMessage) => void) | null = null;
  let onExit: ((code: number | null, signal: string | null) => void) | null = null;
  setImmediate(() => {
    onMessage?.({ type: 'error', message: 'fuzz host: training is disabled' });
    onExit?.(1, null);
  });
  return {
    pid: undefined,
    send: () => undefined,
    onMessage: (cb) => void (onMessage = cb),
    onExit: (cb) => void (onExit = cb),
    kill: () => undefined,
  };
};

/** Row count of every table: what "nothing partially stored" is checked against. */
export function rowCounts(db: Db): Record<string, number> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]));
}

/** Every path (list of keys) into a JSON value, the root included. */
export function pathsOf(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(v)) v.slice(0, 8).forEach((x, i) => pathsOf(x, [...at, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) pathsOf(x, [...at, k], out);
  return out;
}

type Op = { path: (string | number)[]; op: 'set' | 'delete' | 'add' | 'wrap' | 'keep'; value: unknown; key: string };

function applyOp(root: unknown, { path, op, value, key }: Op): unknown {
  if (op === 'keep') return root;
  if (path.length === 0) return op === 'wrap' ? [root] : op === 'add' && root && typeof root === 'object' ? { ...root, [key]: value } : value;
  let parent = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) {
    if (!parent || typeof parent !== 'object') return root;
    parent = parent[k] as Record<string | number, unknown>;
  }
  if (!parent || typeof parent !== 'object') return root;
  const last = path[path.length - 1];
  if (op === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (op === 'wrap') parent[last] = [parent[last]];
  else if (op === 'add' && parent[last] && typeof parent[last] === 'object' && !Array.isArray(parent[last]))
    (parent[last] as Record<string, unknown>)[key] = value;
  else parent[last] = value;
  return root;
}

/** Values that break code more often than random JSON: edges of numbers, strings and containers. */
const nasty = fc.constantFrom<unknown>(
  -1, 0, 1, 2 ** 31, 2 ** 53 + 1, -(2 ** 53), 1e308, -1e-308, 0.5, '', ' ', '../..', '/', '\u0000', 'x'.repeat(5000), '__proto__',
  'constructor', [], {}, null, true, [null], { __proto__: null }, '1', 'NaN', '[]',
);

/** A valid input with 0–3 random mutations (set, delete, add a key, wrap in an array). */
export function mutationsOf(base: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(base);
  const op = fc.record({
    path: fc.constantFrom(...paths),
    op: fc.constantFrom<Op['op']>('set', 'set', 'delete', 'add', 'wrap', 'keep'),
    value: fc.oneof(nasty, fc.jsonValue({ maxDepth: 3 })),
    key: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'prototype')),
  });
  return fc.array(op, { maxLength: 3 }).map((ops) => ops.reduce((v, o) => applyOp(v, o), structuredClone(base) as unknown));
}

/** Inputs for one method: arbitrary JSON, arbitrary objects, and (most often) mutated valid inputs. */
export function inputsFor(valid: unknown): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 12 }), fc.oneof(nasty, fc.jsonValue({ maxDepth: 3 })), { maxKeys: 5 }) },
    { weight: 4, arbitrary: mutationsOf(valid) },
  );
}

/**
 * Keep fuzzed file paths inside a sandbox folder: any string under a `path` / `directory` key that is
 * not one of ours becomes <sandbox>/f/<name without separators or dots>. Random paths never touch the
 * machine outside the sandbox, and `..` cannot climb out.
 */
export function sandboxPaths(v: unknown, sandbox: string, allowed: string[], key = '', depth = 0): unknown {
  if (depth > 64) return v; // deeper than any contract input: left as is (no path keys down there matter)
  if (typeof v === 'string' && (key === 'path' || key === 'directory')) {
    if (allowed.some((a) => v === a || v.startsWith(a + '/')) && !v.includes('..')) return v;
    mkdirSync(join(sandbox, 'f'), { recursive: true });
    return join(sandbox, 'f', v.replace(/[^\w-]/g, '_').slice(0, 64) || '_');
  }
  if (Array.isArray(v)) return v.map((x) => sandboxPaths(x, sandbox, allowed, '', depth + 1));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, sandboxPaths(x, sandbox, allowed, k, depth + 1)]));
  return v;
}

/** Let timers and immediates queued by the last call run (fake trainers, queues) before counting rows. */
export const drain = async () => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
  await new Promise((r) => setTimeout(r, 1));
};
