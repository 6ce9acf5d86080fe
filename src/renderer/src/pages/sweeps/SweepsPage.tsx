import { useEffect, useState } from 'react';
import { Plus } from 'lucide-react';
import { useExperiments } from '../../state/experiments';
import { useNav } from '../../state/nav';
import { pct } from '../../ui/format';
import { CompareEmbed } from './CompareEmbed';
import { NewSweepForm } from './NewSweepForm';
import { SweepView } from './SweepView';
import { initSweeps, useSweeps } from './useSweeps';
import './sweeps.css';

/** Hyperparameter sweeps: the list, the new-sweep form, and the chosen sweep (or a comparison of its trials). */
export function SweepsPage() {
  const { list, selectedId, detail, creating, refresh, select, setCreating } = useSweeps();
  const go = useNav((s) => s.go);
  const [comparing, setComparing] = useState<string[] | null>(null);
  useEffect(() => {
    initSweeps();
    void refresh();
  }, [refresh]);

  const onCompare = (ids: string[]) => {
    if (ids.length >= 2) return setComparing(ids);
    // One trial: its experiment, opened in the Experiments page.
    void useExperiments.getState().select(ids[0]);
    go('experiments');
  };
  if (comparing) return <CompareEmbed ids={comparing} onClose={() => setComparing(null)} />;

  return (
    <div className="sweeps-page" data-testid="sweeps-page">
      <aside className="sweeps-list">
        <button className="app-btn app-btn-primary" onClick={() => setCreating(true)} data-testid="new-sweep">
          <Plus size={16} /> New sweep
        </button>
        {list.length === 0 && (
          <p className="app-muted">
            No sweeps yet. A sweep trains many variants of the current draft and ranks them.
          </p>
        )}
        {list.map((s) => (
          <button
            key={s.id}
            className={`sweeps-list-item${s.id === selectedId && !creating ? ' sweeps-list-active' : ''}`}
            onClick={() => void select(s.id)}
            data-testid={`sweep-item-${s.name}`}
          >
            <strong>{s.name}</strong>
            <span className="app-muted">
              {s.status} · {s.trialsDone}/{s.trialsTotal} · best {pct(s.bestTrial?.metric)}
            </span>
          </button>
        ))}
      </aside>
      <section className="app-page-scroll">
        {creating || !detail ? (
          creating || list.length === 0 ? (
            <NewSweepForm />
          ) : (
            <div className="app-empty">Choose a sweep, or start a new one.</div>
          )
        ) : (
          <SweepView key={detail.id} sweep={detail} onCompare={onCompare} />
        )}
      </section>
    </div>
  );
}
