import { useMemo } from 'react';
import { Sparkles } from 'lucide-react';
import type { DatasetSummary } from '../../../../shared/api/types';
import type { ModelGraph } from '../../../../shared/graph/types';
import { recommendModel } from '../../../../shared/templates/recommended';
import { useDraft } from '../../state/draft';

/** Same layers with the same settings in the same order (ids and positions aside). */
const sameLayers = (a: ModelGraph, b: ModelGraph) =>
  a.nodes.length === b.nodes.length && a.nodes.every((n, i) => n.kind === b.nodes[i]!.kind && JSON.stringify(n.params) === JSON.stringify(b.nodes[i]!.params));

/**
 * "Recommended for this dataset": a model sized to the chosen data with settings that stop on their own,
 * offered before the user has to think about layers or epochs. One click loads it (undoable).
 */
export function RecommendedModel({ dataset, disabled }: { dataset: DatasetSummary; disabled?: boolean }) {
  const graph = useDraft((s) => s.graph);
  const useRecommended = useDraft((s) => s.useRecommended);
  const rec = useMemo(() => recommendModel({ ...dataset, classes: dataset.classes.length }), [dataset]);
  const inUse = sameLayers(graph, rec.template.graph);
  return (
    <div className="app-recommended" data-testid="recommended-model">
      <div className="app-recommended-head">
        <Sparkles size={16} aria-hidden />
        <strong>Recommended for this dataset</strong>
        <span className="app-muted">{rec.template.description}</span>
      </div>
      <ul>
        {rec.reasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      {inUse ? (
        <span className="app-pill app-pill-ok" data-testid="recommended-in-use">
          This is the model you are training
        </span>
      ) : (
        <button type="button" className="app-btn" data-testid="use-recommended" disabled={disabled} onClick={() => useRecommended(rec)}>
          Use the recommended model
        </button>
      )}
    </div>
  );
}

/** What choosing the dataset changed in the model, with Undo. */
export function AdaptedNotice() {
  const adapted = useDraft((s) => s.adapted);
  const undoAdapt = useDraft((s) => s.undoAdapt);
  const forgetAdapted = useDraft((s) => s.forgetAdapted);
  if (!adapted) return null;
  return (
    <div className="app-notice" role="status" data-testid="model-adapted">
      <span>
        Adapted the model to {adapted.datasetName}: {adapted.changes.join('; ')}.
      </span>
      <button type="button" className="app-link-btn" data-testid="undo-adapt" onClick={undoAdapt}>
        Undo
      </button>
      <button type="button" className="app-link-btn" onClick={forgetAdapted}>
        Dismiss
      </button>
    </div>
  );
}
