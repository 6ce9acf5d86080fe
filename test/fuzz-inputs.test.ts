import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseGraphFile, serializeGraphFile } from '../src/shared/graph/file';
import { analyzeGraph } from '../src/shared/validate/analyze';
import { LAYER_SPECS } from '../src/shared/layers/catalog';
import type { ModelGraph } from '../src/shared/graph/types';
import { modelGraphSchema } from '../src/shared/api/schemas';
import { readCsv, sniffCsv } from '../src/main/engine/data/csv';
import { prepareTable } from '../src/main/engine/data/preprocess';
import { loadModelFiles } from '../src/main/engine/model-files';
import { dispatch } from '../src/main/transport/dispatch';
import { CORPUS, cases, failingTrainer, rowCounts } from './fuzz/support';
import { tempHost } from './helpers';

/**
 * Fuzzing of what reads hostile files: graph files (parseGraphFile), graphs (analyzeGraph), CSVs (the
 * importer), model folders (loadModelFiles), image folders — plus the corpus in test/corpus/.
 */
const env = tempHost(failingTrainer);
const dir = join(env.dataDir, 'fuzz-inputs');
mkdirSync(dir, { recursive: true });
afterAll(() => env.cleanup());
const tally: Record<string, number> = {};
const count = (target: string) => void (tally[target] = (tally[target] ?? 0) + 1);
afterAll(() => console.log(`[fuzz-inputs] cases run: ${JSON.stringify(tally)}`));

const kinds = LAYER_SPECS.map((s) => s.kind);
const paramNames = [...new Set(LAYER_SPECS.flatMap((s) => Object.keys(s.params)))];
const paramValue = fc.oneof(
  fc.integer({ min: -5, max: 300 }),
  fc.constantFrom(0, -1, 1e9, 2 ** 31, 0.5, 1e-9),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom('same', 'valid', 'relu', 'softmax', 'linear', 'nope', '', 'sparseCategoricalCrossentropy'),
  fc.boolean(),
  fc.array(fc.integer({ min: -2, max: 64 }), { maxLength: 4 }),
  fc.constant(null),
);
/** Graphs that pass the contract's schema: catalog kinds (and a few unknown), arbitrary params and wiring. */
const graphArb: fc.Arbitrary<ModelGraph> = fc
  .record({
    nodes: fc.array(
      fc.record({
        kind: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...kinds) }, { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 10 }) }),
        params: fc.dictionary(fc.constantFrom(...paramNames), paramValue, { maxKeys: 6 }),
      }),
      { maxLength: 14 },
    ),
    edges: fc.array(fc.record({ s: fc.nat(20), t: fc.nat(20), port: fc.nat(3) }), { maxLength: 24 }),
  })
  .map(({ nodes, edges }) => ({
    nodes: nodes.map((n, i) => ({ id: `n${i}`, name: `layer ${i}`, kind: n.kind, params: n.params })),
    edges: edges.map((e, i) => ({ id: `e${i}`, source: `n${e.s}`, target: `n${e.t}`, targetPort: e.port })),
  }));

describe('graph files and graphs', () => {
  it('parseGraphFile never throws on the corpus, arbitrary text, arbitrary JSON or mutated files', () => {
    for (const f of readdirSync(join(CORPUS, 'graphs'))) {
      const res = parseGraphFile(readFileSync(join(CORPUS, 'graphs', f), 'utf8'));
      expect(typeof res.ok, f).toBe('boolean');
      if (!res.ok) expect(res.message.length, f).toBeGreaterThan(0);
    }
    expect(parseGraphFile(readFileSync(join(CORPUS, 'graphs', 'unknown-kind.json'), 'utf8'))).toMatchObject({ ok: false });
    expect(parseGraphFile(readFileSync(join(CORPUS, 'graphs', 'newer-version.json'), 'utf8'))).toMatchObject({ ok: false });
    const check = (text: string) => {
      count('parseGraphFile');
      const res = parseGraphFile(text);
      if (res.ok) expect(modelGraphSchema.safeParse(res.file.graph).success).toBe(true);
      else expect(typeof res.message).toBe('string');
    };
    const n = cases(400, 4000);
    fc.assert(fc.property(fc.string({ maxLength: 300 }), check), { numRuns: n });
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 5 }), (v) => check(JSON.stringify(v))), { numRuns: n });
    // Well-formed files around arbitrary graphs, with arbitrary junk spliced in.
    fc.assert(
      fc.property(graphArb, fc.jsonValue({ maxDepth: 2 }), fc.nat(), (g, junk, at) => {
        const text = serializeGraphFile(g, { positions: {} });
        check(text);
        const cut = at % (text.length + 1);
        check(text.slice(0, cut) + JSON.stringify(junk) + text.slice(cut));
        check(text.replace('"version": 1', '"version": 0'));
      }),
      { numRuns: Math.round(n / 2) },
    );
  });

  it('analyzeGraph never throws on arbitrary graphs and finishes fast', () => {
    let slowest = 0;
    fc.assert(
      fc.property(graphArb, (g) => {
        count('analyzeGraph');
        const t0 = performance.now();
        const a = analyzeGraph(g);
        slowest = Math.max(slowest, performance.now() - t0);
        expect(Array.isArray(a.diagnostics)).toBe(true);
        expect(typeof a.valid).toBe('boolean');
        if (a.valid) expect(Number.isFinite(a.totalParams)).toBe(true);
      }),
      { numRuns: cases(1000, 10_000) },
    );
    // The corpus' 3,000-layer chain.
    const long = parseGraphFile(readFileSync(join(CORPUS, 'graphs', 'long-chain.json'), 'utf8'));
    const t0 = performance.now();
    if (long.ok) analyzeGraph(long.file.graph);
    slowest = Math.max(slowest, performance.now() - t0);
    expect(slowest).toBeLessThan(1000);
  });
});

const cell = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('"', '""', ',', '\n', '\r\n', '\t', ';', '\u0000', '1e309', 'NaN', '-0', ' ', '=1+1', '\ufeff', '😀'),
  fc.integer().map(String),
  fc.double().map(String),
);
const csvArb = fc
  .record({ header: fc.array(fc.string({ maxLength: 6 }), { minLength: 1, maxLength: 5 }), rows: fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 30 }), sep: fc.constantFrom(',', ';', '\t', '|'), eol: fc.constantFrom('\n', '\r\n') })
  .map(({ header, rows, sep, eol }) => ({ header, text: [header, ...rows].map((r) => r.join(sep)).join(eol) }));

describe('the CSV importer', () => {
  it('inspect → read → prepare never throws anything but a plain ApiError on arbitrary CSV text', async () => {
    let i = 0;
    await fc.assert(
      fc.asyncProperty(csvArb, fc.nat(5), async ({ header, text }, pick) => {
        count('csv (inspect/read/prepare)');
        const file = join(dir, `f${i++ % 8}.csv`);
        writeFileSync(file, text);
        try {
          const format = sniffCsv(file);
          const raw = await readCsv(file, format);
          prepareTable(raw, { label: raw.columns[pick % raw.columns.length] ?? header[0], columns: {}, split: { train: 0.8, val: 0.1, test: 0.1 }, seed: 1 });
        } catch (err) {
          expect((err as Error).name, String(err)).toBe('ApiError');
          expect((err as Error).message).not.toMatch(/\n\s+at /);
        }
      }),
      { numRuns: cases(500, 10_000) },
    );
  });

  it('datasets.importCsv over the contract: the corpus and arbitrary files store nothing when refused', async () => {
    const files = readdirSync(join(CORPUS, 'csv')).map((f) => join(CORPUS, 'csv', f));
    const tryImport = async (path: string, label: string) => {
      count('datasets.importCsv');
      const before = rowCounts(env.host.repos.db);
      const res = await dispatch(env.host.handlers, 'datasets.importCsv', { path, name: 'fuzz', label });
      expect(typeof res.ok).toBe('boolean');
      if (!res.ok) {
        expect(res.error.code).not.toBe('internal');
        expect(rowCounts(env.host.repos.db)).toEqual(before);
      }
    };
    for (const f of files) for (const label of ['label', 'a', '__proto__', 'missing']) await tryImport(f, label);
    let i = 0;
    await fc.assert(
      fc.asyncProperty(csvArb, fc.nat(5), async ({ header, text }, pick) => {
        const file = join(dir, `c${i++ % 8}.csv`);
        writeFileSync(file, text);
        await tryImport(file, header[pick % header.length] || 'x');
      }),
      { numRuns: cases(500, 10_000) },
    );
    expect(env.host.repos.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('a field past the size limit and a file past the column limit are refused in plain words', async () => {
    const big = join(dir, 'big-field.csv');
    writeFileSync(big, `a,label\n${'x'.repeat(1024 * 1024 + 10)},y\n1,z\n`);
    await expect(readCsv(big, sniffCsv(big))).rejects.toThrow(/field|large|long|characters/i);
    const wide = join(dir, 'wide.csv');
    writeFileSync(wide, `${Array.from({ length: 10_001 }, (_, k) => `c${k}`).join(',')}\n${'1,'.repeat(10_000)}1\n`);
    const res = await dispatch(env.host.handlers, 'datasets.importCsv', { path: wide, name: 'wide', label: 'c0' });
    expect(res.ok).toBe(false);
  });
});

describe('model folders and image folders from the corpus', () => {
  it('loadModelFiles refuses every manifest path that leaves the folder, before reading anything', async () => {
    const models = join(CORPUS, 'models');
    for (const name of ['dotdot', 'dotdot-nested', 'absolute']) {
      count('loadModelFiles');
      await expect(loadModelFiles(join(models, name)), name).rejects.toThrow(/outside its folder|plain file name inside the model folder/);
    }
    // "..\\secret.bin" climbs out only on Windows; the manifest check refuses any separator on every platform.
    await expect(loadModelFiles(join(models, 'backslash'))).rejects.toThrow(/plain file name inside the model folder/);
    for (const name of ['null-byte', 'missing-weights', 'short-weights', 'not-json', 'manifest-not-array', 'paths-not-strings', 'folder-as-path']) {
      count('loadModelFiles');
      await expect(loadModelFiles(join(models, name)), name).rejects.toThrow();
    }
    const ok = await loadModelFiles(join(models, 'valid'));
    expect(ok.outputs[0].shape).toEqual([null, 2]);
    ok.dispose();
    // Over the contract: a plain refusal, nothing stored.
    for (const name of readdirSync(models).filter((n) => n !== 'valid' && n !== 'secret.bin')) {
      const before = rowCounts(env.host.repos.db);
      const res = await dispatch(env.host.handlers, 'models.importTfjs', { directory: join(models, name), name });
      expect(res.ok, name).toBe(false);
      if (!res.ok) expect(res.error.message).not.toMatch(/this file sits outside/);
      expect(rowCounts(env.host.repos.db)).toEqual(before);
    }
  });

  it('an image folder with a decompression bomb, truncated, empty and fake images imports the good ones and lists the rest', async () => {
    const res = await dispatch(env.host.handlers, 'datasets.importImages', { directory: join(CORPUS, 'images', 'hostile'), name: 'hostile', width: 4, height: 4 });
    expect(res.ok).toBe(true);
    if (res.ok) {
      const r = res.result as { trainCount: number; valCount: number; testCount: number; skipped: { file: string; reason: string }[] };
      expect(r.trainCount + r.valCount + r.testCount).toBe(2);
      expect(r.skipped.map((s) => s.file).sort()).toEqual(['a/bomb.png', 'a/text.png', 'a/truncated.png', 'b/empty.jpg', 'b/nested', 'b/zero-size.png']);
    }
    const before = rowCounts(env.host.repos.db);
    const one = await dispatch(env.host.handlers, 'datasets.importImages', { directory: join(CORPUS, 'images', 'one-class'), name: 'one' });
    expect(one).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(rowCounts(env.host.repos.db)).toEqual(before);
  });
});
