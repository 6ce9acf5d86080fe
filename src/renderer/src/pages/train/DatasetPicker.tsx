import type { DatasetSummary } from '../../../../shared/api/types';
import { useDatasets } from '../../state/datasets';
import { useDraft } from '../../state/draft';
import { shape } from '../../ui/format';
import { DatasetCard } from '../datasets/DatasetCard';
import { AdaptedNotice, RecommendedModel } from './RecommendedModel';

const optionLabel = (d: DatasetSummary) => `${d.name} — ${shape(d.inputShape)}, ${d.classes.length} classes`;

/** Choose the data to train on; the chosen dataset's facts show below the list. */
export function DatasetPicker({ disabled }: { disabled?: boolean }) {
  const datasets = useDatasets((s) => s.datasets);
  const loaded = useDatasets((s) => s.loaded);
  const datasetId = useDraft((s) => s.datasetId);
  const chooseDataset = useDraft((s) => s.chooseDataset);
  const chosen = datasets.find((d) => d.id === datasetId);
  // Choosing the data also fits the model's input and output to it (an undoable edit, said below).
  const choose = (id: string) => chooseDataset(id, datasets.find((d) => d.id === id));
  return (
    <section className="app-card">
      <h3>Data</h3>
      <label className="app-field">
        <span>Dataset</span>
        <select data-testid="dataset-select" value={chosen ? chosen.id : ''} disabled={disabled} onChange={(e) => choose(e.target.value)}>
          {!chosen && <option value="">{loaded ? 'Choose a dataset…' : 'Loading datasets…'}</option>}
          {datasets.map((d) => (
            <option key={d.id} value={d.id}>
              {optionLabel(d)}
            </option>
          ))}
        </select>
      </label>
      <AdaptedNotice />
      {chosen && <RecommendedModel dataset={chosen} disabled={disabled} />}
      {chosen && <DatasetCard dataset={chosen} compact />}
    </section>
  );
}
