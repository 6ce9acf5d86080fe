import type { DatasetSummary } from '../../../../shared/api/types';
import { useDatasets } from '../../state/datasets';
import { useDraft } from '../../state/draft';
import { shape } from '../../ui/format';
import { DatasetCard } from '../datasets/DatasetCard';

const optionLabel = (d: DatasetSummary) => `${d.name} — ${shape(d.inputShape)}, ${d.classes.length} classes`;

/** Choose the data to train on; the chosen dataset's facts show below the list. */
export function DatasetPicker({ disabled }: { disabled?: boolean }) {
  const datasets = useDatasets((s) => s.datasets);
  const loaded = useDatasets((s) => s.loaded);
  const datasetId = useDraft((s) => s.datasetId);
  const setDatasetId = useDraft((s) => s.setDatasetId);
  const chosen = datasets.find((d) => d.id === datasetId);
  return (
    <section className="app-card">
      <h3>Data</h3>
      <label className="app-field">
        <span>Dataset</span>
        <select data-testid="dataset-select" value={chosen ? chosen.id : ''} disabled={disabled} onChange={(e) => setDatasetId(e.target.value)}>
          {!chosen && <option value="">{loaded ? 'Choose a dataset…' : 'Loading datasets…'}</option>}
          {datasets.map((d) => (
            <option key={d.id} value={d.id}>
              {optionLabel(d)}
            </option>
          ))}
        </select>
      </label>
      {chosen && <DatasetCard dataset={chosen} compact />}
    </section>
  );
}
