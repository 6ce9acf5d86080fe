import type { TrainingProgress } from '../../../shared/api/contract';

/** One per-batch reading for the live curves: x is the fractional epoch (epoch 2, batch 5 of 10 → 1.5). */
export interface LivePoint {
  x: number;
  loss: number;
  accuracy: number;
}

/** The most points one run keeps; past it every other point is dropped, so a long run stays cheap to draw. */
export const MAX_LIVE_POINTS = 600;

/** Where a progress event sits on the epoch axis (epoch 1 ends at x = 1). */
export function livePoint(p: TrainingProgress): LivePoint | null {
  if (!(p.batches > 0) || !Number.isFinite(p.loss)) return null;
  return { x: p.epoch - 1 + p.batch / p.batches, loss: p.loss, accuracy: p.accuracy };
}

/** Append a reading; points that do not move forward are ignored, and the list is thinned past the cap. */
export function appendLive(points: LivePoint[], next: LivePoint | null): LivePoint[] {
  if (!next) return points;
  const last = points.at(-1);
  if (last && next.x <= last.x) return points;
  const out = [...points, next];
  return out.length > MAX_LIVE_POINTS ? out.filter((_, i) => i % 2 === 1 || i === out.length - 1) : out;
}
