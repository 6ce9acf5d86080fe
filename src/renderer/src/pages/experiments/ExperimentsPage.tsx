import { useEffect, useMemo, useState } from 'react';
import { GitCompare } from 'lucide-react';
import { useExperiments } from '../../state/experiments';
import { useNav } from '../../state/nav';
import { ComparePage } from '../compare/ComparePage';
import { ExperimentDetailPanel } from './ExperimentDetailPanel';
import { ExperimentsTable } from './ExperimentsTable';
import { ImportBundle } from './ImportBundle';
import { useDatasets } from '../../state/datasets';
import { filterExperiments, sortExperiments, type SortKey, type SortState } from './table-model';

const MAX_COMPARE = 8;

/** All runs in a sortable, filterable table; the chosen one opens in a panel; 2–8 checked ones compare. */
export function ExperimentsPage() {
  const { list, loaded, selectedId, detail, refresh, select } = useExperiments();
  const go = useNav((s) => s.go);
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<SortState>({ key: 'createdAt', dir: 'desc' });
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [comparing, setComparing] = useState<string[] | null>(null);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const datasets = useDatasets((s) => s.datasets);
  const shown = useMemo(() => sortExperiments(filterExperiments(list, query, datasets), sort), [list, query, sort, datasets]);
  // Compared in table order: the first checked row is the baseline the others are diffed against.
  const chosen = shown.filter((e) => checked.has(e.id)).map((e) => e.id);
  const onSort = (key: SortKey) =>
    setSort((s) => ({ key, dir: s.key === key && s.dir === 'desc' ? 'asc' : 'desc' }));
  const onCheck = (id: string, on: boolean) =>
    setChecked((s) => {
      const next = new Set(s);
      if (on && next.size < MAX_COMPARE) next.add(id);
      else next.delete(id);
      return next;
    });

  if (comparing) return <ComparePage ids={comparing} onClose={() => setComparing(null)} />;
  return (
    <div className={`app-experiments-page${detail ? ' app-with-detail' : ''}`}>
      <div className="app-page-scroll">
        {!loaded && <div className="app-muted">Loading experiments…</div>}
        <div className="app-toolbar" style={{ marginBottom: 10 }}>
          <ImportBundle onImported={() => void refresh()} />
        </div>
        {loaded && list.length === 0 ? (
          <div className="app-empty">
            No experiments yet.{' '}
            <button className="app-link-btn" onClick={() => go('train')}>
              Train a model
            </button>{' '}
            and it will appear here.
          </div>
        ) : (
          <>
            <div className="app-toolbar" style={{ marginBottom: 10 }}>
              <input
                type="search"
                data-testid="experiments-filter"
                placeholder="Filter: name, tag:x, status:completed, lr=0.001, dataset…"
                aria-label="Filter experiments"
                value={query}
                style={{ flex: '1 1 220px', minWidth: 160, maxWidth: 420 }}
                onChange={(e) => setQuery(e.target.value)}
              />
              <span className="app-muted">
                {shown.length} of {list.length}
              </span>
              <span className="app-toolbar-spacer" />
              <span className="app-muted">
                {chosen.length ? `${chosen.length} selected` : 'Tick 2–8 runs to compare them'}
              </span>
              <button
                className="app-btn app-btn-primary"
                data-testid="compare-button"
                disabled={chosen.length < 2 || chosen.length > MAX_COMPARE}
                onClick={() => setComparing(chosen)}
              >
                <GitCompare size={16} /> Compare
              </button>
            </div>
            <ExperimentsTable
              list={shown}
              selectedId={selectedId}
              onSelect={(id) => void select(id)}
              sort={sort}
              onSort={onSort}
              checked={checked}
              onCheck={onCheck}
            />
          </>
        )}
      </div>
      {detail && <ExperimentDetailPanel exp={detail} onClose={() => void select(null)} />}
    </div>
  );
}
