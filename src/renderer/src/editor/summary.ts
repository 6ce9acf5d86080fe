import type { GraphAnalysis } from '../../../shared/validate/analyze';
import { sizeOf } from '../../../shared/layers/shape-utils';

/** Bytes per float32 value. */
const F32 = 4;
const MB = 1024 * 1024;

/** The figures in the model summary. Memory is an estimate in MiB for training with Adam. */
export interface ModelSummary {
  layers: number;
  params: number;
  /** Forward FLOPs per sample (2 per multiply-accumulate). */
  flops: number;
  weightsMB: number;
  /** Adam keeps two moments per weight. */
  optimizerMB: number;
  /** Every layer's output kept for the backward pass, times the batch size. */
  activationsMB: number;
  totalMB: number;
}

/** Summarise an analysed graph for a given batch size. */
export function summarize(a: GraphAnalysis, layers: number, batchSize: number): ModelSummary {
  const weightsMB = (a.totalParams * F32) / MB;
  const optimizerMB = 2 * weightsMB;
  const perSample = Object.values(a.shapes).reduce((acc, s) => acc + sizeOf(s), 0);
  const activationsMB = (perSample * F32 * batchSize) / MB;
  return {
    layers,
    params: a.totalParams,
    flops: 2 * a.totalMacs,
    weightsMB,
    optimizerMB,
    activationsMB,
    totalMB: weightsMB + optimizerMB + activationsMB,
  };
}

/** 1234567 → "1.23 M"; small numbers stay whole. */
export function compact(n: number): string {
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [v, u] of units) if (Math.abs(n) >= v) return `${(n / v).toPrecision(3)} ${u}`;
  return String(Math.round(n));
}

/** Megabytes with a sensible number of digits. */
export const formatMB = (mb: number): string => (mb < 0.1 ? `${(mb * 1024).toFixed(0)} KB` : `${mb.toFixed(mb < 10 ? 1 : 0)} MB`);

/** The status line's summary of the Problems panel's list (same list, same counts). */
export function problemsLine(diagnostics: { severity: 'error' | 'warning' }[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const warned = warnings > 0 ? `${warnings} warning${warnings === 1 ? '' : 's'}` : '';
  if (errors === 0) return warned ? `Ready to train, with ${warned}.` : 'Ready to train.';
  return `${errors} problem${errors === 1 ? '' : 's'} to fix before training${warned ? `, and ${warned}` : ''}.`;
}
