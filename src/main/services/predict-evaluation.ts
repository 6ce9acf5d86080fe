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

export function storeFileEvaluation(
  ctx: ServiceContext,
  p: Predictor,
  s: { file: string; out: string; rows: number[][]; labels: (string | null)[] },
): FileEvaluation | null {
  const index = new Map(p.classes.map((c, i) => [c, i]));
  const width = p.classes.length;
  const probs: number[] = [];
  const labels: number[] = [];
  s.rows.forEach((row, i) => {
    const label = s.labels[i] === null ? undefined : index.get(s.labels[i]!);
    if (label === undefined) return;
    labels.push(label);
    probs.push(...row);
  });
  if (labels.length === 0) return null;
  // ROC points grow with the rows and are not shown for files; the rest is the test split's figures.
  const metrics = { ...evaluatePredictions({ probs, labels, width }, p.classes), roc: [] };
  const meta: Stored = { file: basename(s.file), unlabelled: s.rows.length - labels.length, metrics };
  const createdAt = ctx.now();
  const id = ctx.repos.artifacts.insert({ experiment_id: p.id, kind: KIND, path: s.file, meta, created_at: createdAt });
  return { id, createdAt, ...meta };
}

/** The experiment's evaluations on files, newest first. */
export function fileEvaluations(ctx: ServiceContext, id: string): FileEvaluation[] {
  requireExperiment(ctx, id);
  return ctx.repos.artifacts.list(id, KIND).map((a) => ({ id: a.id, createdAt: a.created_at, ...(JSON.parse(a.meta) as Stored) }));
}
