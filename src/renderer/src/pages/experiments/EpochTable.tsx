import type { EpochMetrics } from '../../../../shared/api/types';
import { duration, num, pct } from '../../ui/format';

/** Per-epoch numbers under the detail chart. */
export function EpochTable({ epochs }: { epochs: EpochMetrics[] }) {
  if (epochs.length === 0) return <p className="app-muted">No finished epochs yet.</p>;
  return (
    <table className="app-table app-table-compact" data-testid="epoch-table">
      <thead>
        <tr>
          <th className="app-num">Epoch</th>
          <th className="app-num">Loss</th>
          <th className="app-num">Accuracy</th>
          <th className="app-num">Val loss</th>
          <th className="app-num">Val accuracy</th>
          <th className="app-num">Time</th>
        </tr>
      </thead>
      <tbody>
        {epochs.map((e) => (
          <tr key={e.epoch}>
            <td className="app-num">{e.epoch}</td>
            <td className="app-num">{num(e.loss)}</td>
            <td className="app-num">{pct(e.accuracy)}</td>
            <td className="app-num">{num(e.valLoss)}</td>
            <td className="app-num">{pct(e.valAccuracy)}</td>
            <td className="app-num">{duration(e.seconds)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
