import { useCallback, useEffect, useState } from 'react';
import type { DatasetPreview, DatasetSummary, DatasetVersionInfo } from '../../../../shared/api/types';
import { api } from '../../api';
import { reportError } from '../../state/errors';
import { inputWords } from '../../ui/format';
import { ClassBalance } from './ClassBalance';
import { ColumnStatsList } from './ColumnStatsList';
import { DatasetCard } from './DatasetCard';
import { ImageGrid } from './ImageGrid';
import { PreviewTable } from './PreviewTable';

const PAGE = 25;

/** One dataset: facts, versions, a paged preview with per-column statistics, class balance, images. */
export function DatasetDetail({ dataset, onDeleted }: { dataset: DatasetSummary; onDeleted(): void }) {
  const builtin = dataset.id.startsWith('builtin:');
  const [versions, setVersions] = useState<DatasetVersionInfo[]>([]);
  const [versionId, setVersionId] = useState(dataset.versionId);
  const [preview, setPreview] = useState<DatasetPreview | null>(null);
  useEffect(() => {
    setVersionId(dataset.versionId);
    setVersions([]);
    if (!builtin) api.call('datasets.versions', { id: dataset.id }).then(setVersions, reportError);
  }, [dataset.id, dataset.versionId, builtin]);
  const load = useCallback(
    (offset: number) => {
      api.call('datasets.preview', { versionId, offset, limit: PAGE }).then(setPreview, reportError);
    },
    [versionId],
  );
  useEffect(() => {
    setPreview(null);
    load(0);
  }, [load]);
  const version = versions.find((v) => v.versionId === versionId);
  const remove = async () => {
    if (!window.confirm(`Delete "${dataset.name}" and all of its versions? Experiments trained on it keep their results.`)) return;
    try {
      await api.call('datasets.delete', { id: dataset.id });
      onDeleted();
    } catch (err) {
      reportError(err);
    }
  };
  return (
    <div className="ds-detail" data-testid="dataset-detail">
      <div className="app-card-head">
        <h3>
          {dataset.name} <span className="app-tag">{dataset.kind}</span>
        </h3>
        {versions.length > 0 && (
          <label className="app-field app-field-inline">
            <span>Version</span>
            <select data-testid="version-select" value={versionId} onChange={(e) => setVersionId(e.target.value)}>
              {versions.map((v) => (
                <option key={v.versionId} value={v.versionId}>
                  v{v.version} · {new Date(v.createdAt).toLocaleString()}
                </option>
              ))}
            </select>
          </label>
        )}
        {!builtin && (
          <button type="button" className="app-btn app-btn-danger" data-testid="dataset-delete" onClick={() => void remove()}>
            Delete
          </button>
        )}
      </div>
      <DatasetCard dataset={dataset} compact />
      {version && (
        <p className="app-muted" data-testid="version-facts">
          Version {version.version}: {version.trainCount} train · {version.valCount} validation · {version.testCount} test; {inputWords(dataset.kind, version.inputShape)}.
        </p>
      )}
      {!preview && <div className="app-muted">Loading preview…</div>}
      {preview && (
        <>
          <ClassBalance balance={preview.classBalance} />
          {dataset.kind === 'image' && <ImageGrid versionId={versionId} classes={dataset.classes} />}
          <ColumnStatsList stats={preview.stats} />
          <PreviewTable preview={preview} onPage={load} />
        </>
      )}
    </div>
  );
}
