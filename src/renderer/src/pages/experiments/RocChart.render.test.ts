import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { evaluatePredictions } from '../../../../shared/metrics/classification';
import { rocCurve, type RocCurve } from '../../../../shared/metrics/roc';
import { defaultRocView, formatAuc, rocChartModel, rocSvg } from '../../../../shared/metrics/roc-chart';
import { RocChart } from './RocChart';

// Three classes, eight samples: rows of probabilities, labels.
const probs = [
  [0.7, 0.2, 0.1],
  [0.5, 0.3, 0.2],
  [0.2, 0.6, 0.2],
  [0.3, 0.4, 0.3],
  [0.1, 0.2, 0.7],
  [0.2, 0.3, 0.5],
  [0.4, 0.4, 0.2],
  [0.1, 0.5, 0.4],
];
const labels = [0, 0, 1, 1, 2, 2, 0, 2];
const three = evaluatePredictions({ probs: probs.flat(), labels, width: 3 }, ['cat', 'dog', 'bird']);

const count = (html: string, re: RegExp) => html.match(re)?.length ?? 0;

describe('RocChart (server render)', () => {
  it('draws one path per class, the dashed diagonal and a legend with each AUC', () => {
    const html = renderToString(createElement(RocChart, { roc: three.roc }));
    expect(html).toContain('data-testid="roc-chart"');
    expect(count(html, /data-testid="roc-curve-\d+"/g)).toBe(3);
    expect(html).toContain('data-testid="roc-diagonal"');
    expect(html).toMatch(/stroke-dasharray="4 4"/);
    for (const [i, c] of three.roc.entries()) {
      expect(c.auc).not.toBeNull();
      expect(html).toContain(`data-class="${c.className}"`);
      expect(html).toContain(`${c.className} · AUC ${c.auc!.toFixed(4)}`);
      expect(html).toContain(`data-testid="roc-legend-${i}"`);
    }
    expect(html).not.toContain('data-testid="roc-note"');
  });

  it('binary: one curve, labelled as the positive class', () => {
    const b = evaluatePredictions({ probs: [0.9, 0.2, 0.6, 0.4], labels: [1, 0, 1, 0], width: 1 }, ['no', 'yes']);
    const html = renderToString(createElement(RocChart, { roc: b.roc }));
    expect(count(html, /data-testid="roc-curve-\d+"/g)).toBe(1);
    expect(html).toContain('yes (positive) · AUC 1.0000');
  });

  it('draws at most ten classes and says how many are left out', () => {
    const roc: RocCurve[] = Array.from({ length: 12 }, (_, c) =>
      rocCurve([0.9, 0.1, 0.6, 0.4], [true, false, c % 2 === 0, false], `c${c}`),
    );
    const html = renderToString(createElement(RocChart, { roc }));
    expect(count(html, /data-testid="roc-curve-\d+"/g)).toBe(10);
    expect(html).toContain('+2 more not drawn');
    expect(html).toContain('10 of 12 classes drawn');
  });

  it('a class without positives gets a legend row but no curve', () => {
    const roc = [rocCurve([0.9, 0.1], [true, false], 'a'), rocCurve([0.9, 0.1], [false, false], 'b')];
    const html = renderToString(createElement(RocChart, { roc }));
    expect(count(html, /data-testid="roc-curve-\d+"/g)).toBe(1);
    expect(html).toContain('b · AUC —');
  });

  it('thins long curves to about a point per pixel, keeping both ends', () => {
    const n = 5000;
    const scores = Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898) * 0.5 + 0.5);
    const truth = scores.map((s, i) => s + 0.3 * Math.cos(i * 78.233) > 0.5);
    const curve = rocCurve(scores, truth, 'x');
    expect(curve.fpr.length).toBeGreaterThan(4000);
    const d = rocChartModel([curve]).curves[0].d;
    const points = d.split(/[ML]/).filter(Boolean);
    expect(points.length).toBeLessThan(500);
    expect(points[0]).toBe('44.0,230.0');
    expect(points[points.length - 1]).toBe('264.0,10.0');
  });

  it('near-perfect curves open zoomed: log false-positive axis, true-positive axis from where they all are', () => {
    // 1000 negatives, 100 positives; positives outscore all but a handful of negatives.
    const scores = [...Array.from({ length: 1000 }, (_, i) => i / 1000), ...Array.from({ length: 100 }, (_, i) => 0.995 + i / 10000)];
    const truth = scores.map((_, i) => i >= 1000);
    const good = rocCurve(scores, truth, 'good');
    expect(good.auc!).toBeGreaterThan(0.98);
    expect(defaultRocView([good])).toBe('zoom');
    expect(defaultRocView(three.roc)).toBe('full');
    const z = rocChartModel([good, good], { view: 'zoom' });
    expect(z.xTicks.map((t) => t.label)).toEqual(['0.001', '0.01', '0.1', '1']);
    expect(z.yTicks[0].label).toBe('0.99');
    expect(z.xLabel).toContain('log scale');
    const html = renderToString(createElement(RocChart, { roc: [good, good] }));
    expect(html).toContain('data-view="zoom"');
    expect(html).toMatch(/clip-path="url\(#roc-clip-[A-Za-z0-9_-]+\)"/);
  });

  it('AUCs get four decimals, more rather than rounding up to 1', () => {
    expect([0.8125, 0.99998, 0.9999996, 1, null].map(formatAuc)).toEqual(['0.8125', '0.99998', '0.999999', '1.0000', '—']);
  });

  it('the report SVG has the same curves and legend', () => {
    const svg = rocSvg(three.roc);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(count(svg, /<path d="M[^"]*" fill="none" stroke="#/g)).toBe(3);
    for (const c of three.roc) expect(svg).toContain(`${c.className} · AUC ${c.auc!.toFixed(4)}`);
    expect(rocSvg([rocCurve([1, 0], [true, false], '<b>&')])).toContain('&lt;b&gt;&amp; (positive)');
  });
});
