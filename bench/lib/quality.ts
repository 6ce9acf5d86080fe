/**
 * The quality benchmark's pure parts: writing the exact split scikit-learn reads, running it, and printing
 * the table.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SampleSet } from '../../src/main/engine/data/types';

/** The split as scikit-learn reads it: float32 row-major files and a small JSON header. */
export function writeSplit(dir: string, s: { train: SampleSet; test: SampleSet; per: number; text: boolean; classes: number }): void {
  const f32 = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const i32 = (a: Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  writeFileSync(join(dir, 'train_x.f32'), f32(s.train.x.subarray(0, s.train.count * s.per)));
  writeFileSync(join(dir, 'train_y.i32'), i32(s.train.y.subarray(0, s.train.count)));
  writeFileSync(join(dir, 'test_x.f32'), f32(s.test.x.subarray(0, s.test.count * s.per)));
  writeFileSync(join(dir, 'test_y.i32'), i32(s.test.y.subarray(0, s.test.count)));
  writeFileSync(join(dir, 'split.json'), JSON.stringify({ per: s.per, text: s.text, classes: s.classes, train: s.train.count, test: s.test.count }));
}

/** A model's test figures. */
export interface Score {
  accuracy: number;
  macroF1: number;
}

/** The interpreter that imports scikit-learn: $BENCH_PYTHON, Debian's /usr/bin/python3, then python3 on PATH. */
export function findSklearn(): { python: string; version: string } | null {
  for (const python of [process.env.BENCH_PYTHON, '/usr/bin/python3', 'python3'].filter((p): p is string => !!p)) {
    const r = spawnSync(python, ['-c', 'import sklearn; print(sklearn.__version__)'], { encoding: 'utf8' });
    if (r.status === 0) return { python, version: r.stdout.trim() };
  }
  return null;
}

/** The last JSON line of the script's output ({accuracy, macro_f1}), or an error in plain words. */
export function parseSklearnOutput(stdout: string): Score {
  const last = stdout.trim().split('\n').pop() ?? '';
  let parsed: { accuracy?: unknown; macro_f1?: unknown };
  try {
    parsed = JSON.parse(last) as typeof parsed;
  } catch {
    throw new Error(`scikit-learn printed no result line (got "${last.slice(0, 80)}")`);
  }
  if (typeof parsed.accuracy !== 'number' || typeof parsed.macro_f1 !== 'number') throw new Error('scikit-learn result lacks accuracy or macro_f1');
  return { accuracy: parsed.accuracy, macroF1: parsed.macro_f1 };
}

/** Run bench/sklearn_baseline.py on a written split. */
export function runSklearn(python: string, script: string, dir: string): Score {
  const r = spawnSync(python, [script, dir], { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`scikit-learn failed: ${(r.stderr || r.error?.message || '').trim().split('\n').slice(-2).join(' ')}`);
  return parseSklearnOutput(r.stdout);
}

/** One dataset's line of the benchmark. */
export interface QualityRow {
  dataset: string;
  model: string;
  status: string;
  trainCount: number;
  testCount: number;
  ours: Score | null;
  baseline: Score | null;
  majority: number | null;
  sklearn: Score | null;
  seconds: number;
  note?: string;
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}`);
const f1 = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(3));

/** Accuracy gap of our default model to scikit-learn's, in points (positive = ours ahead). */
export const gapPoints = (r: QualityRow): number | null => (r.ours && r.sklearn ? (r.ours.accuracy - r.sklearn.accuracy) * 100 : null);

/** The benchmark as a Markdown table (accuracy in %, macro F1), one row per dataset. */
export function formatQualityTable(rows: readonly QualityRow[]): string {
  const head = [
    '| dataset | model | train / test | ours acc | ours F1 | our LR acc | our LR F1 | sklearn LR acc | sklearn LR F1 | majority acc | gap to sklearn |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const body = rows.map((r) => {
    const gap = gapPoints(r);
    const model = r.status === 'completed' ? r.model : `${r.model} (${r.status})`;
    return `| ${r.dataset} | ${model} | ${r.trainCount} / ${r.testCount} | ${pct(r.ours?.accuracy)} | ${f1(r.ours?.macroF1)} | ${pct(r.baseline?.accuracy)} | ${f1(r.baseline?.macroF1)} | ${pct(r.sklearn?.accuracy)} | ${f1(r.sklearn?.macroF1)} | ${pct(r.majority)} | ${gap === null ? '—' : `${gap >= 0 ? '+' : ''}${gap.toFixed(1)}`} |`;
  });
  return [...head, ...body].join('\n');
}
