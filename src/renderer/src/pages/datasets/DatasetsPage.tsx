import { useEffect, useState } from 'react';
import type { DatasetImportResult } from '../../../../shared/api/types';
import { useDatasets } from '../../state/datasets';
import { inputWords, int, shape } from '../../ui/format';
import { DatasetDetail } from './DatasetDetail';
import { ImportCsvDialog } from './ImportCsvDialog';
import { ImportImagesDialog } from './ImportImagesDialog';
import './datasets.css';

/** Every dataset available for training, imports (CSV, image folders), and a detailed look at one. */
export function DatasetsPage() {
  const { datasets, loaded, load } = useDatasets();
  const [selected, setSelected] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'csv' | 'images' | null>(null);
  const [notice, setNotice] = useState<DatasetImportResult | null>(null);
  useEffect(() => {
    void load();
  }, [load]);
  const current = datasets.find((d) => d.id === selected) ?? null;
  const imported = async (r: DatasetImportResult) => {
    setDialog(null);
    setNotice(r);
    await load();
    setSelected(r.datasetId);
  };
  return (
    <div className="app-page-scroll ds-page">
      <div className="app-toolbar">
        <p className="app-lead">Datasets you can train on. Pick one on the Train page, or bring your own.</p>
        <span className="app-toolbar-spacer" />
        <button type="button" className="app-btn app-btn-primary" data-testid="import-csv-button" onClick={() => setDialog('csv')}>
          Import CSV…
        </button>
        <button type="button" className="app-btn" data-testid="import-images-button" onClick={() => setDialog('images')}>
          Import images…
        </button>
      </div>
      {dialog === 'csv' && <ImportCsvDialog onClose={() => setDialog(null)} onImported={(r) => void imported(r)} />}
      {dialog === 'images' && <ImportImagesDialog onClose={() => setDialog(null)} onImported={(r) => void imported(r)} />}
      {notice && (
        <div className="app-notice ds-notice" data-testid="import-done">
          Imported <strong>{notice.name}</strong> (version {notice.version}) in {notice.seconds.toFixed(1)} s:{' '}
          {int(notice.trainCount + notice.valCount + notice.testCount)} {notice.kind === 'image' ? 'images' : 'rows'} ({int(notice.trainCount)} train,{' '}
          {int(notice.valCount)} validation, {int(notice.testCount)} test), {notice.classes.length} classes; {inputWords(notice.kind, notice.inputShape)}.
          <button type="button" className="app-link-btn" onClick={() => setNotice(null)}>
            Dismiss
          </button>
          {/* The skipped files are listed below, so their count needs no second line. */}
          {notice.warnings.filter((w) => !(notice.skipped.length > 0 && /were skipped/.test(w))).map((w) => (
            <div key={w} className="app-muted">
              {w}
            </div>
          ))}
          {notice.skipped.length > 0 && (
            <details data-testid="import-skipped" open={notice.skipped.length <= 10}>
              <summary>
                {notice.skipped.length} {notice.skipped.length === 1 ? 'file' : 'files'} skipped
              </summary>
              <ul>
                {notice.skipped.slice(0, 100).map((s) => (
                  <li key={s.file}>
                    {s.file}: {s.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
      {!loaded && <div className="app-muted">Loading datasets…</div>}
      {loaded && datasets.length === 0 && <div className="app-empty">No datasets are available yet.</div>}
      <div className="ds-layout">
        <ul className="ds-list" data-testid="datasets-list">
          {datasets.map((d) => (
            <li key={d.id}>
              <button
                type="button"
                className={`ds-row${d.id === selected ? ' app-row-selected' : ''}`}
                data-testid={`dataset-row-${d.name}`}
                aria-pressed={d.id === selected}
                onClick={() => setSelected(d.id)}
              >
                <span className="ds-row-title">
                  <strong>{d.name}</strong> <span className="app-tag">{d.kind}</span>
                </span>
                <small className="app-muted">
                  {d.kind === 'image' ? `${shape(d.inputShape)} images` : `${shape(d.inputShape)} values per row`} · {d.classes.length} classes · {int(d.trainCount)} train /{' '}
                  {int(d.testCount)} test
                </small>
              </button>
            </li>
          ))}
        </ul>
        <div className="ds-main">
          {current ? (
            <DatasetDetail key={current.id} dataset={current} onDeleted={() => (setSelected(null), void load())} />
          ) : (
            <div className="app-empty">Choose a dataset to see its rows, statistics and class balance.</div>
          )}
        </div>
      </div>
    </div>
  );
}
