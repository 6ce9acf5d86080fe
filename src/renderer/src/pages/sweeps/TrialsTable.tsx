import type { SweepDetail, SweepTrial } from '../../../../shared/api/types';
import { duration, pct } from '../../ui/format';

const STATE_CLASS: Record<SweepTrial['state'], string> = {
  queued: 'draft',
  running: 'running',
  interrupted: 'interrupted',
  completed: 'completed',
  failed: 'failed',
  cancelled: 'cancelled',
  stopped: 'cancelled',
  skipped: 'cancelled',
};

const show = (v: number | string | boolean) =>
  typeof v === 'number' ? String(Number(v.toPrecision(4))) : String(v);

/** Every trial with its values, state, progress and metric; checkboxes pick trials to compare. */
export function TrialsTable({
  sweep,
  checked,
  onCheck,
}: {
  sweep: SweepDetail;
  checked: Set<string>;
  onCheck(id: string, on: boolean): void;
}) {
  const keys = sweep.plan.space.map((p) => p.key);
  const bestIndex = sweep.bestTrial?.index ?? -1;
  return (
    <table className="app-table sweep-trials">
      <thead>
        <tr>
          <th />
          <th>#</th>
          {keys.map((k) => (
            <th key={k}>{k}</th>
          ))}
          <th>State</th>
          <th>Epochs</th>
          <th>Val. accuracy</th>
          <th>Test accuracy</th>
          <th>Time</th>
        </tr>
      </thead>
      <tbody>
        {sweep.trials.map((t) => {
          const best = t.index === bestIndex;
          return (
            <tr
              key={t.index}
              className={best ? 'sweep-best-row' : undefined}
              data-testid={`sweep-trial-${t.index + 1}`}
              data-state={t.state}
              data-best={best || undefined}
            >
              <td>
                <input
                  type="checkbox"
                  aria-label={`Select trial ${t.index + 1}`}
                  checked={checked.has(t.experimentId)}
                  disabled={t.epochsDone === 0}
                  onChange={(e) => onCheck(t.experimentId, e.target.checked)}
                  data-testid={`sweep-select-${t.index + 1}`}
                />
              </td>
              <td>
                {t.index + 1}
                {best && (
                  <span className="sweep-best-badge" title="Best trial">
                    ★ best
                  </span>
                )}
              </td>
              {keys.map((k) => (
                <td key={k}>{t.params[k] === undefined ? '—' : show(t.params[k])}</td>
              ))}
              <td>
                <span className={`app-badge app-badge-${STATE_CLASS[t.state]}`}>{t.state}</span>
                {t.rung > 0 && <span className="app-tag">rung {t.rung}</span>}
              </td>
              <td>
                {t.epochsDone}/{t.epochs}
              </td>
              <td>{pct(t.metric)}</td>
              <td>{pct(t.testAccuracy)}</td>
              <td>{duration(t.seconds)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
