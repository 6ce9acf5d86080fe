import { useMemo } from 'react';
import { analyzeGraph } from '../../../../shared/validate/analyze';
import { useDatasets } from '../../state/datasets';
import { useDraft } from '../../state/draft';
import { shape } from '../../ui/format';

export interface Readiness {
  valid: boolean;
  /** The first blocking problem, in plain words. */
  problem: string | null;
  /** Likely mismatches between model and data: shown, but they do not block Start. */
  warnings: string[];
  totalParams: number;
}

/** Can the draft train on the chosen dataset? analyzeGraph decides validity; shapes give warnings. */
export function useReadiness(): Readiness {
  const graph = useDraft((s) => s.graph);
  const datasetId = useDraft((s) => s.datasetId);
  const datasets = useDatasets((s) => s.datasets);
  return useMemo(() => {
    const a = analyzeGraph(graph);
    const firstError = a.diagnostics.find((d) => d.severity === 'error') ?? a.diagnostics[0];
    const dataset = datasets.find((d) => d.id === datasetId);
    const warnings: string[] = [];
    if (dataset) {
      const input = graph.nodes.find((n) => n.kind.startsWith('Input'));
      const inShape = input ? a.shapes[input.id] : undefined;
      if (inShape && inShape.join('x') !== dataset.inputShape.join('x'))
        warnings.push(`The model's input is ${shape(inShape as number[])} but one sample of ${dataset.name} is ${shape(dataset.inputShape)}.`);
      const output = graph.nodes.find((n) => n.kind === 'Output');
      const outShape = output ? a.shapes[output.id] : undefined;
      const classes = outShape?.at(-1);
      if (typeof classes === 'number' && classes !== dataset.classes.length)
        warnings.push(`The model predicts ${classes} classes but ${dataset.name} has ${dataset.classes.length}.`);
    }
    return {
      valid: a.valid,
      problem: a.valid ? null : (firstError?.message ?? 'The model is not complete yet.'),
      warnings,
      totalParams: a.totalParams,
    };
  }, [graph, datasetId, datasets]);
}
