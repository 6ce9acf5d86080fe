/**
 * The report's "using the model" part: the kept explanations (which columns matter) and the evaluations on
 * scored files, beside the test evaluation. Empty when none was computed.
 */
import type { ServiceContext } from './context';
import { esc } from './experiments-report-svg';
import { storedExplanations } from './predict-explanations';
import { fileEvaluations } from './predict-evaluation';

const BAR = 160;

/** One signed bar (accuracy lost), scaled to the largest, as inline SVG: right of the middle line = lost. */
function barSvg(v: number, biggest: number): string {
  const w = Math.round((Math.abs(v) / biggest) * (BAR / 2));
  const x = v >= 0 ? BAR / 2 : BAR / 2 - w;
  return `<svg width="${BAR}" height="12" role="img" aria-label="${(v * 100).toFixed(1)} points"><rect x="${x}" y="1" width="${w}" height="10" fill="${v >= 0 ? '#1c7ed6' : '#e03131'}"/><line x1="${BAR / 2}" x2="${BAR / 2}" y1="0" y2="12" stroke="#888"/></svg>`;
}

export function explanationsHtml(ctx: ServiceContext, id: string): string {
  const parts: string[] = [];
  const r = storedExplanations(ctx, id).importance;
  if (r) {
    const biggest = Math.max(1e-9, ...r.columns.map((c) => Math.abs(c.accuracyDrop) + c.accuracyDropSd));
    const rows = r.columns
      .map(
        (c) =>
          `<tr><td>${esc(c.column)}</td><td>${barSvg(c.accuracyDrop, biggest)}</td><td>${(c.accuracyDrop * 100).toFixed(1)} ± ${(c.accuracyDropSd * 100).toFixed(1)}</td><td>${c.logLossRise.toFixed(3)} ± ${c.logLossRiseSd.toFixed(3)}</td></tr>`,
      )
      .join('');
    parts.push(
      `<h3>Which columns matter</h3><p class="muted">Each raw column shuffled among the ${r.rows} test rows (${r.repeats} shuffles; accuracy unshuffled ${(r.accuracy * 100).toFixed(1)} %), computed ${esc(r.createdAt)}. Near zero: the model hardly uses it.</p>` +
        `<table><tr><th>column</th><th></th><th>accuracy lost (points)</th><th>log loss gained</th></tr>${rows}</table>`,
    );
  }
  const files = fileEvaluations(ctx, id);
  if (files.length)
    parts.push(
      `<h3>On scored files</h3><table><tr><th>file</th><th>labelled rows</th><th>accuracy</th><th>macro F1</th><th>scored</th></tr>${files
        .map(
          (f) =>
            `<tr><td>${esc(f.file)}</td><td>${f.metrics.count}</td><td>${(f.metrics.accuracy * 100).toFixed(2)} %</td><td>${f.metrics.macro.f1.toFixed(4)}</td><td>${esc(f.createdAt)}</td></tr>`,
        )
        .join('')}</table>`,
    );
  return parts.join('');
}
