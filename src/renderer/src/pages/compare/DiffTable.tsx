import type { DiffRow } from '../../../../shared/api/types';
import { colorOf } from './colors';

const show = (v: unknown) => (v === undefined ? '—' : Array.isArray(v) ? `[${v.join(', ')}]` : String(v));

/** Only the settings that differ: hyperparams, dataset version, and layer params as `layer.param`. */
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
            <td className="app-strong">{r.param}</td>
            {r.values.map((v, i) => (
              <td
                key={i}
                style={
                  i > 0 && JSON.stringify(v) !== JSON.stringify(r.values[0])
                    ? { background: '#fff9db' }
                    : undefined
                }
              >
                {show(v)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
