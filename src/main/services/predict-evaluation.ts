/**
 * Evaluations "on file X": a scored file that held the label column is evaluated like the test split
 * (confusion matrix, per-class figures, log loss) and kept with the experiment as an artifact, newest first.
 */
import { basename } from 'node:path';
import type { FileEvaluation } from '../../shared/api/predict-types';
import { evaluatePredictions, type EvaluationMetrics } from '../../shared/metrics/classification';
import type { ServiceContext } from './context';
import { requireExperiment } from './experiments';
import type { Predictor } from './predict-model';

const KIND = 'file-evaluation';

interface Stored {
  file: string;
  unlabelled: number;
  metrics: EvaluationMetrics;
}

/**
 * The scored rows whose label is one of the model's classes, kept compactly (a float32 per class, an int
 * per row) as a file is scored a batch at a time; rows without a known label are only counted.
 */
export class LabelledRows {
  private probs = new Float32Array(1024);
  private labels = new Int32Array(256);
  private n = 0;
  unlabelled = 0;
  private readonly index: Map<string, number>;
  constructor(private readonly classes: readonly string[]) {
    this.index = new Map(classes.map((c, i) => [c, i]));
  }
  add(rows: number[][], labels: readonly (string | null)[]): void {
    const width = this.classes.length;
    rows.forEach((row, i) => {
      const label = labels[i] === null ? undefined : this.index.get(labels[i]!);
      if (label === undefined) return void this.unlabelled++;
      if ((this.n + 1) * width > this.probs.length) this.probs = grow(this.probs, (this.n + 1) * width);
      if (this.n + 1 > this.labels.length) this.labels = grow(this.labels, this.n + 1);
      this.probs.set(row.slice(0, width), this.n * width);
      this.labels[this.n++] = label;
    });
  }
  get any(): boolean {
    return this.n > 0;
  }
  result(): { probs: Float32Array; labels: Int32Array; unlabelled: number } {
    return { probs: this.probs.subarray(0, this.n * this.classes.length), labels: this.labels.subarray(0, this.n), unlabelled: this.unlabelled };
  }
}

function grow<T extends Float32Array | Int32Array>(a: T, atLeast: number): T {
  const out = new (a.constructor as new (n: number) => T)(Math.max(atLeast, a.length * 2));
  out.set(a);
  return out;
}

/** All of a scored set's rows and labels at once (an image folder). */
export function labelledRows(classes: readonly string[], rows: number[][], labels: readonly (string | null)[]) {
  const l = new LabelledRows(classes);
  l.add(rows, labels);
  return l.result();
}

/** Evaluate a scored file's labelled rows like the test split and keep the result with the experiment. */
export function storeFileEvaluation(
  ctx: ServiceContext,
  p: Predictor,
  file: string,
  s: { probs: Float32Array; labels: Int32Array; unlabelled: number },
): FileEvaluation | null {
  if (s.labels.length === 0) return null;
  // ROC points grow with the rows and are not shown for files; the rest is the test split's figures.
  const metrics = { ...evaluatePredictions({ probs: s.probs, labels: s.labels, width: p.classes.length }, p.classes), roc: [] };
  const meta: Stored = { file: basename(file), unlabelled: s.unlabelled, metrics };
  const createdAt = ctx.now();
  const id = ctx.repos.artifacts.insert({ experiment_id: p.id, kind: KIND, path: file, meta, created_at: createdAt });
  return { id, createdAt, ...meta };
}

/** The experiment's evaluations on files, newest first. */
export function fileEvaluations(ctx: ServiceContext, id: string): FileEvaluation[] {
  requireExperiment(ctx, id);
  return ctx.repos.artifacts.list(id, KIND).map((a) => ({ id: a.id, createdAt: a.created_at, ...(JSON.parse(a.meta) as Stored) }));
}
