import { useState } from 'react';
import type { SweepDetail } from '../../../../shared/api/types';
import { trialLabel } from '../../../../shared/sweeps';
import { pct } from '../../ui/format';
import { ProgressBar } from '../../ui/ProgressBar';
import { MetricScatter } from './MetricScatter';
import { ParallelCoords } from './ParallelCoords';
import { TrialsTable } from './TrialsTable';
import { useSweeps } from './useSweeps';

/** One sweep: progress, best trial, parallel coordinates, metric scatters, the trials table. */
export function SweepView({ sweep, onCompare }: { sweep: SweepDetail; onCompare(ids: string[]): void }) {
  const cancel = useSweeps((s) => s.cancel);
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const best = sweep.bestTrial ? sweep.trials[sweep.bestTrial.index] : null;
  const chosen = sweep.trials.filter((t) => checked.has(t.experimentId)).map((t) => t.experimentId);
  const onCheck = (id: string, on: boolean) =>
    setChecked((s) => {
      const next = new Set(s);
      if (on && next.size < 8) next.add(id);
      else next.delete(id);
      return next;
    });
  return (
    <div className="sweep-view" data-testid="sweep-view" data-status={sweep.status}>
      <div className="app-card-head">
        <h2 className="sweep-title">{sweep.name}</h2>
        <span
          className={`app-badge app-badge-${sweep.status === 'running' ? 'running' : sweep.status === 'completed' ? 'completed' : 'cancelled'}`}
          data-testid="sweep-status"
          data-status={sweep.status}
        >
          {sweep.status}
        </span>
      </div>
      <div className="sweep-progress">
        <ProgressBar
          value={sweep.trialsTotal ? sweep.trialsDone / sweep.trialsTotal : 0}
          caption={`${sweep.trialsDone}/${sweep.trialsTotal} trials done${sweep.trialsRunning ? `, ${sweep.trialsRunning} training` : ''} · ${sweep.strategy} · ranked by ${sweep.metricName}`}
          testId="sweep-progress"
        />
        {sweep.status === 'running' && (
          <button className="app-btn" onClick={() => void cancel(sweep.id)} data-testid="sweep-cancel">
            Cancel sweep
          </button>
        )}
      </div>
      {sweep.message && <div className="app-warning">{sweep.message}</div>}
      {best && sweep.bestTrial && (
        <div className="app-notice sweep-best" data-testid="sweep-best" data-trial={best.index + 1}>
          <strong>
            Best: trial #{best.index + 1} — {pct(sweep.bestTrial.metric)}
          </strong>
          <span>{trialLabel(best.params)}</span>
          <button className="app-link-btn" onClick={() => onCompare([best.experimentId])}>
            open its experiment
          </button>
        </div>
      )}
      <div className="sweep-plots">
        <ParallelCoords sweep={sweep} />
        <MetricScatter sweep={sweep} />
      </div>
      <div className="app-actions">
        <button
          className="app-btn app-btn-primary"
          disabled={chosen.length < 1}
          onClick={() => onCompare(chosen)}
          data-testid="open-in-compare"
        >
          Open {chosen.length || ''} in comparison
        </button>
        <span className="app-muted">Tick 2–8 finished trials to compare them.</span>
      </div>
      <TrialsTable sweep={sweep} checked={checked} onCheck={onCheck} />
    </div>
  );
}
