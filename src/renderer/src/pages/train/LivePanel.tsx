import { useConnection } from '../../state/connection';
import { useDraft } from '../../state/draft';
import { useBackendLabel } from '../../state/system';
import { useNav } from '../../state/nav';
import { useTraining } from '../../state/training';
import { duration, int, num, pct } from '../../ui/format';
import { MetricsChart } from '../../ui/MetricsChart';
import { ConceptHelp } from '../../ui/ConceptHelp';
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
  const { experimentId, experimentName, status, progress: p, epochs, live, message, testAccuracy, backend, paused } = useTraining();
  // Paused is a running run standing still between two batches: say so instead of "Training…".
  const connection = useConnection((s) => s.state);
  const offline = status === 'running' && (connection === 'reconnecting' || connection === 'lost');
  // Without the event connection nothing is known about a running run: say that rather than a stale ETA.
  const shown = offline ? connection : status === 'running' && paused ? 'paused' : (status ?? 'idle');
  const backendLabel = useBackendLabel(backend);
  const go = useNav((s) => s.go);
  const revision = useDraft((s) => s.revision);
  const modelRevision = useTraining((s) => s.modelRevision);
  // The followed run trained a model the analyst has since replaced (template or file): not this model's run.
  if (experimentName && modelRevision !== null && modelRevision !== revision)
    return (
      <section className="app-card app-live">
        <h3>Training</h3>
        <div className="app-live-status" data-testid="training-status" data-status="idle">
          <span className="app-badge">Not started</span>
          <span>
            No run of this model yet. The last run, “{experimentName}”, trained another model
            {status === 'running' ? ' and is still going' : ''}.
          </span>
          <button className="app-link-btn" onClick={() => go('experiments')}>
            See it on the Experiments page
          </button>
        </div>
      </section>
    );
  const last = epochs.at(-1);
  const batchShare = p && p.batches > 0 ? p.batch / p.batches : 0;
  const overall = p && p.epochs > 0 ? (p.epoch - 1 + batchShare) / p.epochs : 0;
  return (
    <section className="app-card app-live">
      <div className="app-card-head">
        <h3>{experimentName ? `Run “${experimentName}”` : 'Training'}</h3>
        {backend && <span className="app-muted">on {backendLabel}</span>}
      </div>
      <div className="app-live-status" data-testid="training-status" data-status={shown}>
        {offline ? (
          <span className="app-badge app-badge-interrupted" data-testid="offline-badge">
            {connection === 'lost' ? 'Connection lost' : 'Reconnecting…'}
          </span>
        ) : shown === 'paused' ? (
          <span className="app-badge app-badge-paused" data-testid="paused-badge">
            Paused
          </span>
        ) : status ? (
          <StatusBadge status={status} />
        ) : (
          <span className="app-badge">Not started</span>
        )}
        <span>{offline ? 'The server cannot be reached, so this run’s progress is unknown. It reattaches when the server is back.' : shown === 'paused' ? 'Paused between two batches. Press “Continue” to go on.' : status ? STATUS_TEXT[status] : 'Press “Start training” to train the model on the chosen data.'}</span>
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
      {offline ? (
        <ProgressBar testId="training-progress" value={overall} caption="Waiting for the server…" />
      ) : status === 'running' && p && paused ? (
        <ProgressBar testId="training-progress" value={overall} caption={`Paused at epoch ${p.epoch}/${p.epochs} · batch ${int(p.batch)}/${int(p.batches)}`} />
      ) : status === 'running' && p ? (
        <ProgressBar
          testId="training-progress"
          value={overall}
          caption={`Epoch ${p.epoch}/${p.epochs} · batch ${int(p.batch)}/${int(p.batches)} · loss ${num(p.loss)} · acc ${pct(p.accuracy, 1)} · ${int(p.samplesPerSec)} samples/s · about ${duration(p.etaSeconds)} left`}
        />
      ) : (
        <ProgressBar testId="training-progress" value={status === 'completed' ? 1 : 0} caption={status === 'running' ? 'Preparing data and model…' : status === 'completed' ? 'All epochs done.' : 'No run in progress.'} />
      )}
      <div className="app-chart-help">
        Reading the curves: what overfitting looks like
        <ConceptHelp concept="overfitting" align="end" />
      </div>
      <MetricsChart key={experimentId ?? 'none'} epochs={epochs} live={live} testId="training-chart" />
    </section>
  );
}
