import { useBackendLabel } from '../../state/system';
import { useNav } from '../../state/nav';
import { useTraining } from '../../state/training';
import { duration, int, num, pct } from '../../ui/format';
import { MetricsChart } from '../../ui/MetricsChart';
import { ProgressBar } from '../../ui/ProgressBar';
import { StatusBadge } from '../../ui/StatusBadge';

const STATUS_TEXT = {
  draft: 'Saved, not started yet.',
  running: 'Training…',
  completed: 'Finished.',
  failed: 'The run failed.',
  cancelled: 'Stopped before the end.',
  interrupted: 'The training process stopped unexpectedly. Resume it from the Experiments page.',
} as const;

/** What the current run is doing: status, batch progress, curves, final test accuracy. */
export function LivePanel() {
  const { experimentName, status, progress: p, epochs, message, testAccuracy, backend } = useTraining();
  const backendLabel = useBackendLabel(backend);
  const go = useNav((s) => s.go);
  const last = epochs.at(-1);
  const batchShare = p && p.batches > 0 ? p.batch / p.batches : 0;
  const overall = p && p.epochs > 0 ? (p.epoch - 1 + batchShare) / p.epochs : 0;
  return (
    <section className="app-card app-live">
      <div className="app-card-head">
        <h3>{experimentName ? `Run “${experimentName}”` : 'Training'}</h3>
        {backend && <span className="app-muted">on {backendLabel}</span>}
      </div>
      <div className="app-live-status" data-testid="training-status" data-status={status ?? 'idle'}>
        {status ? <StatusBadge status={status} /> : <span className="app-badge">Not started</span>}
        <span>{status ? STATUS_TEXT[status] : 'Press “Start training” to train the model on the chosen data.'}</span>
        {message && status !== 'running' && <span className={status === 'failed' || status === 'interrupted' ? 'app-error-text' : 'app-muted'}>{message}</span>}
        {status && status !== 'running' && (
          <button className="app-link-btn" onClick={() => go('experiments')}>
            See all experiments
          </button>
        )}
      </div>
      <div className="app-kpis">
        <div className="app-kpi">
          <span>Test accuracy</span>
          <strong data-testid="test-accuracy" data-value={testAccuracy ?? ''}>{pct(testAccuracy)}</strong>
        </div>
        <div className="app-kpi">
          <span>Val accuracy (last epoch)</span>
          <strong>{pct(last?.valAccuracy)}</strong>
        </div>
        <div className="app-kpi">
          <span>Train loss (last epoch)</span>
          <strong>{num(last?.loss)}</strong>
        </div>
      </div>
      {status === 'running' && p ? (
        <ProgressBar
          testId="training-progress"
          value={overall}
          caption={`Epoch ${p.epoch}/${p.epochs} · batch ${int(p.batch)}/${int(p.batches)} · loss ${num(p.loss)} · acc ${pct(p.accuracy, 1)} · ${int(p.samplesPerSec)} samples/s · about ${duration(p.etaSeconds)} left`}
        />
      ) : (
        <ProgressBar testId="training-progress" value={status === 'completed' ? 1 : 0} caption={status === 'running' ? 'Preparing data and model…' : status === 'completed' ? 'All epochs done.' : 'No run in progress.'} />
      )}
      <MetricsChart epochs={epochs} testId="training-chart" />
    </section>
  );
}
