import { useMemo } from 'react';
import { analyzeGraph } from '../../../../shared/validate/analyze';
import { useDatasets } from '../../state/datasets';
import { useDraft } from '../../state/draft';
import { datasetFitProblems, type FitProblem } from '../../../../shared/validate/dataset-fit';

export interface Readiness {
  valid: boolean;
  /** The first blocking problem, in plain words. */
  problem: string | null;
  /** Where the model does not fit the chosen dataset (input or classes): they block Start. */
  fit: FitProblem[];
  totalParams: number;
}

/** Can the draft train on the chosen dataset? analyzeGraph decides validity; dataset-fit.ts whether it fits the data. */
export function useReadiness(): Readiness {
  const graph = useDraft((s) => s.graph);
  const datasetId = useDraft((s) => s.datasetId);
  const datasets = useDatasets((s) => s.datasets);
  return useMemo(() => {
    const a = analyzeGraph(graph);
    const firstError = a.diagnostics.find((d) => d.severity === 'error') ?? a.diagnostics[0];
    const dataset = datasets.find((d) => d.id === datasetId);
    const fit = dataset
      ? datasetFitProblems(graph, dataset)
      : [];
    return {
      valid: a.valid,
      problem: a.valid ? null : (firstError?.message ?? 'The model is not complete yet.'),
      fit,
      totalParams: a.totalParams,
    };
  }, [graph, datasetId, datasets]);
}
