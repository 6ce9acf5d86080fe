import { memo } from 'react';
import type { GraphAnalysis } from '../../../shared/validate/analyze';
import { compact, formatMB, summarize } from './summary';

/** Model size, compute and an estimate of training memory for the batch size. */
export const Summary = memo(function Summary({ analysis, layers, batchSize }: { analysis: GraphAnalysis; layers: number; batchSize: number }) {
  const s = summarize(analysis, layers, batchSize);
  const rows: [string, string, string][] = [
    ['Layers', String(s.layers), ''],
    ['Parameters', s.params.toLocaleString('en-US'), 'trainable weights'],
    ['FLOPs / sample', compact(s.flops), 'forward pass, 2 × multiply-adds'],
    [
      `Training memory`,
      `≈ ${formatMB(s.totalMB)}`,
      `batch ${batchSize}: weights ${formatMB(s.weightsMB)} + Adam ${formatMB(s.optimizerMB)} + activations ${formatMB(s.activationsMB)}`,
    ],
  ];
  return (
    <section className="ed-panel ed-summary" data-testid="model-summary">
      <h3>Model</h3>
      <dl className="ed-facts">
        {rows.map(([k, v, hint]) => (
          <div key={k} title={hint}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {!analysis.valid && <p className="ed-hint">Figures cover the layers whose shapes are known.</p>}
    </section>
  );
});
