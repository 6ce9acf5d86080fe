import type { ColumnStats } from '../../../../shared/api/types';

const ROLE = { feature: 'feature', label: 'label', ignore: 'ignored' } as const;
const fmt = (n: number | null) => (n === null ? '—' : Number(n.toPrecision(4)).toLocaleString());

/** One small card per column: type, role, missing and distinct counts, range, and a mini histogram. */
export function ColumnStatsList({ stats }: { stats: ColumnStats[] }) {
  if (stats.length === 0) return null;
  return (
    <div className="ds-stats" data-testid="column-stats">
      {stats.map((s) => {
        const max = Math.max(1, ...s.histogram.map((h) => h.count));
        return (
          <div key={s.name} className={`ds-stat${s.role === 'ignore' ? ' ds-stat-off' : ''}`} data-testid={`column-stats-${s.name}`} data-role={s.role}>
            <div>
              <strong>{s.name}</strong> <span className="app-tag">{s.type}</span> <span className={s.role === 'label' ? 'app-chip' : 'app-muted'}>{ROLE[s.role]}</span>
            </div>
            <small className="app-muted">
              {s.missing} missing · {s.distinct.toLocaleString()} distinct
              {s.min !== null && ` · ${fmt(s.min)} … ${fmt(s.max)} (mean ${fmt(s.mean)})`}
            </small>
            <div className="ds-hist" aria-label={`${s.name} histogram`}>
              {s.histogram.map((h) => (
                <span key={h.label} title={`${h.label}: ${h.count}`} style={{ height: `${(h.count / max) * 100}%` }} />
              ))}
            </div>
          </div>
        );
      })}
    </div>
  );
}
