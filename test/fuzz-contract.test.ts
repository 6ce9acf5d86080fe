import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { METHOD_NAMES } from '../src/shared/api/contract';
import type { CallResult } from '../src/shared/api/errors';
import { chain } from '../src/shared/templates';
import { dispatch } from '../src/main/transport/dispatch';
import { CORPUS, cases, drain, failingTrainer, inputsFor, rowCounts, sandboxPaths } from './fuzz/support';
import { tempHost } from './helpers';

/**
 * Property-based fuzzing of the whole contract through `dispatch` (what every transport calls): arbitrary
 * JSON and mutated valid inputs for every method. Always an `{ok,…}` envelope, never a throw, refusals
 * in plain words with a known code and no stack trace, no rows stored by a refused call, memory bounded.
 * The host's trainer is a stub that fails at once, so nothing ever trains.
 */
const env = tempHost(failingTrainer);
const sandbox = join(env.dataDir, 'sandbox');
const { host } = env;
const CODES = ['invalid_input', 'unknown_method', 'not_found', 'conflict', 'unavailable', 'invalid_graph', 'internal'];
const PER_METHOD = cases(25, 230);
const stats = { calls: 0, ok: 0, refused: {} as Record<string, number>, internal: [] as string[], ms: {} as Record<string, number> };

const { graph } = chain([
  { kind: 'InputImage', name: 'input', params: { height: 28, width: 28, channels: 1 } },
  { kind: 'Flatten', name: 'flatten', params: {} },
  { kind: 'Output', name: 'out', params: { classes: 10, activation: 'softmax', loss: 'sparseCategoricalCrossentropy' } },
]);
let valid: Record<string, unknown> = {};

async function call(method: string, input: unknown): Promise<CallResult<unknown>> {
  const wire = input === undefined ? undefined : JSON.parse(JSON.stringify(input));
  return dispatch(host.handlers, method, wire);
}

beforeAll(async () => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined); // dispatch logs internal errors; we count them
  const csv = join(sandbox, 'valid.csv');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(sandbox, { recursive: true });
  writeFileSync(csv, ['a,b,label', ...Array.from({ length: 40 }, (_, i) => `${i},${(i * 7) % 5},${i % 2 ? 'x' : 'y'}`)].join('\n'));
  const imported = (await call('datasets.importCsv', { path: csv, name: 'seed csv', label: 'label' })) as { ok: true; result: { datasetId: string; versionId: string } };
  expect(imported.ok).toBe(true);
  const mk = async (name: string) => ((await call('experiments.create', { name, graph, datasetId: 'builtin:mnist' })) as { ok: true; result: { id: string } }).result.id;
  const a = await mk('seed a');
  const b = await mk('seed b');
  const { datasetId, versionId } = imported.result;
  valid = {
    'system.pinBackend': { backend: null },
    'system.pickDirectory': { title: 'pick' },
    'datasets.inspectCsv': { path: csv },
    'datasets.importCsv': { path: csv, name: 'again', label: 'label', split: { train: 0.6, val: 0.2, test: 0.2 } },
    'datasets.importImages': { directory: join(CORPUS, 'images', 'hostile'), name: 'imgs', width: 4, height: 4 },
    'datasets.cancelImport': { importId: 'imp-1' },
    'datasets.versions': { id: datasetId },
    'datasets.preview': { versionId, offset: 0, limit: 5 },
    // MNIST's images take ~0.4 s a call to load; the CSV version answers at once (refusal or not).
    'datasets.images': { versionId, className: 'x', limit: 1 },
    'datasets.delete': { id: datasetId },
    'experiments.get': { id: a },
    'experiments.create': { name: 'fuzzed', graph, datasetId: 'builtin:mnist', hyperparams: { epochs: 1 } },
    'experiments.rename': { id: a, name: 'renamed' },
    'experiments.delete': { id: b },
    'experiments.saveModel': { id: a, directory: join(sandbox, 'saved') },
    'training.start': { id: a },
    'training.resume': { id: a },
    'training.cancel': { id: a },
    'experiments.evaluation': { id: a },
    'experiments.examples': { id: a, trueClass: 0, predictedClass: 1, limit: 2 },
    'experiments.compare': { ids: [a, b] },
    'experiments.update': { id: a, tags: ['t'], notes: 'n' },
    'experiments.clone': { id: a },
    'experiments.exportBundle': { ids: [a], path: join(sandbox, 'b.llbundle') },
    'experiments.importBundle': { path: join(sandbox, 'b.llbundle') },
    'experiments.report': { ids: [a], path: join(sandbox, 'r.html') },
    'experiments.repeat': { id: a, seeds: [1, 2] },
    'experiments.export': { id: a, format: 'tfjs', directory: join(sandbox, 'export') },
    'experiments.exports': { id: a },
    'experiments.predictForm': { id: a },
    'experiments.predict': { id: a, row: { a: '1', b: '2' } },
    'experiments.scoreFile': { id: a, path: csv, out: join(sandbox, 'predictions.csv') },
    'experiments.cancelScore': { scoreId: 'score-1' },
    'experiments.fileEvaluations': { id: a },
    'experiments.importance': { id: a },
    'models.importTfjs': { directory: join(CORPUS, 'models', 'dotdot'), name: 'm' },
    'serving.start': { id: a, port: 0 },
    'serving.stop': { id: a },
    'sweeps.create': { name: 's', baseExperimentId: a, space: [{ key: 'learningRate', kind: 'choice', values: [0.1, 0.01] }], strategy: { type: 'grid' } },
    'sweeps.get': { id: a },
    'sweeps.cancel': { id: a },
  };
});
afterAll(() => {
  vi.restoreAllMocks();
  console.log(`[fuzz-contract] ${stats.calls} calls over ${METHOD_NAMES.length} methods: ${stats.ok} ok, refused ${JSON.stringify(stats.refused)}`);
  env.cleanup();
});

/** The envelope rules every answer obeys. */
function checkEnvelope(method: string, res: CallResult<unknown>): void {
  expect(res).toBeTypeOf('object');
  expect(typeof res.ok).toBe('boolean');
  stats.calls++;
  if (res.ok) {
    stats.ok++;
    expect(() => JSON.stringify(res.result)).not.toThrow();
    return;
  }
  const { code, message } = res.error;
  stats.refused[code] = (stats.refused[code] ?? 0) + 1;
  expect(CODES).toContain(code);
  expect(typeof message).toBe('string');
  expect(message.length).toBeGreaterThan(0);
  expect(message.length).toBeLessThan(20_000);
  expect(message).not.toMatch(/\n\s+at /); // no stack traces
  if (code === 'internal') stats.internal.push(`${method}: ${message}`);
}

const allowed = () => [sandbox, CORPUS];

describe('contract fuzzing through dispatch', () => {
  it('the hostile corpus (test/corpus/contract): envelopes only, nothing stored on refusal', async () => {
    const payloads = JSON.parse(readFileSync(join(CORPUS, 'contract', 'payloads.json'), 'utf8')) as [string, unknown][];
    payloads.push(JSON.parse(readFileSync(join(CORPUS, 'contract', 'deep-nesting.json'), 'utf8')) as [string, unknown]);
    for (const [method, input] of payloads) {
      const before = rowCounts(host.repos.db);
      // Straight to dispatch (as a transport hands over a parsed body): the deep-nesting payload is past
      // what a JSON round trip in this test could re-encode.
      const res = await dispatch(host.handlers, method, sandboxPaths(input, sandbox, allowed()));
      checkEnvelope(method, res);
      await drain();
      if (!res.ok) expect(rowCounts(host.repos.db)).toEqual(before);
    }
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it(`${PER_METHOD} arbitrary and mutated inputs per method (${METHOD_NAMES.length} methods)`, async () => {
    const rssBefore = process.memoryUsage().rss;
    for (const method of METHOD_NAMES) {
      await fc.assert(
        fc.asyncProperty(inputsFor(valid[method] ?? {}), async (raw) => {
          const input = sandboxPaths(raw, sandbox, allowed());
          await drain();
          const before = rowCounts(host.repos.db);
          const t0 = performance.now();
          const res = await call(method, input);
          stats.ms[method] = (stats.ms[method] ?? 0) + performance.now() - t0;
          checkEnvelope(method, res);
          if (!res.ok && res.error.code !== 'internal') {
            await drain();
            expect(rowCounts(host.repos.db), `${method} refused (${res.error.message}) but stored rows`).toEqual(before);
          }
        }),
        { numRuns: PER_METHOD, seed: Number(process.env.FUZZ_SEED ?? 20260101) },
      );
      expect(Object.prototype).not.toHaveProperty('polluted');
    }
    // Unknown method names too.
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), fc.jsonValue({ maxDepth: 2 }), async (m, input) => checkEnvelope(m, await dispatch(host.handlers, m, input))),
      { numRuns: PER_METHOD },
    );
    const slow = Object.entries(stats.ms).sort((x, y) => y[1] - x[1]).slice(0, 6);
    console.log(`[fuzz-contract] slowest methods (ms in total): ${slow.map(([m, t]) => `${m} ${t.toFixed(0)}`).join(', ')}`);
    const grownMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
    console.log(`[fuzz-contract] rss grew ${grownMb.toFixed(0)} MB`);
    expect(grownMb).toBeLessThan(512);
    expect(stats.internal, 'unexpected (internal) failures').toEqual([]);
    expect(host.repos.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
