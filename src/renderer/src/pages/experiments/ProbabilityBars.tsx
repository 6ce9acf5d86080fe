import type { PredictResult } from '../../../../shared/api/predict-types';

/** One bar per class, most likely first, with the percentage written out. */
export function ProbabilityBars({ result }: { result: PredictResult }) {
  const order = result.classes.map((c, k) => ({ c, p: result.probabilities[k] ?? 0 })).sort((a, b) => b.p - a.p);
  return (
    <div className="app-prob-bars" data-testid="tryit-probabilities" aria-label="Class probabilities">
      <div>
        Predicted: <strong data-testid="tryit-predicted">{result.predicted}</strong>
      </div>
      {order.slice(0, 10).map(({ c, p }) => (
        <div key={c} className="app-prob-row" data-testid="tryit-prob-row" data-class={c} data-p={p}>
          <span className="app-prob-label">{c}</span>
          <span className="app-prob-track">
            <span className="app-prob-fill" style={{ width: `${(p * 100).toFixed(1)}%` }} />
          </span>
          <span className="app-num">{(p * 100).toFixed(1)} %</span>
        </div>
      ))}
      {result.unknownTokens && result.unknownTokens.length > 0 && (
        <small className="app-muted" data-testid="tryit-unknown">
          Words the vocabulary does not hold (read as “unknown”): {result.unknownTokens.join(', ')}
        </small>
      )}
      {result.tokensCut ? <small className="app-muted"> {result.tokensCut} word(s) past the model’s length were not read.</small> : null}
    </div>
  );
}
