import type { CsvInspection } from '../../../../shared/api/types';
import { retyped, type ColumnChoice } from './import-logic';

const TYPES = ['numeric', 'categorical', 'boolean', 'date', 'text'] as const;
const MISSING = [
  ['mean', 'fill with the mean'],
  ['median', 'fill with the median'],
  ['mostFrequent', 'fill with the most frequent'],
  ['constant', 'fill with a value'],
  ['drop', 'drop the row'],
] as const;

/** The inferred schema, one row per column: role, type, missing values, scaling, encoding, and why each default was chosen. */
export function SchemaTable({
  inspection,
  label,
  choices,
  onChange,
}: {
  inspection: CsvInspection;
  label: string;
  choices: Record<string, ColumnChoice>;
  onChange(col: string, c: ColumnChoice): void;
}) {
  return (
    <table className="app-table app-table-compact" data-testid="import-schema">
      <thead>
        <tr>
          <th>Column</th>
          <th>Role</th>
          <th>Type</th>
          <th>Missing values</th>
          <th>Scaling / encoding</th>
          <th>Examples</th>
        </tr>
      </thead>
      <tbody>
        {inspection.columns.map((col) => {
          const c = choices[col.name];
          const set = (patch: Partial<ColumnChoice>) => onChange(col.name, { ...c, ...patch });
          const isLabel = col.name === label;
          const off = isLabel || c.role === 'ignore';
          return (
            <tr key={col.name} className={isLabel ? 'app-row-selected' : off ? 'ds-row-off' : undefined} data-testid={`schema-row-${col.name}`} data-type={c.type} data-role={isLabel ? 'label' : c.role}>
              <td className="app-wrap">
                <strong>{col.name}</strong>
                {col.idLike && <span className="app-tag" title="Every value differs: probably an id">id-like</span>}
                {!isLabel && (
                  <small className="app-muted ds-reason" data-testid={`column-reason-${col.name}`}>
                    {' '}
                    {col.suggestion.reason}
                  </small>
                )}
              </td>
              <td>
                {isLabel ? (
                  <span className="app-chip">label</span>
                ) : (
                  <select data-testid={`column-role-${col.name}`} value={c.role} onChange={(e) => set({ role: e.target.value as ColumnChoice['role'] })}>
                    <option value="feature">feature</option>
                    <option value="ignore">ignore</option>
                  </select>
                )}
              </td>
              {isLabel ? (
                <td colSpan={3} className="app-muted">
                  What the model learns to predict: {col.distinct} classes in the sample{col.missing > 0 ? `; ${col.missing} rows without one are dropped` : ''}.
                </td>
              ) : (
                <>
                  <td>
                    <select
                      value={c.type}
                      disabled={off}
                      data-testid={`column-type-${col.name}`}
                      onChange={(e) => onChange(col.name, retyped(c, e.target.value as ColumnChoice['type']))}
                    >
                      {TYPES.map((t) => (
                        <option key={t}>{t}</option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <select value={c.missing} disabled={off} onChange={(e) => set({ missing: e.target.value as ColumnChoice['missing'] })}>
                      {MISSING.filter(([m]) => c.type === 'numeric' || (m !== 'mean' && m !== 'median')).map(([m, text]) => (
                        <option key={m} value={m}>
                          {text}
                        </option>
                      ))}
                    </select>
                    {c.missing === 'constant' && !off && (
                      <input className="ds-constant" value={c.constant} placeholder="value" onChange={(e) => set({ constant: e.target.value })} aria-label={`${col.name} constant`} />
                    )}
                    {col.missing > 0 && <small className="app-muted ds-missing"> {col.missing} missing in the sample</small>}
                  </td>
                  <td>
                    {c.type === 'date' && <span className="app-muted">year, month, day of year, weekday (hour) · </span>}
                    {(c.type === 'numeric' || c.type === 'date') && (
                      <select value={c.scaling} disabled={off} data-testid={`column-scaling-${col.name}`} onChange={(e) => set({ scaling: e.target.value as ColumnChoice['scaling'] })}>
                        <option value="none">no scaling</option>
                        <option value="minmax">min-max 0..1</option>
                        <option value="zscore">z-score</option>
                      </select>
                    )}
                    {c.type === 'categorical' && (
                      <select value={c.encoding} disabled={off} onChange={(e) => set({ encoding: e.target.value as ColumnChoice['encoding'] })}>
                        <option value="onehot">one-hot</option>
                        <option value="index">index</option>
                      </select>
                    )}
                    {c.type === 'categorical' && c.encoding === 'onehot' && (
                      <label className="ds-topk">
                        {' '}
                        top{' '}
                        <input
                          type="number"
                          min={1}
                          max={1000}
                          value={c.maxCategories}
                          disabled={off}
                          data-testid={`column-topk-${col.name}`}
                          aria-label={`${col.name}: categories kept`}
                          onChange={(e) => set({ maxCategories: Math.max(1, Math.min(1000, Math.round(Number(e.target.value)) || 1)) })}
                        />
                        {col.distinct > c.maxCategories ? ' + other' : ''}
                      </label>
                    )}
                    {c.type === 'text' && <span className="app-muted">tokenised</span>}
                    {c.type === 'boolean' && <span className="app-muted">0 / 1</span>}
                  </td>
                </>
              )}
              <td className="app-muted ds-examples" title={col.examples.join(' | ')}>
                {col.examples.slice(0, 3).join(' | ')}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
