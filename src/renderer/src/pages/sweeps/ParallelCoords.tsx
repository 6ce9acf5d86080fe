import type { SweepDetail } from '../../../../shared/api/types';
import { metricColor, metricScale, paramScale } from './plot-scales';

const W = 720;
const H = 260;
const PAD = { top: 24, bottom: 28, left: 48, right: 48 };

/** One vertical axis per searched parameter plus the metric; one line per trial; the best drawn on top. */
export function ParallelCoords({ sweep }: { sweep: SweepDetail }) {
  const trials = sweep.trials;
  const axes = [...sweep.plan.space.map((p) => paramScale(p.key, trials)), metricScale(trials)];
  const mScale = axes[axes.length - 1];
  const x = (i: number) =>
    PAD.left + (axes.length === 1 ? 0 : (i * (W - PAD.left - PAD.right)) / (axes.length - 1));
  const y = (p: number) => PAD.top + (1 - p) * (H - PAD.top - PAD.bottom);
  const bestIndex = sweep.bestTrial?.index ?? -1;
  const ordered = [...trials].sort((a, b) => Number(a.index === bestIndex) - Number(b.index === bestIndex));
  return (
    <svg
      className="sweep-plot"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label="Parallel coordinates of the trials"
      data-testid="parallel-coords"
    >
      {axes.map((a, i) => (
        <g key={a.key}>
          <line x1={x(i)} x2={x(i)} y1={y(0)} y2={y(1)} stroke="#adb5bd" />
          <text x={x(i)} y={12} textAnchor="middle" className="sweep-axis-title">
            {a.key === 'metric' ? 'val. accuracy' : a.key}
          </text>
          {a.ticks.map((t) => (
            <text key={t.label} x={x(i) - 4} y={y(t.at) + 3} textAnchor="end" className="sweep-tick">
              {t.label}
            </text>
          ))}
        </g>
      ))}
      {ordered.map((t) => {
        const pts = axes.map((a, i) => {
          const p = a.key === 'metric' ? a.pos(t.metric) : a.pos(t.params[a.key]);
          return p === null ? null : `${x(i)},${y(p)}`;
        });
        const best = t.index === bestIndex;
        return (
          <polyline
            key={t.index}
            points={pts.filter(Boolean).join(' ')}
            fill="none"
            stroke={best ? 'var(--app-warn)' : metricColor(t.metric, mScale)}
            strokeWidth={best ? 3.5 : 1.6}
            strokeDasharray={t.metric === null ? '4 3' : undefined}
            data-trial={t.index + 1}
            data-best={best || undefined}
          >
            <title>{`#${t.index + 1}: ${t.state}, ${t.metric === null ? '—' : `${(t.metric * 100).toFixed(2)} %`}`}</title>
          </polyline>
        );
      })}
    </svg>
  );
}
