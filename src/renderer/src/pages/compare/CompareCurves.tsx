import type { ComparedExperiment, EpochMetrics } from '../../../../shared/api/types';
import { epochTicks, valueTicks } from './axis-ticks';
import { colorOf } from './colors';

const W = 460;
const H = 240;
const PAD = { l: 52, r: 12, t: 12, b: 48 };

interface PanelProps {
  experiments: ComparedExperiment[];
  metric: 'loss' | 'accuracy';
}

/** One panel: train (solid) and validation (dashed) of every experiment, best epochs ringed. */
function Panel({ experiments, metric }: PanelProps) {
  const train = (e: EpochMetrics) => (metric === 'loss' ? e.loss : e.accuracy);
  const val = (e: EpochMetrics) => (metric === 'loss' ? e.valLoss : e.valAccuracy);
  const maxEpoch = Math.max(1, ...experiments.flatMap((x) => x.epochs.map((e) => e.epoch)));
  const values = experiments
    .flatMap((x) => x.epochs.flatMap((e) => [train(e), val(e)]))
    .filter((v): v is number => v != null && Number.isFinite(v));
  const top = metric === 'accuracy' ? 1 : Math.max(1e-9, ...values);
  const low = Math.min(top, ...values);
  // Accuracy from the nearest 10 % below the lowest value; loss with a little room under its lowest value.
  const bottom =
    metric === 'accuracy' ? Math.max(0, Math.floor(low * 10) / 10) : Math.max(0, low - 0.1 * (top - low));
  const iw = W - PAD.l - PAD.r;
  const ih = H - PAD.t - PAD.b;
  const x = (epoch: number) => PAD.l + (maxEpoch === 1 ? iw / 2 : ((epoch - 1) / (maxEpoch - 1)) * iw);
  const y = (v: number) => PAD.t + ih - ((v - bottom) / (top - bottom || 1)) * ih;
  const line = (pts: EpochMetrics[], f: (e: EpochMetrics) => number | null) =>
    pts
      .filter((e) => f(e) != null)
      .map((e) => `${x(e.epoch).toFixed(1)},${y(f(e) as number).toFixed(1)}`)
      .join(' ');
  const fmt = (v: number) => (metric === 'accuracy' ? `${Math.round(v * 100)} %` : String(v));
  const title = metric === 'loss' ? 'Loss' : 'Accuracy';
  return (
    <svg width={W} height={H} role="img" aria-label={`${title} by epoch`} data-metric={metric}>
      <rect x={PAD.l} y={PAD.t} width={iw} height={ih} fill="none" stroke="#dee2e6" />
      {valueTicks(bottom, top).map((v) => (
        <g key={`y${v}`} data-testid={`y-tick-${metric}`}>
          <line x1={PAD.l} x2={PAD.l + iw} y1={y(v)} y2={y(v)} stroke="#f1f3f5" />
          <text x={PAD.l - 6} y={y(v) + 3} textAnchor="end" fontSize={10} fill="#495057">
            {fmt(v)}
          </text>
        </g>
      ))}
      {epochTicks(maxEpoch).map((e) => (
        <g key={`x${e}`} data-testid={`epoch-tick-${metric}`}>
          <line x1={x(e)} x2={x(e)} y1={PAD.t + ih} y2={PAD.t + ih + 4} stroke="#868e96" />
          <text x={x(e)} y={PAD.t + ih + 15} textAnchor="middle" fontSize={10} fill="#495057">
            {e}
          </text>
        </g>
      ))}
      <text x={PAD.l + iw / 2} y={H - 18} textAnchor="middle" fontSize={11} fill="#495057">
        Epoch
      </text>
      <text x={12} y={PAD.t + ih / 2} textAnchor="middle" fontSize={11} fill="#495057" transform={`rotate(-90 12 ${PAD.t + ih / 2})`}>
        {title}
      </text>
      <text x={PAD.l + iw / 2} y={H - 3} textAnchor="middle" fontSize={10} fill="#495057">
        solid: training · dashed: validation · ring: best epoch
      </text>
      {experiments.map((ex, i) => {
        const best = ex.bestEpoch && ex.epochs.find((e) => e.epoch === ex.bestEpoch?.epoch);
        const bv = best ? (val(best) ?? train(best)) : null;
        return (
          <g key={ex.id} data-testid={`curve-${ex.name}`} stroke={colorOf(i)} fill="none" strokeWidth={2}>
            <polyline points={line(ex.epochs, train)} />
            <polyline points={line(ex.epochs, val)} strokeDasharray="6 4" />
            {best && bv != null && (
              <circle
                cx={x(best.epoch)}
                cy={y(bv)}
                r={6}
                strokeWidth={2}
                data-testid={`best-epoch-${ex.name}`}
              >
                <title>{`${ex.name}: best epoch ${best.epoch}`}</title>
              </circle>
            )}
          </g>
        );
      })}
    </svg>
  );
}

/** Overlaid learning curves of the compared experiments: loss and accuracy by epoch. */
export function CompareCurves({ experiments }: { experiments: ComparedExperiment[] }) {
  return (
    <div
      data-testid="compare-curves"
      data-series={experiments.filter((e) => e.epochs.length > 0).length}
      style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}
    >
      <ul className="compare-legend" aria-label="Runs">
        {experiments.map((e, i) => (
          <li key={e.id}>
            <svg width={22} height={8} aria-hidden="true">
              <line x1={0} x2={22} y1={4} y2={4} stroke={colorOf(i)} strokeWidth={3} />
            </svg>
            {e.name}
          </li>
        ))}
      </ul>
      <Panel experiments={experiments} metric="loss" />
      <Panel experiments={experiments} metric="accuracy" />
    </div>
  );
}
