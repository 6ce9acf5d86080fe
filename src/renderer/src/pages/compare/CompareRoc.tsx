import { useEffect, useState } from 'react';
import type { ComparedExperiment } from '../../../../shared/api/types';
import type { RocCurve } from '../../../../shared/metrics/roc';
import { api } from '../../api';
import { RocChart } from '../experiments/RocChart';

/** ROC curves of every compared run with a stored evaluation, side by side (fetched per run: the comparison leaves them out). */
export function CompareRoc({ experiments }: { experiments: ComparedExperiment[] }) {
  const ids = experiments.filter((e) => e.evaluation).map((e) => e.id);
  const key = ids.join(',');
  const [curves, setCurves] = useState<Record<string, RocCurve[]>>({});
  useEffect(() => {
    let live = true;
    setCurves({});
    for (const id of key ? key.split(',') : [])
      api
        .call('experiments.evaluation', { id })
        .then((ev) => live && setCurves((c) => ({ ...c, [id]: ev.roc })))
        .catch(() => live && setCurves((c) => ({ ...c, [id]: [] })));
    return () => {
      live = false;
    };
  }, [key]);
  const shown = experiments.filter((e) => curves[e.id]?.length);
  if (shown.length === 0) return null;
  return (
    <section data-testid="compare-roc">
      <h3>ROC curves</h3>
      <div style={{ display: 'flex', gap: 20, flexWrap: 'wrap' }}>
        {experiments.map((e, i) =>
          curves[e.id]?.length ? (
            <RocChart key={e.id} roc={curves[e.id]} size={180} title={e.name} testId={`compare-roc-${i}`} />
          ) : null,
        )}
      </div>
    </section>
  );
}
