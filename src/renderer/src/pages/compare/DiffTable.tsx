import type { DiffRow } from '../../../../shared/api/types';
import { colorOf } from './colors';

/** Only the settings that differ, by their labels ("Learning rate", "dense_1: Units"), values in words. */
export function DiffTable({ rows, names }: { rows: DiffRow[]; names: string[] }) {
  if (rows.length === 0)
    return (
      <p className="app-muted" data-testid="compare-diff" data-rows={0}>
        Same graph, same data, same settings.
      </p>
    );
  return (
    <table className="app-table app-table-compact" data-testid="compare-diff" data-rows={rows.length}>
      <thead>
        <tr>
          <th>Setting</th>
          {names.map((n, i) => (
            <th key={i} style={{ color: colorOf(i) }}>
              {n}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.param} data-testid={`diff-row-${r.param}`}>
            <td className="app-strong">{r.label}</td>
            {r.shown.map((v, i) => (
              <td key={i} style={i > 0 && v !== r.shown[0] ? { background: '#fff9db' } : undefined}>
                {v}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
