import type { ColumnStats } from '../../../../shared/api/types';

const ROLE = { feature: 'feature', label: 'label', ignore: 'ignored' } as const;
const fmt = (n: number | null) => (n === null ? '—' : Number(n.toPrecision(4)).toLocaleString());

/** A numeric column's ten bins as columns, with its lowest and highest value under them. */
function NumericHistogram({ s }: { s: ColumnStats }) {
  const max = Math.max(1, ...s.histogram.map((h) => h.count));
  return (
    <>
      <div className="ds-hist" role="img" aria-label={`${s.name}: values from ${fmt(s.min)} to ${fmt(s.max)}`}>
        {s.histogram.map((h) => (
          <span key={h.label} title={`${h.label}: ${h.count}`} style={{ height: `${(h.count / max) * 100}%` }} />
        ))}
      </div>
      <div className="ds-hist-axis" aria-hidden="true">
        <span>{fmt(s.min)}</span>
        <span>{fmt(s.max)}</span>
      </div>
    </>
  );
}

/**
 * A categorical (or boolean, text, date) column's most frequent values as labelled horizontal bars: unlabeled
 * columns say nothing about which category is which, so each bar carries its value and row count.
 */
function CategoryBars({ s }: { s: ColumnStats }) {
  const max = Math.max(1, ...s.histogram.map((h) => h.count));
  return (
    <ul className="ds-cat-bars" aria-label={`Most frequent values of ${s.name}`} data-testid={`category-bars-${s.name}`}>
      {s.histogram.map((h) => (
        <li key={h.label} data-testid="category-bar">
          <span className="ds-bar-label" title={h.label}>
            {h.label === '' ? '(empty)' : h.label}
          </span>
          <span className="ds-bar-track">
            <span className="ds-bar" style={{ width: `${(h.count / max) * 100}%` }} />
          </span>
          <span className="ds-bar-count">{h.count.toLocaleString()}</span>
        </li>
      ))}
      {s.distinct > s.histogram.length && (
        <li className="app-muted ds-cat-more">
          and {(s.distinct - s.histogram.length).toLocaleString()} more values
        </li>
      )}
    </ul>
  );
}

/** One small card per column: type, role, missing and distinct counts, range, and a labelled mini chart. */
export function ColumnStatsList({ stats }: { stats: ColumnStats[] }) {
  if (stats.length === 0) return null;
  return (
    <div className="ds-stats" data-testid="column-stats">
      {stats.map((s) => (
        <div key={s.name} className={`ds-stat${s.role === 'ignore' ? ' ds-stat-off' : ''}`} data-testid={`column-stats-${s.name}`} data-role={s.role}>
          <div>
            <strong>{s.name}</strong> <span className="app-tag">{s.type}</span> <span className={s.role === 'label' ? 'app-chip' : 'app-muted'}>{ROLE[s.role]}</span>
          </div>
          <small className="app-muted">
            {s.missing} missing · {s.distinct.toLocaleString()}
            {s.distinctCapped ? '+' : ''} distinct
            {s.min !== null && ` · ${fmt(s.min)} … ${fmt(s.max)} (mean ${fmt(s.mean)})`}
          </small>
          {s.type === 'numeric' ? <NumericHistogram s={s} /> : <CategoryBars s={s} />}
        </div>
      ))}
    </div>
  );
}
