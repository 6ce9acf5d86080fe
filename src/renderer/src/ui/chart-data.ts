import type uPlot from 'uplot';
import type { EpochMetrics } from '../../../shared/api/types';
import type { LivePoint } from '../state/live-points';

type Row = (number | null)[];

/**
 * Epoch points and per-batch points on one x axis (fractional epochs): uPlot wants one shared x, so each
 * series holds null where it has no reading and the lines span those gaps.
 */
export function chartData(epochs: EpochMetrics[], live: LivePoint[] = []): uPlot.AlignedData {
  const byX = new Map<number, { e?: EpochMetrics; l?: LivePoint }>();
  for (const e of epochs) byX.set(e.epoch, { ...byX.get(e.epoch), e });
  for (const l of live) byX.set(l.x, { ...byX.get(l.x), l });
  const xs = [...byX.keys()].sort((a, b) => a - b);
  const col = (f: (r: { e?: EpochMetrics; l?: LivePoint }) => number | null | undefined): Row => xs.map((x) => f(byX.get(x)!) ?? null);
  return [
    xs,
    col((r) => r.e?.loss),
    col((r) => r.e?.valLoss),
    col((r) => r.e?.accuracy),
    col((r) => r.e?.valAccuracy),
    col((r) => r.l?.loss),
    col((r) => r.l?.accuracy),
  ] as uPlot.AlignedData;
}
