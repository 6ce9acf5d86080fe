import { useEffect } from 'react';
import { useExperiments } from '../../state/experiments';
import { useNav } from '../../state/nav';
import { ExperimentDetailPanel } from './ExperimentDetailPanel';
import { ExperimentsTable } from './ExperimentsTable';

/** All runs in a table; the chosen one opens in a panel on the right. */
export function ExperimentsPage() {
  const { list, loaded, selectedId, detail, refresh, select } = useExperiments();
  const go = useNav((s) => s.go);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return (
    <div className={`app-experiments-page${detail ? ' app-with-detail' : ''}`}>
      <div className="app-page-scroll">
        {!loaded && <div className="app-muted">Loading experiments…</div>}
        {loaded && list.length === 0 ? (
          <div className="app-empty">
            No experiments yet.{' '}
            <button className="app-link-btn" onClick={() => go('train')}>
              Train a model
            </button>{' '}
            and it will appear here.
          </div>
        ) : (
          <ExperimentsTable list={list} selectedId={selectedId} onSelect={(id) => void select(id)} />
        )}
      </div>
      {detail && <ExperimentDetailPanel exp={detail} onClose={() => void select(null)} />}
    </div>
  );
}
