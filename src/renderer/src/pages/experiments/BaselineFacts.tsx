import { baselineVerdict, type BaselineFigures } from '../../../../shared/metrics/baseline';
import { num, pct } from '../../ui/format';

/**
 * The run's test figures beside the simple models trained on the same training rows and scored on the same
 * test split, with a plain sentence when the network does not beat them.
 */
export function BaselineFacts({ accuracy, macroF1, baseline }: { accuracy: number; macroF1: number; baseline: BaselineFigures | null }) {
  if (!baseline) return <p className="app-muted">This run was trained before baselines were kept; train it again to compare.</p>;
  const verdict = baselineVerdict(accuracy, baseline);
  const { logistic, majority } = baseline;
  return (
    <div data-testid="baseline">
      <table className="app-table app-table-compact">
        <thead>
          <tr>
            <th>Model (same split)</th>
            <th className="app-num">Accuracy</th>
            <th className="app-num">Macro F1</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>This model</td>
            <td className="app-num">{pct(accuracy, 1)}</td>
            <td className="app-num">{num(macroF1, 3)}</td>
          </tr>
          <tr data-testid="baseline-logistic">
            <td title={`Trained in ${logistic.seconds.toFixed(1)} s on ${logistic.trainCount} training rows (${logistic.features}).`}>
              Logistic regression
            </td>
            <td className="app-num">{pct(logistic.accuracy, 1)}</td>
            <td className="app-num">{num(logistic.macroF1, 3)}</td>
          </tr>
          <tr data-testid="baseline-majority">
            <td>Always “{majority.className}” (the most common class)</td>
            <td className="app-num">{pct(majority.accuracy, 1)}</td>
            <td className="app-num">{num(majority.macroF1, 3)}</td>
          </tr>
        </tbody>
      </table>
      <p className="app-muted">
        The logistic regression read {logistic.features}, from {logistic.trainCount} training rows of this run.
      </p>
      {verdict && (
        <p className="app-warning" role="status" data-testid="baseline-verdict">
          {verdict}
        </p>
      )}
    </div>
  );
}
