import type { ApiClient } from '../../shared/api/client';
import type { ExperimentEvaluation } from '../../shared/api/types';
import { baselineLine, baselineVerdict } from '../../shared/metrics/baseline';
import { type CliOutput, pct } from './output';

/** The baseline lines printed under a run's test figures: both baselines, and the verdict when it does not beat them. */
export function baselineLines(ev: Pick<ExperimentEvaluation, 'accuracy' | 'baseline'>): string[] {
  if (!ev.baseline) return [];
  const verdict = baselineVerdict(ev.accuracy, ev.baseline);
  return [baselineLine(ev.baseline), ...(verdict ? [verdict] : [])];
}

/** `layerlab evaluate <id>`: a finished run's test metrics beside its baselines. */
export async function evaluateCommand(api: ApiClient, out: CliOutput, id: string): Promise<number> {
  const ev = await api.call('experiments.evaluation', { id });
  out.result(ev, () =>
    [
      `test accuracy ${pct(ev.accuracy)}, macro F1 ${ev.macro.f1.toFixed(3)}, log loss ${ev.logLoss.toFixed(4)} on ${ev.count} test samples`,
      ...baselineLines(ev),
    ].join('\n'),
  );
  return 0;
}
