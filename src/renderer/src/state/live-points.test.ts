import { describe, expect, it } from 'vitest';
import { appendLive, livePoint, MAX_LIVE_POINTS, type LivePoint } from './live-points';
import { chartData } from '../ui/chart-data';

const progress = (epoch: number, batch: number, batches = 10, loss = 1) => ({
  experimentId: 'x', epoch, epochs: 3, batch, batches, loss, accuracy: 0.5, samplesPerSec: 1, etaSeconds: 1,
});

describe('live per-batch points', () => {
  it('places a batch on the epoch axis: epoch 2, batch 5 of 10 is 1.5', () => {
    expect(livePoint(progress(2, 5))?.x).toBe(1.5);
    expect(livePoint(progress(1, 10))?.x).toBe(1);
  });

  it('skips readings that cannot be drawn (no batches yet, NaN loss)', () => {
    expect(livePoint(progress(1, 0, 0))).toBeNull();
    expect(livePoint(progress(1, 1, 10, Number.NaN))).toBeNull();
  });

  it('keeps only readings that move forward', () => {
    let pts: LivePoint[] = [];
    pts = appendLive(pts, livePoint(progress(1, 2)));
    pts = appendLive(pts, livePoint(progress(1, 1)));
    pts = appendLive(pts, livePoint(progress(1, 2)));
    expect(pts.map((p) => p.x)).toEqual([0.2]);
  });

  it('thins a long run to stay under the cap and keeps the newest point', () => {
    let pts: LivePoint[] = [];
    for (let i = 1; i <= 5000; i++) pts = appendLive(pts, { x: i, loss: 1, accuracy: 0 });
    expect(pts.length).toBeLessThanOrEqual(MAX_LIVE_POINTS);
    expect(pts.at(-1)?.x).toBe(5000);
    expect(pts.map((p) => p.x)).toEqual([...pts.map((p) => p.x)].sort((a, b) => a - b));
  });
});

describe('chart data', () => {
  const epoch = (n: number, loss: number) => ({ epoch: n, loss, accuracy: 0.5, valLoss: loss + 1, valAccuracy: 0.4 }) as never;

  it('merges epoch and batch points on one sorted x axis, null where a series has no reading', () => {
    const [xs, loss, valLoss, , , liveLoss] = chartData([epoch(1, 0.9)], [
      { x: 0.5, loss: 1.2, accuracy: 0.3 },
      { x: 1, loss: 0.95, accuracy: 0.4 },
      { x: 1.5, loss: 0.8, accuracy: 0.5 },
    ]);
    expect(xs).toEqual([0.5, 1, 1.5]);
    expect(loss).toEqual([null, 0.9, null]);
    expect(valLoss).toEqual([null, 1.9, null]);
    expect(liveLoss).toEqual([1.2, 0.95, 0.8]);
  });

  it('is empty for a new run: no axis carried over from the previous one', () => {
    expect(chartData([], []).every((col) => col.length === 0)).toBe(true);
  });
});
