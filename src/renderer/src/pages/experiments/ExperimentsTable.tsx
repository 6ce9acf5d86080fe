import { ArrowDown, ArrowUp } from 'lucide-react';
import type { ExperimentSummary } from '../../../../shared/api/types';
import { useSystem } from '../../state/system';
import { dateTime, duration, elapsed, pct } from '../../ui/format';
import { StatusBadge } from '../../ui/StatusBadge';
import { useDatasets } from '../../state/datasets';
import { datasetLabel, type SortKey, type SortState } from './table-model';

interface Props {
  list: ExperimentSummary[];
  selectedId: string | null;
  onSelect(id: string): void;
  sort: SortState;
  onSort(key: SortKey): void;
  checked: Set<string>;
  onCheck(id: string, on: boolean): void;
}

const COLUMNS: { key: SortKey; label: string; num?: boolean; optional?: boolean; title?: string }[] = [
  { key: 'name', label: 'Name' },
  { key: 'status', label: 'Status' },
  { key: 'dataset', label: 'Dataset' },
  { key: 'optimizer', label: 'Optimizer', optional: true },
  { key: 'learningRate', label: 'LR', num: true, title: 'Learning rate' },
  { key: 'batchSize', label: 'Batch', num: true, optional: true },
  { key: 'bestVal', label: 'Best val acc (epoch)', num: true },
  { key: 'lastVal', label: 'Last val acc (epoch)', num: true, optional: true },
  { key: 'testAccuracy', label: 'Test acc', num: true },
  { key: 'backend', label: 'Backend', optional: true },
  { key: 'createdAt', label: 'Created', optional: true },
  { key: 'duration', label: 'Duration', num: true },
];

const withEpoch = (v: number | null, epoch: number | null) =>
  v == null ? '—' : `${pct(v)} (${epoch ?? '?'})`;

/** One row per experiment with a checkbox for comparing; headers sort; a click opens the details. */
export function ExperimentsTable({ list, selectedId, onSelect, sort, onSort, checked, onCheck }: Props) {
  const candidates = useSystem((s) => s.backends?.candidates);
  const datasets = useDatasets((s) => s.datasets);
  const backendName = (b: string | null) => (b ? (candidates?.find((c) => c.name === b)?.label ?? b) : '—');
  return (
    // Its own scroll box: on a laptop screen the table scrolls sideways rather than being cut off.
    <div className="app-table-scroll" data-testid="experiments-table-scroll">
      <table className="app-table" data-testid="experiments-table">
        <thead>
          <tr>
            <th aria-label="Select for comparison" />
            {COLUMNS.map((c) => (
              <th
                key={c.key}
                className={
                  [c.num ? 'app-num' : '', c.optional ? 'app-col-optional' : ''].join(' ').trim() || undefined
                }
                aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                title={c.title}
              >
                <button className="app-link-btn" data-testid={`sort-${c.key}`} onClick={() => onSort(c.key)}>
                  {c.label}
                  {sort.key === c.key &&
                    (sort.dir === 'asc' ? <ArrowUp size={12} /> : <ArrowDown size={12} />)}
                </button>
              </th>
            ))}
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
              onKeyDown={(k) =>
                k.target === k.currentTarget && (k.key === 'Enter' || k.key === ' ') && onSelect(e.id)
              }
            >
              <td onClick={(ev) => ev.stopPropagation()}>
                <input
                  type="checkbox"
                  data-testid={`select-${e.name}`}
                  aria-label={`Select ${e.name} for comparison`}
                  checked={checked.has(e.id)}
                  onChange={(ev) => onCheck(e.id, ev.target.checked)}
                />
              </td>
              <td className="app-strong app-wrap">
                {e.name}
                {e.tags.map((t) => (
                  <span key={t} className="app-tag">
                    {t}
                  </span>
                ))}
              </td>
              <td>
                <StatusBadge status={e.status} testId="experiment-status" />
              </td>
              <td className="app-wrap" data-testid="experiment-dataset">
                {datasetLabel(e, datasets)}
              </td>
              <td className="app-col-optional">{e.hyperparams.optimizer}</td>
              <td className="app-num">{e.hyperparams.learningRate}</td>
              <td className="app-num app-col-optional">{e.hyperparams.batchSize}</td>
              <td className="app-num">{withEpoch(e.bestValAccuracy, e.bestValEpoch)}</td>
              <td className="app-num app-col-optional">{withEpoch(e.lastValAccuracy, e.lastEpoch)}</td>
              <td
                className="app-num"
                data-testid="experiment-test-accuracy"
                data-value={e.testAccuracy ?? ''}
              >
                {pct(e.testAccuracy)}
              </td>
              <td className="app-col-optional">{backendName(e.backend)}</td>
              <td className="app-col-optional">{dateTime(e.createdAt)}</td>
              <td className="app-num">{duration(elapsed(e.startedAt, e.finishedAt))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
