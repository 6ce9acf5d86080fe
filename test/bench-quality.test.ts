import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { TEMPLATES } from '../src/shared/templates';
import { analyzeGraph } from '../src/shared/validate/analyze';
import { loadDataset } from '../src/main/engine/data/load';
import { runBaseline } from '../src/main/engine/baseline';
import { adaptGraph } from '../src/shared/validate/dataset-fit';
import { findSklearn, formatQualityTable, gapPoints, parseSklearnOutput, runSklearn, writeSplit, type QualityRow } from '../bench/lib/quality';
import { QUALITY_DATASETS, everyNth, recordsToCsv } from '../bench/lib/quality-data';

const dir = mkdtempSync(join(tmpdir(), 'layerlab-quality-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const script = fileURLToPath(new URL('../bench/sklearn_baseline.py', import.meta.url));

describe('quality bench: datasets', () => {
  it('covers tables with missing cells, dates and imbalance, an image folder and a text corpus', () => {
    expect(QUALITY_DATASETS.length).toBeGreaterThanOrEqual(6);
    expect(new Set(QUALITY_DATASETS.map((d) => d.kind))).toEqual(new Set(['table', 'image', 'text']));
    for (const d of QUALITY_DATASETS) if (d.kind !== 'image') expect(d.label).toBeTruthy();
  });

  it('writes a vega table as a CSV a user would have (empty cells for missing values)', async () => {
    const penguins = QUALITY_DATASETS.find((d) => d.name === 'penguins')!;
    const rows = Papa.parse<Record<string, string>>(readFileSync(await penguins.write(dir), 'utf8'), { header: true }).data;
    expect(rows.length).toBe(344);
    expect(Object.keys(rows[0])).toContain('Species');
    expect(rows.some((r) => r.Sex === '')).toBe(true);
    expect(recordsToCsv([{ a: 1, b: null }, { a: 'x,y', b: 2 }])).toBe('a,b\r\n1,\r\n"x,y",2');
    expect(everyNth([0, 1, 2, 3, 4], 2)).toEqual([0, 2, 4]);
  });
});

describe('quality bench: model fitting and figures', () => {
  it('adapts each kind of template to a dataset so the graph has no errors', () => {
    const byId = (id: string) => TEMPLATES.find((t) => t.id === id)!.graph;
    const names = (n: number) => Array.from({ length: n }, (_, i) => `class ${i}`);
    const cases = [
      { id: 'tabular-mlp', d: { name: 't', kind: 'table' as const, inputShape: [9], classes: names(5) } },
      { id: 'mnist-cnn', d: { name: 'i', kind: 'image' as const, inputShape: [32, 32, 3], classes: names(4) } },
      { id: 'transformer-text', d: { name: 'x', kind: 'text' as const, inputShape: [120], classes: names(2), vocabSize: 30_000 } },
    ];
    for (const c of cases) {
      const { graph, remaining } = adaptGraph(byId(c.id), c.d);
      expect(remaining).toEqual([]);
      const analysis = analyzeGraph(graph);
      expect(analysis.diagnostics.filter((x) => x.severity === 'error'), c.id).toEqual([]);
      const out = graph.nodes.find((n) => n.kind === 'Output')!;
      expect(out.params.classes).toBe(c.d.classes.length);
      const input = graph.nodes.find((n) => n.kind.startsWith('Input'))!;
      expect(analysis.shapes[input.id]).toEqual(c.d.inputShape);
    }
  });

  it('reads scikit-learn\'s result line and says plainly when there is none', () => {
    expect(parseSklearnOutput('warning\n{"accuracy": 0.5, "macro_f1": 0.25, "train": 4}\n')).toEqual({ accuracy: 0.5, macroF1: 0.25 });
    expect(() => parseSklearnOutput('Traceback …')).toThrow(/no result line/);
  });

  it('prints one Markdown row per dataset with the gap to scikit-learn', () => {
    const row: QualityRow = {
      dataset: 'penguins',
      model: 'tabular-mlp',
      status: 'completed',
      trainCount: 275,
      testCount: 35,
      ours: { accuracy: 0.971, macroF1: 0.96 },
      baseline: { accuracy: 1, macroF1: 1 },
      majority: 0.429,
      sklearn: { accuracy: 1, macroF1: 1 },
      seconds: 3,
    };
    expect(gapPoints(row)).toBeCloseTo(-2.9, 9);
    const table = formatQualityTable([row, { ...row, dataset: 'movies', status: 'failed', ours: null }]).split('\n');
    expect(table).toHaveLength(4);
    expect(table[2]).toBe('| penguins | tabular-mlp | 275 / 35 | 97.1 | 0.960 | 100.0 | 1.000 | 100.0 | 1.000 | 42.9 | -2.9 |');
    expect(table[3]).toContain('| movies | tabular-mlp (failed) |');
  });

  // The app's baseline against an independent implementation on the same rows (skipped without sklearn).
  const sklearn = findSklearn();
  it.skipIf(!sklearn)('our logistic regression scores as scikit-learn\'s does on the same split (cars, spam)', async () => {
    for (const id of ['builtin:cars', 'builtin:spam']) {
      const data = await loadDataset(id, { train: id === 'builtin:spam' ? 1500 : 0, test: id === 'builtin:spam' ? 500 : 0 }, { dataDir: dir });
      const per = data.inputShape.reduce((a, b) => a * b, 1);
      const text = id === 'builtin:spam';
      const ours = runBaseline({ train: data.train, test: [data.test], per, classes: data.classes, text, seed: 1 });
      const own = mkdtempSync(join(dir, 'split-'));
      writeSplit(own, { train: data.train, test: data.test, per, text, classes: data.classes.length });
      const theirs = runSklearn(sklearn!.python, script, own);
      // Both optimise the same L2-regularised objective; an unconverged optimiser or a tie may flip a few rows.
      expect(Math.abs(ours.logistic.accuracy - theirs.accuracy), id).toBeLessThan(0.03);
    }
  }, 120_000);
});
