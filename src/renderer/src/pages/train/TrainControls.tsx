import { Pause, Play, Square } from 'lucide-react';
import { useDatasets } from '../../state/datasets';
import { useDraft } from '../../state/draft';
import { useNav } from '../../state/nav';
import { useTraining } from '../../state/training';
import { int } from '../../ui/format';
import type { Readiness } from './useReadiness';

/** Model check, then Start and Cancel. Start explains why it is disabled. */
export function TrainControls({ readiness, formOk }: { readiness: Readiness; formOk: boolean }) {
  const datasetId = useDraft((s) => s.datasetId);
  // The draft may still name a dataset that was deleted since: only one in the list counts as chosen.
  const { datasets, loaded } = useDatasets();
  const chosen = datasets.some((d) => d.id === datasetId);
  const name = useDraft((s) => s.name);
  const { status, starting, start, cancel, paused, togglePause } = useTraining();
  const go = useNav((s) => s.go);
  const running = status === 'running' || starting;
  const chooseDataset = useDraft((s) => s.chooseDataset);
  const fixable = readiness.fit.length > 0 && readiness.fit.every((p) => p.edits.length > 0);
  // The same one-edit adaptation as choosing the dataset (shared adaptGraph), said on the page with Undo.
  const adapt = () => {
    const dataset = datasets.find((d) => d.id === datasetId);
    if (dataset) chooseDataset(dataset.id, dataset);
  };
  const blocker = !readiness.valid
    ? 'Fix the model first.'
    : readiness.fit.length && chosen
      ? fixable
        ? 'The model does not fit this dataset: adapt it, or change those layers on the Model page.'
        : 'The model is made for another kind of data: use the recommended model under Data, or choose a template for this dataset on the Model page.'
    : !chosen
      ? !loaded
        ? 'Loading the datasets…'
        : datasetId
          ? 'The dataset chosen before no longer exists: choose another one under Data.'
          : 'Choose a dataset under Data.'
      : !formOk
        ? 'Fix the highlighted settings.'
        : running
          ? 'A run is in progress.'
          : null;
  return (
    <section className="app-card">
      <h3>Model “{name || 'Untitled model'}”</h3>
      {readiness.valid ? (
        <div className="app-pill app-pill-ok" data-testid="graph-validity">
          Ready · {int(readiness.totalParams)} parameters
        </div>
      ) : (
        <div className="app-pill app-pill-bad" data-testid="graph-validity">
          {readiness.problem}{' '}
          <button className="app-link-btn" onClick={() => go('model')}>
            Open the Model page
          </button>
        </div>
      )}
      {chosen &&
        readiness.fit.map((p) => (
          <div key={p.message} className="app-warning" data-testid="fit-problem">
            {p.message}
          </div>
        ))}
      {chosen && fixable && !running && (
        <button type="button" className="app-btn" data-testid="adapt-model" onClick={adapt}>
          Adapt the model to this dataset
        </button>
      )}
      <div className="app-actions">
        <button className="app-btn app-btn-primary" data-testid="start-training" disabled={blocker !== null} aria-describedby={blocker ? 'start-blocker' : undefined} title={blocker ?? 'Save as an experiment and train it'} onClick={() => void start()}>
          <Play size={16} /> {starting ? 'Starting…' : 'Start training'}
        </button>
        <button className="app-btn" data-testid="pause-training" disabled={status !== 'running'} onClick={() => void togglePause()} title="Pause between two batches">
          {paused ? <Play size={14} /> : <Pause size={14} />} {paused ? 'Continue' : 'Pause'}
        </button>
        <button className="app-btn" data-testid="cancel-training" disabled={status !== 'running'} onClick={() => void cancel()}>
          <Square size={14} /> Cancel
        </button>
      </div>
      {blocker && !running && (
        <small className="app-muted" id="start-blocker" data-testid="start-blocker">
          {blocker}
        </small>
      )}
    </section>
  );
}
