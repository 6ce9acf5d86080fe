import { useEffect } from 'react';
import { useDatasets } from '../../state/datasets';
import { DatasetCard } from './DatasetCard';

/** Every dataset available for training, with shape, classes and sample counts. */
export function DatasetsPage() {
  const { datasets, loaded, load } = useDatasets();
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <div className="app-page-scroll">
      <p className="app-lead">Datasets you can train on. Pick one on the Train page.</p>
      {!loaded && <div className="app-muted">Loading datasets…</div>}
      {loaded && datasets.length === 0 && <div className="app-empty">No datasets are available yet.</div>}
      <div className="app-dataset-list" data-testid="datasets-list">
        {datasets.map((d) => (
          <DatasetCard key={d.id} dataset={d} />
        ))}
      </div>
    </div>
  );
}
