import type { ExperimentSummary } from '../../../../shared/api/types';
import { useDatasets } from '../../state/datasets';
import { useSystem } from '../../state/system';
import { dateTime, duration, elapsed, pct } from '../../ui/format';
import { StatusBadge } from '../../ui/StatusBadge';

interface Props {
  list: ExperimentSummary[];
  selectedId: string | null;
  onSelect(id: string): void;
}

/** One row per experiment, newest first; a click opens its details. */
export function ExperimentsTable({ list, selectedId, onSelect }: Props) {
  const datasets = useDatasets((s) => s.datasets);
  const candidates = useSystem((s) => s.backends?.candidates);
  const backendName = (b: string | null) => (b ? (candidates?.find((c) => c.name === b)?.label ?? b) : '—');
  const datasetName = (id: string) => datasets.find((d) => d.id === id)?.name ?? id;
  return (
    <table className="app-table" data-testid="experiments-table">
      <thead>
        <tr>
          <th>Name</th>
          <th>Status</th>
          <th>Dataset</th>
          <th className="app-num">Epochs</th>
          <th className="app-num">Best val acc</th>
          <th className="app-num">Test acc</th>
          <th className="app-col-optional">Backend</th>
          <th className="app-col-optional">Created</th>
          <th className="app-num">Duration</th>
        </tr>
      </thead>
      <tbody>
        {list.map((e) => (
          <tr
            key={e.id}
            data-testid={`experiment-row-${e.name}`}
            className={e.id === selectedId ? 'app-row-selected' : undefined}
            tabIndex={0}
            onClick={() => onSelect(e.id)}
            onKeyDown={(k) => (k.key === 'Enter' || k.key === ' ') && onSelect(e.id)}
          >
            <td className="app-strong app-wrap">{e.name}</td>
            <td>
              <StatusBadge status={e.status} testId="experiment-status" />
            </td>
            <td className="app-wrap">{datasetName(e.datasetId)}</td>
            <td className="app-num">
              {e.epochsDone}/{e.hyperparams.epochs}
            </td>
            <td className="app-num">{pct(e.bestValAccuracy)}</td>
            <td className="app-num" data-testid="experiment-test-accuracy" data-value={e.testAccuracy ?? ''}>
              {pct(e.testAccuracy)}
            </td>
            <td className="app-col-optional">{backendName(e.backend)}</td>
            <td className="app-col-optional">{dateTime(e.createdAt)}</td>
            <td className="app-num">{duration(elapsed(e.startedAt, e.finishedAt))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
