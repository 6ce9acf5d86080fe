import type { RocCurve } from './roc';

/** One colour per drawn class (d3's category10). */
export const ROC_COLORS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];

/** At most this many curves are drawn (one colour each); the rest are only counted. */
export const ROC_MAX_CURVES = ROC_COLORS.length;

export interface RocChartCurve {
  className: string;
  auc: number | null;
  color: string;
  /** SVG path data in chart pixels; empty when the class has no curve (no positives or no negatives). */
  d: string;
}

/** `full`: both axes 0..1. `zoom`: the top-left corner, false-positive rate on a log scale. */
export type RocView = 'full' | 'zoom';

/** Everything needed to draw ROC curves: plot square, ticks, one path per drawn class, legend. */
export interface RocChartModel {
  width: number;
  height: number;
  view: RocView;
  plot: { x: number; y: number; size: number };
  xTicks: { label: string; x: number }[];
  yTicks: { label: string; y: number }[];
  xLabel: string;
  /** Path of the chance diagonal (true-positive rate = false-positive rate). */
  diagonal: string;
  curves: RocChartCurve[];
  legend: { x: number; y: number; rowHeight: number };
  /** Binary: the single curve is the positive class's. */
  binary: boolean;
  /** Classes not drawn (over `ROC_MAX_CURVES`). */
  hidden: number;
  total: number;
}

const PAD = { l: 44, t: 10, b: 34 };
const LEGEND_GAP = 16;
const LEGEND_W = 170;
const ROW = 16;
const Y_FLOORS = [0.99, 0.98, 0.95, 0.9, 0.8, 0.5, 0];

/** The zoomed view by default when every drawn curve is so good (AUC ≥ 0.98) that the whole one hugs the corner. */
export function defaultRocView(roc: RocCurve[], maxCurves = ROC_MAX_CURVES): RocView {
  const aucs = roc
    .slice(0, maxCurves)
    .map((c) => c.auc)
    .filter((a): a is number => a !== null);
  return aucs.length > 0 && Math.min(...aucs) >= 0.98 ? 'zoom' : 'full';
}

/** Highest true-positive rate a curve reaches at a false-positive rate of at most `fpr`. */
const tprAt = (c: RocCurve, fpr: number) =>
  c.fpr.reduce((best, f, i) => (f <= fpr && c.tpr[i] > best ? c.tpr[i] : best), 0);

const trim = (v: number) => String(Number(v.toFixed(4)));

/**
 * Geometry of a ROC chart: points closer than a pixel to the previous kept one are dropped,
 * so curves of large test splits stay small without visibly changing shape. The zoomed view
 * puts the false-positive rate on a log scale (from the power of ten under the smallest
 * non-zero rate) and starts the true-positive axis where every curve has risen to, one decade in.
 */
export function rocChartModel(
  roc: RocCurve[],
  opts: { size?: number; maxCurves?: number; binary?: boolean; view?: RocView } = {},
): RocChartModel {
  const size = opts.size ?? 220;
  const max = opts.maxCurves ?? ROC_MAX_CURVES;
  const binary = opts.binary ?? roc.length === 1;
  const view = opts.view ?? 'full';
  const plot = { x: PAD.l, y: PAD.t, size };
  const drawn = roc.slice(0, max);
  const live = drawn.filter((c) => c.auc !== null);
  const minFpr = Math.min(1e-1, ...live.flatMap((c) => c.fpr.filter((f) => f > 0)));
  const decades = Math.max(1, Math.min(5, Math.ceil(-Math.log10(minFpr) - 1e-9)));
  const xFloor = 10 ** -decades;
  const yFloor =
    view === 'zoom'
      ? (Y_FLOORS.find((f) => live.every((c) => tprAt(c, xFloor * 10) >= f)) ?? 0)
      : 0;
  const fx = (f: number) =>
    view === 'zoom' ? (Math.log10(Math.max(f, xFloor)) + decades) / decades : f;
  const fy = (t: number) => (t - yFloor) / (1 - yFloor);
  const px = (f: number) => plot.x + fx(f) * size;
  const py = (t: number) => plot.y + (1 - fy(t)) * size;
  const line = (fpr: number[], tpr: number[]) => {
    const parts: string[] = [];
    let lx = NaN;
    let ly = NaN;
    const last = fpr.length - 1;
    for (let k = 0; k <= last; k++) {
      const x = px(fpr[k]);
      const y = py(tpr[k]);
      if (k > 0 && k < last && Math.abs(x - lx) < 1 && Math.abs(y - ly) < 1) continue;
      parts.push(`${k === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`);
      lx = x;
      ly = y;
    }
    return parts.join('');
  };
  const curves = drawn.map(
    (c, i): RocChartCurve => ({
      className: c.className,
      auc: c.auc,
      color: ROC_COLORS[i % ROC_COLORS.length],
      d: c.auc !== null && c.fpr.length ? line(c.fpr, c.tpr) : '',
    }),
  );
  const diag =
    view === 'zoom' ? Array.from({ length: 41 }, (_, i) => yFloor + ((1 - yFloor) * i) / 40) : [0, 1];
  const rows = curves.length + (roc.length > max ? 1 : 0);
  return {
    width: plot.x + size + LEGEND_GAP + LEGEND_W,
    height: Math.max(plot.y + size + PAD.b, plot.y + rows * ROW + 8),
    view,
    plot,
    xTicks:
      view === 'zoom'
        ? Array.from({ length: decades + 1 }, (_, i) => ({
            label: trim(10 ** (i - decades)),
            x: px(10 ** (i - decades)),
          }))
        : [0, 0.25, 0.5, 0.75, 1].map((v) => ({ label: trim(v), x: px(v) })),
    yTicks: [0, 0.25, 0.5, 0.75, 1].map((f) => {
      const v = yFloor + f * (1 - yFloor);
      return { label: trim(v), y: py(v) };
    }),
    xLabel: view === 'zoom' ? 'false positive rate (log scale)' : 'false positive rate',
    diagonal: line(diag, diag),
    curves,
    legend: { x: plot.x + size + LEGEND_GAP, y: plot.y + 4, rowHeight: ROW },
    binary,
    hidden: Math.max(0, roc.length - max),
    total: roc.length,
  };
}

/** An AUC with four decimals, more when that would round a value under 1 up to "1.0000" (six, cut rather than rounded, at most). */
export function formatAuc(auc: number | null): string {
  if (auc === null || !Number.isFinite(auc)) return '—';
  for (let d = 4; d < 6; d++) if (auc === 1 || auc.toFixed(d) !== (1).toFixed(d)) return auc.toFixed(d);
  return (Math.floor(auc * 1e6) / 1e6).toFixed(6);
}

/** Legend text of one curve: class name (binary: the positive class) and its AUC. */
export function rocLegendLabel(c: RocChartCurve, binary: boolean): string {
  const name = binary ? `${c.className} (positive)` : c.className;
  return `${name} · AUC ${formatAuc(c.auc)}`;
}

/** Note under the chart when some classes are not drawn. */
export function rocHiddenNote(m: RocChartModel): string | null {
  return m.hidden > 0
    ? `${m.total - m.hidden} of ${m.total} classes drawn; every AUC is in the table.`
    : null;
}

const escXml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/**
 * ROC curves as a self-contained SVG string (the HTML report), drawn like the app's RocChart
 * in its default view. `id` names the clip path: unique per chart in one document.
 */
export function rocSvg(
  roc: RocCurve[],
  opts: { size?: number; maxCurves?: number; view?: RocView; id?: string } = {},
): string {
  const m = rocChartModel(roc, { ...opts, view: opts.view ?? defaultRocView(roc, opts.maxCurves) });
  const { x, y, size } = m.plot;
  const clip = escXml(opts.id ?? 'roc-clip');
  const row = (i: number) => m.legend.y + i * m.legend.rowHeight;
  const parts: string[] = [
    `<defs><clipPath id="${clip}"><rect x="${x}" y="${y}" width="${size}" height="${size}"/></clipPath></defs>`,
    `<rect x="${x}" y="${y}" width="${size}" height="${size}" fill="none" stroke="#ccc"/>`,
    ...m.yTicks.map(
      (t) => `<text x="${x - 4}" y="${t.y + 3}" text-anchor="end" font-size="10">${t.label}</text>`,
    ),
    ...m.xTicks.map(
      (t) => `<text x="${t.x}" y="${y + size + 12}" text-anchor="middle" font-size="10">${t.label}</text>`,
    ),
    `<text x="${x + size / 2}" y="${y + size + 28}" text-anchor="middle" font-size="11">${m.xLabel}</text>`,
    `<text x="10" y="${y + size / 2}" text-anchor="middle" font-size="11" transform="rotate(-90 10 ${y + size / 2})">true positive rate</text>`,
    `<g clip-path="url(#${clip})"><path d="${m.diagonal}" stroke="#adb5bd" stroke-dasharray="4 4" fill="none"/>`,
    ...m.curves
      .filter((c) => c.d)
      .map(
        (c) =>
          `<path d="${c.d}" fill="none" stroke="${c.color}" stroke-width="1.5"><title>${escXml(rocLegendLabel(c, m.binary))}</title></path>`,
      ),
    '</g>',
    ...m.curves.map(
      (c, i) =>
        `<rect x="${m.legend.x}" y="${row(i)}" width="10" height="10" fill="${c.d ? c.color : '#fff'}" stroke="${c.color}"/><text x="${m.legend.x + 15}" y="${row(i) + 9}" font-size="11">${escXml(rocLegendLabel(c, m.binary))}</text>`,
    ),
  ];
  const note = rocHiddenNote(m);
  if (note)
    parts.push(
      `<text x="${m.legend.x}" y="${row(m.curves.length) + 9}" font-size="10" fill="#777">+${m.hidden} more not drawn</text>`,
    );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${m.width}" height="${m.height}" viewBox="0 0 ${m.width} ${m.height}" role="img" aria-label="ROC curves">${parts.join('')}</svg>${
    note ? `<p class="muted">${escXml(note)}</p>` : ''
  }`;
}
