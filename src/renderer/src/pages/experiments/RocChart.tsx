import { useId, useState } from 'react';
import type { RocCurve } from '../../../../shared/metrics/roc';
import {
  defaultRocView,
  rocChartModel,
  rocHiddenNote,
  rocLegendLabel,
  type RocView,
} from '../../../../shared/metrics/roc-chart';

interface Props {
  roc: RocCurve[];
  /** Side of the plot square in pixels. */
  size?: number;
  title?: string;
  testId?: string;
  /** Start in this view (default: zoomed when every curve has AUC ≥ 0.98). */
  view?: RocView;
}

const VIEWS: [RocView, string, string][] = [
  ['full', 'Whole curve', 'Both rates from 0 to 1'],
  ['zoom', 'Top-left, log scale', 'The corner where good classifiers differ: false-positive rate on a log scale'],
];

/**
 * ROC curves as a pure SVG: one curve per class (one-vs-rest; binary: the positive class),
 * the chance diagonal dashed, a legend with each class's AUC. Hovering a legend row highlights its curve.
 */
export function RocChart({ roc, size = 220, title, testId = 'roc-chart', view: initial }: Props) {
  const [hover, setHover] = useState<number | null>(null);
  const [view, setView] = useState<RocView>(initial ?? defaultRocView(roc));
  const clipId = `roc-clip-${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
  if (roc.length === 0) return null;
  const m = rocChartModel(roc, { size, view });
  const { x, y } = m.plot;
  const s = m.plot.size;
  const note = rocHiddenNote(m);
  return (
    <figure style={{ margin: 0 }}>
      {title && <figcaption className="app-muted">{title}</figcaption>}
      <div style={{ display: 'flex', gap: 6, margin: '4px 0' }} role="group" aria-label="ROC view">
        {VIEWS.map(([v, label, hint]) => (
          <button
            key={v}
            type="button"
            className={`app-btn ${view === v ? 'app-btn-primary' : ''}`}
            style={{ padding: '2px 8px', fontSize: 12 }}
            aria-pressed={view === v}
            title={hint}
            data-testid={`${testId}-view-${v}`}
            onClick={() => setView(v)}
          >
            {label}
          </button>
        ))}
      </div>
      <svg
        width={m.width}
        height={m.height}
        data-testid={testId}
        data-view={m.view}
        role="img"
        aria-label={title ? `ROC curves: ${title}` : 'ROC curves'}
      >
        <defs>
          <clipPath id={clipId}>
            <rect x={x} y={y} width={s} height={s} />
          </clipPath>
        </defs>
        <rect x={x} y={y} width={s} height={s} fill="#fff" stroke="#dee2e6" />
        {m.xTicks.map((t, i) => (
          <g key={`x${i}`}>
            {i > 0 && i < m.xTicks.length - 1 && (
              <line x1={t.x} x2={t.x} y1={y} y2={y + s} stroke="#f1f3f5" />
            )}
            <text x={t.x} y={y + s + 12} textAnchor="middle" fontSize={10} fill="#495057">
              {t.label}
            </text>
          </g>
        ))}
        {m.yTicks.map((t, i) => (
          <g key={`y${i}`}>
            {i > 0 && i < m.yTicks.length - 1 && (
              <line x1={x} x2={x + s} y1={t.y} y2={t.y} stroke="#f1f3f5" />
            )}
            <text x={x - 4} y={t.y + 3} textAnchor="end" fontSize={10} fill="#495057">
              {t.label}
            </text>
          </g>
        ))}
        <text x={x + s / 2} y={y + s + 28} textAnchor="middle" fontSize={11} fill="#868e96">
          {m.xLabel}
        </text>
        <text
          x={10}
          y={y + s / 2}
          textAnchor="middle"
          fontSize={11}
          fill="#868e96"
          transform={`rotate(-90 10 ${y + s / 2})`}
        >
          true positive rate
        </text>
        <g clipPath={`url(#${clipId})`}>
          <path d={m.diagonal} stroke="#adb5bd" strokeDasharray="4 4" fill="none" data-testid="roc-diagonal">
            <title>chance (AUC 0.5)</title>
          </path>
          {m.curves.map((c, i) =>
            c.d ? (
              <path
                key={i}
                d={c.d}
                fill="none"
                stroke={c.color}
                strokeWidth={hover === i ? 3 : 1.5}
                strokeOpacity={hover === null || hover === i ? 1 : 0.2}
                data-testid={`roc-curve-${i}`}
                data-class={c.className}
              >
                <title>{rocLegendLabel(c, m.binary)}</title>
              </path>
            ) : null,
          )}
        </g>
        {m.curves.map((c, i) => (
          <g
            key={i}
            data-testid={`roc-legend-${i}`}
            onMouseEnter={() => setHover(i)}
            onMouseLeave={() => setHover(null)}
          >
            <rect
              x={m.legend.x}
              y={m.legend.y + i * m.legend.rowHeight}
              width={10}
              height={10}
              fill={c.d ? c.color : '#fff'}
              stroke={c.color}
            />
            <text
              x={m.legend.x + 15}
              y={m.legend.y + i * m.legend.rowHeight + 9}
              fontSize={11}
              fontWeight={hover === i ? 700 : 400}
            >
              {rocLegendLabel(c, m.binary)}
            </text>
          </g>
        ))}
        {m.hidden > 0 && (
          <text
            x={m.legend.x}
            y={m.legend.y + m.curves.length * m.legend.rowHeight + 9}
            fontSize={10}
            fill="#868e96"
          >
            {`+${m.hidden} more not drawn`}
          </text>
        )}
      </svg>
      {note && (
        <p className="app-muted" data-testid="roc-note">
          {note}
        </p>
      )}
    </figure>
  );
}
