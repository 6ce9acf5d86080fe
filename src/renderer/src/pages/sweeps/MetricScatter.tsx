import type { SweepDetail } from '../../../../shared/api/types';
import { metricScale, paramScale } from './plot-scales';

const W = 230;
const H = 170;
const PAD = { top: 18, bottom: 30, left: 44, right: 10 };

/** One small scatter per searched parameter: its value (x) against the metric (y); the best trial stands out. */
export function MetricScatter({ sweep }: { sweep: SweepDetail }) {
  const m = metricScale(sweep.trials);
  const bestIndex = sweep.bestTrial?.index ?? -1;
  const x = (p: number) => PAD.left + p * (W - PAD.left - PAD.right);
  const y = (p: number) => PAD.top + (1 - p) * (H - PAD.top - PAD.bottom);
  return (
    <div className="sweep-scatter" data-testid="sweep-scatter">
      {sweep.plan.space.map((param) => {
        const s = paramScale(param.key, sweep.trials);
        return (
          <svg
            key={param.key}
            viewBox={`0 0 ${W} ${H}`}
            className="sweep-plot-small"
            role="img"
            aria-label={`Metric against ${param.key}`}
          >
            <text x={W / 2} y={H - 4} textAnchor="middle" className="sweep-axis-title">
              {param.key}
            </text>
            <line x1={x(0)} x2={x(1)} y1={y(0)} y2={y(0)} stroke="#adb5bd" />
            <line x1={x(0)} x2={x(0)} y1={y(0)} y2={y(1)} stroke="#adb5bd" />
            {s.ticks.map((t) => (
              <text key={t.label} x={x(t.at)} y={y(0) + 12} textAnchor="middle" className="sweep-tick">
                {t.label}
              </text>
            ))}
            {m.ticks.map((t) => (
              <text key={t.label} x={x(0) - 3} y={y(t.at) + 3} textAnchor="end" className="sweep-tick">
                {t.label}
              </text>
            ))}
            {sweep.trials.map((t) => {
              const px = s.pos(t.params[param.key]);
              const py = m.pos(t.metric);
              if (px === null || py === null) return null;
              const best = t.index === bestIndex;
              return (
                <circle
                  key={t.index}
                  cx={x(px)}
                  cy={y(py)}
                  r={best ? 6 : 4}
                  fill={best ? 'var(--app-warn)' : 'var(--app-accent)'}
                  opacity={best ? 1 : 0.7}
                  data-trial={t.index + 1}
                  data-best={best || undefined}
                >
                  <title>{`#${t.index + 1}: ${String(t.params[param.key])} → ${((t.metric ?? 0) * 100).toFixed(2)} %`}</title>
                </circle>
              );
            })}
          </svg>
        );
      })}
    </div>
  );
}
