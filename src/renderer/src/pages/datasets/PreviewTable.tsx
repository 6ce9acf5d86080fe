import type { DatasetPreview } from '../../../../shared/api/types';

/** One page of rows, with paging. */
export function PreviewTable({ preview, onPage }: { preview: DatasetPreview; onPage(offset: number): void }) {
  const size = Math.max(preview.rows.length, 1);
  const limit = 25;
  const last = Math.min(preview.offset + preview.rows.length, preview.total);
  const roles = new Map(preview.stats.map((s) => [s.name, s.role]));
  return (
    <div className="ds-preview">
      <div className="app-toolbar">
        <span className="app-muted">
          Rows {preview.total === 0 ? 0 : preview.offset + 1}–{last} of {preview.total.toLocaleString()}
        </span>
        <span className="app-toolbar-spacer" />
        <button type="button" className="app-btn" data-testid="preview-prev" disabled={preview.offset === 0} onClick={() => onPage(Math.max(0, preview.offset - limit))}>
          Previous
        </button>
        <button type="button" className="app-btn" data-testid="preview-next" disabled={last >= preview.total} onClick={() => onPage(preview.offset + Math.max(size, limit))}>
          Next
        </button>
      </div>
      <div className="ds-table-wrap">
        <table className="app-table app-table-compact" data-testid="preview-table">
          <thead>
            <tr>
              {preview.columns.map((c) => {
                const role = roles.get(c);
                return (
                  <th key={c} data-role={role} className={role === 'ignore' ? 'ds-col-off' : undefined} title={role === 'ignore' ? 'Ignored: not given to the model' : role === 'label' ? 'The label' : undefined}>
                    {c}
                    {role === 'label' && <span className="app-tag">label</span>}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((r, i) => (
              <tr key={preview.offset + i}>
                {r.map((v, j) => (
                  <td key={j} className={v === null ? 'app-muted' : undefined} title={v ?? 'missing'}>
                    {v === null ? '∅' : v.length > 60 ? `${v.slice(0, 59)}…` : v}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
