import type { Candidate } from './sweep-form';

/** The parameters a sweep may vary: a checkbox to include each, and the values or range to try. */
export function SweepParamsTable({
  offered,
  chosen,
  texts,
  errors,
  onToggle,
  onText,
}: {
  offered: Candidate[];
  chosen: Set<string>;
  texts: Record<string, string>;
  errors: Record<string, string>;
  onToggle(key: string, on: boolean): void;
  onText(key: string, text: string): void;
}) {
  return (
    <table className="sweep-params">
      <tbody>
        {offered.map((c) => {
          const err = errors[c.key];
          return (
            <tr key={c.key}>
              <td>
                <label className="app-field-inline">
                  <input
                    type="checkbox"
                    checked={chosen.has(c.key)}
                    onChange={(e) => onToggle(c.key, e.target.checked)}
                    data-testid={`sweep-param-${c.key}`}
                  />
                  {c.label}
                </label>
              </td>
              <td>
                <input
                  className="sweep-values"
                  value={texts[c.key] ?? ''}
                  disabled={!chosen.has(c.key)}
                  onChange={(e) => onText(c.key, e.target.value)}
                  data-testid={`sweep-values-${c.key}`}
                  aria-label={`Values of ${c.label} to try, separated by commas`}
                  aria-invalid={Boolean(err)}
                  aria-describedby={err ? `sweep-values-error-${c.key}` : undefined}
                />
                {err && (
                  <div className="app-error-text" id={`sweep-values-error-${c.key}`}>
                    {String(err)}
                  </div>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
