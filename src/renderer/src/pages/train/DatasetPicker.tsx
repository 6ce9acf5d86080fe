import type { DatasetSummary } from '../../../../shared/api/types';
import { useDatasets } from '../../state/datasets';
import { useDraft } from '../../state/draft';
import { count, shape } from '../../ui/format';
import { DatasetCard } from '../datasets/DatasetCard';
import { AdaptedNotice, RecommendedModel } from './RecommendedModel';

/** "leads — 4 numbers per row, 3 classes" rather than "leads — 4, 3 classes". */
function optionLabel(d: DatasetSummary): string {
  const total = d.inputShape.reduce((a, n) => a * n, 1);
  const input = d.kind === 'image' ? `${shape(d.inputShape)} images` : d.kind === 'text' ? `texts of ${count(total, 'token')}` : `${count(total, 'number')} per row`;
  return `${d.name} — ${input}, ${count(d.classes.length, 'class', 'classes')}`;
}

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
