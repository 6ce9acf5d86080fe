import type { SweepTrial } from '../../../../shared/api/types';

/** Maps a trial's value on one axis to 0..1 (bottom..top), with tick labels. */
export interface AxisScale {
  key: string;
  pos(v: number | string | boolean | null | undefined): number | null;
  ticks: { at: number; label: string }[];
}

const short = (v: number) =>
  Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0)
    ? v.toExponential(0)
    : String(Number(v.toPrecision(3)));

/** A scale for one searched parameter: log when positive and spanning ≥ 20×, linear numbers, else categories. */
export function paramScale(key: string, trials: SweepTrial[]): AxisScale {
  const values = trials.map((t) => t.params[key]);
  if (values.length && values.every((v) => typeof v === 'number')) {
    const nums = values as number[];
    const [lo, hi] = [Math.min(...nums), Math.max(...nums)];
    const log = lo > 0 && hi / lo >= 20;
    const f = (v: number) => (log ? Math.log10(v) : v);
    const span = f(hi) - f(lo);
    const pos = (v: unknown) => (typeof v !== 'number' ? null : span === 0 ? 0.5 : (f(v) - f(lo)) / span);
    const distinct = [...new Set(nums)].sort((a, b) => a - b);
    const tickValues =
      distinct.length <= 6 ? distinct : [lo, log ? 10 ** ((f(lo) + f(hi)) / 2) : (lo + hi) / 2, hi];
    return { key, pos, ticks: tickValues.map((v) => ({ at: pos(v) ?? 0.5, label: short(v) })) };
  }
  const cats = [...new Set(values.map(String))];
  const pos = (v: unknown) => {
    const i = cats.indexOf(String(v));
    return i < 0 ? null : cats.length === 1 ? 0.5 : i / (cats.length - 1);
  };
  return { key, pos, ticks: cats.map((c) => ({ at: pos(c) ?? 0.5, label: c })) };
}

/** The metric axis: 0..1 accuracy stretched to the trials' range (with a little room). */
export function metricScale(trials: SweepTrial[]): AxisScale {
  const ms = trials.map((t) => t.metric).filter((m): m is number => m !== null);
  const lo = ms.length ? Math.max(0, Math.min(...ms) - 0.02) : 0;
  const hi = ms.length ? Math.min(1, Math.max(...ms) + 0.02) : 1;
  const span = hi - lo || 1;
  const pos = (v: unknown) => (typeof v === 'number' ? (v - lo) / span : null);
  return {
    key: 'metric',
    pos,
    ticks: [lo, (lo + hi) / 2, hi].map((v) => ({ at: pos(v) ?? 0, label: `${(v * 100).toFixed(1)}%` })),
  };
}

/** Colour of a trial line by its metric (low = pale, high = strong blue). */
export function metricColor(m: number | null, scale: AxisScale): string {
  if (m === null) return '#ced4da';
  const t = Math.max(0, Math.min(1, scale.pos(m) ?? 0));
  return `hsl(212, ${40 + 40 * t}%, ${78 - 40 * t}%)`;
}
