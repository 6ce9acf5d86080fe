import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { EpochMetrics } from '../../../shared/api/types';
import type { LivePoint } from '../state/live-points';
import { chartData } from './chart-data';

const series = (label: string, stroke: string, scale: string, dash?: number[], live = false): uPlot.Series => ({
  label,
  stroke,
  scale,
  width: live ? 1 : 2,
  dash,
  spanGaps: true,
  alpha: live ? 0.55 : 1,
  points: { show: !live, size: 5 },
  value: (_u, v) => (v == null ? '—' : scale === 'acc' ? `${(v * 100).toFixed(2)} %` : v.toFixed(4)),
});

function options(width: number, height: number): uPlot.Options {
  return {
    width,
    height,
    legend: { live: false },
    scales: { x: { time: false }, loss: { auto: true }, acc: { range: [0, 1] } },
    axes: [
      { label: 'epoch', incrs: [1, 2, 5, 10, 20, 50, 100] },
      { scale: 'loss', label: 'loss' },
      { scale: 'acc', label: 'accuracy', side: 1, grid: { show: false }, values: (_u, v) => v.map((x) => `${Math.round(x * 100)}%`) },
    ],
    series: [
      { label: 'epoch' },
      series('train loss', '#d9480f', 'loss'),
      series('val loss', '#f59f00', 'loss', [6, 4]),
      series('train acc', '#1c7ed6', 'acc'),
      series('val acc', '#2f9e44', 'acc', [6, 4]),
      series('train loss (per batch)', '#d9480f', 'loss', undefined, true),
      series('train acc (per batch)', '#1c7ed6', 'acc', undefined, true),
    ],
  };
}

/**
 * Loss (left axis) and accuracy (right axis) per epoch, train solid and validation dashed; while a run goes
 * on, thin per-batch lines fill in between. Give each run its own `key` so a new run starts on clean axes.
 */
export function MetricsChart({ epochs, live = [], testId, height = 260 }: { epochs: EpochMetrics[]; live?: LivePoint[]; testId?: string; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const u = new uPlot(options(Math.max(200, el.clientWidth), height), chartData([]), el);
    plot.current = u;
    const ro = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [height]);

  useEffect(() => {
    plot.current?.setData(chartData(epochs, live));
  }, [epochs, live, height]);

  const empty = epochs.length === 0 && live.length === 0;
  return (
    <div className="app-chart" data-testid={testId} data-epochs={epochs.length} data-live-points={live.length}>
      {/* Before the first point the axes only compete with the message (the axis title ran into it at 1024 px). */}
      <div ref={box} style={empty ? { visibility: 'hidden' } : undefined} />
      {empty && <div className="app-chart-empty">The curves appear here once the first batches are done.</div>}
    </div>
  );
}
