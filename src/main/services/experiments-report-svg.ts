import type { EpochMetrics } from '../../shared/api/types';

/** Escape text for HTML/SVG. */
export const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const SERIES: {
  key: keyof EpochMetrics;
  label: string;
  color: string;
  dash: string;
  scale: 'loss' | 'acc';
}[] = [
  { key: 'loss', label: 'train loss', color: '#d9480f', dash: '', scale: 'loss' },
  { key: 'valLoss', label: 'val loss', color: '#f59f00', dash: '6 4', scale: 'loss' },
  { key: 'accuracy', label: 'train acc', color: '#1c7ed6', dash: '', scale: 'acc' },
  { key: 'valAccuracy', label: 'val acc', color: '#2f9e44', dash: '6 4', scale: 'acc' },
];

/** Learning curves as an inline SVG: loss on the left axis, accuracy (0..1) on the right, best epoch marked. */
export function curvesSvg(epochs: EpochMetrics[], bestEpoch: number | null, w = 480, h = 220): string {
  const pad = { l: 44, r: 44, t: 12, b: 28 };
  const iw = w - pad.l - pad.r;
  const ih = h - pad.t - pad.b;
  const maxEpoch = Math.max(1, ...epochs.map((e) => e.epoch));
  const losses = epochs
    .flatMap((e) => [e.loss, e.valLoss])
    .filter((v): v is number => v != null && Number.isFinite(v));
  const maxLoss = Math.max(1e-9, ...losses);
  const x = (epoch: number) => pad.l + (maxEpoch === 1 ? iw / 2 : ((epoch - 1) / (maxEpoch - 1)) * iw);
  const y = (v: number, scale: 'loss' | 'acc') => pad.t + ih - (scale === 'acc' ? v : v / maxLoss) * ih;
  const parts: string[] = [
    `<rect x="${pad.l}" y="${pad.t}" width="${iw}" height="${ih}" fill="none" stroke="#ccc"/>`,
    `<text x="${pad.l - 4}" y="${pad.t + 10}" text-anchor="end" font-size="10">${maxLoss.toFixed(2)}</text>`,
    `<text x="${pad.l - 4}" y="${pad.t + ih}" text-anchor="end" font-size="10">0</text>`,
    `<text x="${w - pad.r + 4}" y="${pad.t + 10}" font-size="10">100%</text>`,
    `<text x="${w - pad.r + 4}" y="${pad.t + ih}" font-size="10">0%</text>`,
    `<text x="${pad.l + iw / 2}" y="${h - 6}" text-anchor="middle" font-size="10">epoch (1–${maxEpoch})</text>`,
  ];
  if (bestEpoch != null)
    parts.push(
      `<line x1="${x(bestEpoch)}" x2="${x(bestEpoch)}" y1="${pad.t}" y2="${pad.t + ih}" stroke="#888" stroke-dasharray="2 3"/>`,
      `<text x="${x(bestEpoch) + 3}" y="${pad.t + 22}" font-size="10" fill="#555">best ${bestEpoch}</text>`,
    );
  SERIES.forEach((s, i) => {
    const pts = epochs
      .filter((e) => e[s.key] != null)
      .map((e) => `${x(e.epoch).toFixed(1)},${y(e[s.key] as number, s.scale).toFixed(1)}`);
    if (pts.length)
      parts.push(
        `<polyline points="${pts.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2" stroke-dasharray="${s.dash}"/>`,
      );
    parts.push(
      `<text x="${pad.l + 6 + i * 90}" y="${pad.t + ih - 6}" font-size="10" fill="${s.color}">${s.label}</text>`,
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="learning curves">${parts.join('')}</svg>`;
}

/** A confusion matrix as an SVG heat map: rows true, columns predicted, shade by row share. */
export function confusionSvg(confusion: number[][], classes: string[], cell = 28): string {
  const n = confusion.length;
  const left = 70;
  const top = 40;
  const size = left + n * cell + 10;
  const parts: string[] = [
    `<text x="${left + (n * cell) / 2}" y="12" text-anchor="middle" font-size="11">predicted</text>`,
    `<text x="10" y="${top + (n * cell) / 2}" font-size="11" transform="rotate(-90 10 ${top + (n * cell) / 2})" text-anchor="middle">true</text>`,
  ];
  confusion.forEach((row, t) => {
    const total = row.reduce((a, b) => a + b, 0) || 1;
    parts.push(
      `<text x="${left - 4}" y="${top + t * cell + cell / 2 + 4}" text-anchor="end" font-size="10">${esc(classes[t] ?? String(t))}</text>`,
    );
    row.forEach((v, p) => {
      const share = v / total;
      const fill =
        t === p ? `rgba(47,158,68,${0.1 + 0.9 * share})` : `rgba(224,49,49,${v ? 0.1 + 0.9 * share : 0})`;
      parts.push(
        `<rect x="${left + p * cell}" y="${top + t * cell}" width="${cell}" height="${cell}" fill="${fill}" stroke="#ddd"/>`,
      );
      if (v)
        parts.push(
          `<text x="${left + p * cell + cell / 2}" y="${top + t * cell + cell / 2 + 4}" text-anchor="middle" font-size="9">${v}</text>`,
        );
    });
  });
  confusion.forEach((_, p) =>
    parts.push(
      `<text x="${left + p * cell + cell / 2}" y="${top - 6}" text-anchor="middle" font-size="10">${esc(classes[p] ?? String(p))}</text>`,
    ),
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${top + n * cell + 10}" role="img" aria-label="confusion matrix">${parts.join('')}</svg>`;
}
