import sharp from 'sharp';
import { ApiError } from '../../shared/api/errors';
import type { HandlerInput } from '../../shared/api/contract';
import type { ConfusionExamples, ExampleItem, ExperimentEvaluation } from '../../shared/api/types';
import {
  argmax,
  averages,
  evaluatePredictions,
  perClassMetrics,
  probabilityRows,
  type EvaluationMetrics,
} from '../../shared/metrics/classification';
import type { BaselineFigures } from '../../shared/metrics/baseline';
import { evaluationsRepo, type EvaluationRow, type StoredPredictions } from '../db/repos/evaluations';
import { loadDataset } from '../engine/data/load';
import type { LoadedDataset } from '../engine/data/types';
import type { TrainResult } from '../engine/protocol';
import type { ServiceContext } from './context';
import { requireExperiment } from './experiments';

/** Store a finished run's test evaluation: the summary figures as JSON, the predictions as BLOBs. */
export function storeTestEvaluation(ctx: ServiceContext, id: string, result: TrainResult): void {
  const { predictions, ...summary } = result;
  const stored: StoredPredictions | null = predictions
    ? {
        width: predictions.width,
        probs: Float32Array.from(predictions.probs),
        labels: Int32Array.from(predictions.labels),
        indices: Int32Array.from(predictions.indices),
      }
    : null;
  evaluationsRepo(ctx.repos.db).insert(id, 'test', summary, ctx.now(), stored);
}

/** The baseline figures stored with an evaluation (runs trained before baselines have none). */
export function baselineOf(row: EvaluationRow): BaselineFigures | null {
  const b = row.metrics.baseline as BaselineFigures | undefined;
  return b && typeof b === 'object' && b.logistic && b.majority ? b : null;
}

/** Class names and kind of the dataset version an experiment trained on. */
export function datasetInfo(
  ctx: ServiceContext,
  versionId: string,
): { classes: string[]; kind: 'image' | 'table' | 'text'; inputShape: number[] } {
  const v = ctx.repos.datasets.version(versionId);
  return v
    ? {
        classes: JSON.parse(v.classes) as string[],
        kind: v.kind,
        inputShape: JSON.parse(v.input_shape) as number[],
      }
    : { classes: [], kind: 'table', inputShape: [] };
}

/** Metrics of a stored evaluation: exact from predictions, else what the confusion matrix alone gives. */
export function metricsOf(row: EvaluationRow, classes: string[]): EvaluationMetrics {
  if (row.predictions) return evaluatePredictions(row.predictions, classes);
  const confusion = (row.metrics.confusion as number[][] | undefined) ?? [];
  const names = confusion.map((_, c) => classes[c] ?? String(c));
  const perClass = perClassMetrics(confusion, names);
  const count = confusion.flat().reduce((a, b) => a + b, 0);
  return {
    count,
    classes: names,
    accuracy: count ? confusion.reduce((a, r, c) => a + r[c], 0) / count : 0,
    logLoss: Number(row.metrics.testLoss ?? NaN),
    confusion,
    perClass,
    ...averages(perClass),
    topK: [],
    roc: [],
    macroAuc: null,
  };
}

/** The experiment's newest test evaluation with its metrics, or a plain conflict error. */
export function requireEvaluation(
  ctx: ServiceContext,
  id: string,
): { row: EvaluationRow; metrics: EvaluationMetrics } {
  const exp = requireExperiment(ctx, id);
  const row = evaluationsRepo(ctx.repos.db).latest(id, 'test');
  if (!row)
    throw new ApiError('conflict', `"${exp.name}" has no test evaluation yet: train it to the end first.`);
  return { row, metrics: metricsOf(row, datasetInfo(ctx, exp.dataset_version_id).classes) };
}

/** A sample (floats 0..1, height × width × channels) as a PNG data URL. */
async function pngDataUrl(x: Float32Array, shape: number[]): Promise<string> {
  const [h, w, c = 1] = shape;
  const bytes = Buffer.alloc(h * w * c);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.max(0, Math.min(255, Math.round(x[i] * 255)));
  const png = await sharp(bytes, { raw: { width: w, height: h, channels: c as 1 | 3 | 4 } })
    .png()
    .toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

/** The evaluation and error-analysis part of the experiments domain. */
export function experimentsEvalService(ctx: ServiceContext) {
  // The last test split read, so clicking through confusion cells does not reread the data.
  let cached: { key: string; data: LoadedDataset } | null = null;
  const testSplit = async (datasetId: string, versionId: string, count: number) => {
    const key = `${versionId}:${count}`;
    if (cached?.key === key) return cached.data;
    let data: LoadedDataset;
    try {
      data = await loadDataset(versionId, { train: 1, test: count }, { db: ctx.repos.db });
    } catch {
      data = await loadDataset(datasetId, { train: 1, test: count }, { db: ctx.repos.db });
    }
    cached = { key, data };
    return data;
  };

  return {
    'experiments.evaluation': ({ id }: HandlerInput<'experiments.evaluation'>): ExperimentEvaluation => {
      const { row, metrics } = requireEvaluation(ctx, id);
      return { experimentId: id, hasPredictions: row.predictions !== null, ...metrics, baseline: baselineOf(row) };
    },
    'experiments.examples': async (
      input: HandlerInput<'experiments.examples'>,
    ): Promise<ConfusionExamples> => {
      const { row } = requireEvaluation(ctx, input.id);
      const exp = requireExperiment(ctx, input.id);
      const info = datasetInfo(ctx, exp.dataset_version_id);
      const p = row.predictions;
      if (!p)
        throw new ApiError(
          'conflict',
          'This run was stored before predictions were kept; train it again to see examples.',
        );
      const rows = probabilityRows(p);
      const cell: ExampleItem[] = [];
      rows.forEach((probabilities, i) => {
        const predictedClass = argmax(probabilities);
        if (p.labels[i] !== input.trueClass || predictedClass !== input.predictedClass) return;
        cell.push({
          index: p.indices[i] ?? i,
          trueClass: p.labels[i],
          predictedClass,
          confidence: probabilities[predictedClass],
          probabilities,
        });
      });
      const sign = input.sort === 'confidence' ? 1 : -1;
      cell.sort((a, b) => sign * (a.confidence - b.confidence) || a.index - b.index);
      const items = cell.slice(0, input.limit);
      if (items.length) {
        const data = await testSplit(
          exp.dataset_id,
          exp.dataset_version_id,
          Math.max(...items.map((e) => e.index)) + 1,
        );
        const per = data.inputShape.reduce((a, b) => a * b, 1);
        for (const e of items) {
          const x = data.test.x.subarray(e.index * per, (e.index + 1) * per);
          if (info.kind === 'image' && data.inputShape.length === 3)
            e.image = await pngDataUrl(x, data.inputShape);
          else e.features = Array.from(x.subarray(0, 64));
        }
      }
      return {
        trueClass: input.trueClass,
        predictedClass: input.predictedClass,
        classes: info.classes,
        total: cell.length,
        kind: info.kind,
        items,
      };
    },
  };
}
