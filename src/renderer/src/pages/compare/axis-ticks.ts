/** Whole epochs to label on an x axis from 1 to `maxEpoch`: every epoch when few, else a round step. */
export function epochTicks(maxEpoch: number, most = 10): number[] {
  const last = Math.max(1, Math.floor(maxEpoch));
  const step = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500].find((s) => Math.ceil(last / s) <= most) ?? Math.ceil(last / most);
  const ticks = [1];
  for (let e = step; e <= last; e += step) if (e > 1) ticks.push(e);
  return ticks;
}

/** Round values between `low` and `high` for y-axis gridlines (about `count` of them, ends included when round). */
export function valueTicks(low: number, high: number, count = 5): number[] {
  if (!(high > low)) return [low];
  const raw = (high - low) / (count - 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  // The round step whose number of ticks inside the range comes nearest `count` (the larger on a tie).
  const inside = (s: number) => Math.floor(high / s + 1e-9) - Math.ceil(low / s - 1e-9) + 1;
  const step = [20, 10, 5, 2.5, 2, 1]
    .map((m) => m * mag)
    .reduce((best, s) => (Math.abs(inside(s) - count) < Math.abs(inside(best) - count) ? s : best));
  const out: number[] = [];
  // Rounded to the step's precision so 0.30000000000000004 reads as 0.3.
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  for (let v = Math.ceil(low / step - 1e-9) * step; v <= high + 1e-9; v += step) out.push(Number(v.toFixed(digits)));
  return out;
}
