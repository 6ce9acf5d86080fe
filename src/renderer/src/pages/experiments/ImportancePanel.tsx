import { useEffect, useState } from 'react';
import type { StoredImportance } from '../../../../shared/api/predict-types';
import { api } from '../../api';
import { errorMessage } from '../../state/errors';

const points = (v: number) => `${v >= 0 ? '' : '−'}${Math.abs(v * 100).toFixed(1)}`;

/**
 * Which columns matter, over the whole test split (permutation importance): each raw column shuffled
 * among the rows in turn, and how much accuracy falls and log loss rises. Computed on request (one model
 * pass over the test split per column and repeat) and kept with the experiment: the last one computed on
 * the current model is shown when the panel opens, and is in the experiment's report.
 */
export function ImportancePanel({ id }: { id: string }) {
  const [r, setR] = useState<StoredImportance | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setR(null);
    api.call('experiments.explanations', { id }).then((e) => live && setR((shown) => shown ?? e.importance), () => undefined);
    return () => {
      live = false;
    };
  }, [id]);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setR(await api.call('experiments.importance', { id }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const biggest = Math.max(1e-9, ...(r?.columns.map((c) => Math.abs(c.accuracyDrop) + c.accuracyDropSd) ?? []));
  return (
    <div className="app-why" data-testid="importance-panel">
      <h4>Which columns matter</h4>
      <button type="button" className="app-btn" data-testid="importance-run" disabled={busy} onClick={() => void run()}>
        {busy ? 'Shuffling each column…' : r ? 'Again' : 'Shuffle each column on the test split'}
      </button>
      {error && <div className="app-error-text">{error}</div>}
      {r && (
        <>
          <small className="app-muted">
            Accuracy lost when a column's values are shuffled among the {r.rows} test rows (mean ± spread over {r.repeats} shuffles; the
            model's own accuracy is {(r.accuracy * 100).toFixed(1)} %), and the log loss gained. Near zero: the model hardly uses it.{' '}
            <span data-testid="importance-stored">Computed {new Date(r.createdAt).toLocaleString()}; kept with the experiment and in its report.</span>
          </small>
          <table className="app-table app-table-compact" data-testid="importance-table">
            <thead>
              <tr>
                <th>Column</th>
                <th>Accuracy lost</th>
                <th>points</th>
                <th>Log loss gained</th>
              </tr>
            </thead>
            <tbody>
              {r.columns.map((c) => (
                <tr key={c.column} data-testid="importance-row" data-column={c.column} data-drop={c.accuracyDrop}>
                  <td>{c.column}</td>
                  <td style={{ width: '45%' }}>
                    <span className="app-why-track" style={{ display: 'block' }}>
                      <span
                        className={c.accuracyDrop >= 0 ? 'app-why-for' : 'app-why-against'}
                        style={{ width: `${((Math.abs(c.accuracyDrop) / biggest) * 50).toFixed(1)}%`, [c.accuracyDrop >= 0 ? 'left' : 'right']: '50%' }}
                      />
                    </span>
                  </td>
                  <td className="app-num">
                    {points(c.accuracyDrop)} ± {(c.accuracyDropSd * 100).toFixed(1)}
                  </td>
                  <td className="app-num">
                    {c.logLossRise.toFixed(3)} ± {c.logLossRiseSd.toFixed(3)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
