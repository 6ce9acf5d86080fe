import { isAbsolute } from 'node:path';
import { describeSetting } from '../../shared/metrics/setting-labels';
import { ApiError } from '../../shared/api/errors';
import type { HandlerInput } from '../../shared/api/contract';
import { bestEpoch } from '../../shared/metrics/compare';
import { evaluationsRepo } from '../db/repos/evaluations';
import type { ServiceContext } from './context';
import { writeUserFile } from '../fs/write-user-file';
import { datasetInfo, metricsOf } from './experiments-eval';
import { requireExperiment, toSummary } from './experiments';
import { formatAuc, rocSvg } from '../../shared/metrics/roc-chart';
import { confusionSvg, curvesSvg, esc } from './experiments-report-svg';
import { explanationsHtml } from './experiments-report-explain';

const pct = (v: number | null | undefined) =>
  v == null || Number.isNaN(v) ? '—' : `${(v * 100).toFixed(2)} %`;
const fix = (v: number | null | undefined) => (v == null || Number.isNaN(v) ? '—' : v.toFixed(4));

const STYLE = `body{font:14px system-ui,sans-serif;margin:24px;color:#222}h1{font-size:20px}h2{font-size:16px;margin-top:32px;border-top:1px solid #ddd;padding-top:16px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}th:first-child,td:first-child{text-align:left}
.row{display:flex;gap:24px;flex-wrap:wrap;align-items:flex-start}.muted{color:#777}`;

/** `experiments.report`: one self-contained HTML file (inline SVG, no scripts, no external files). */
export function experimentsReportService(ctx: ServiceContext) {
  const evaluations = evaluationsRepo(ctx.repos.db);
  const section = (id: string): string => {
    const row = requireExperiment(ctx, id);
    const s = toSummary(row, ctx.repos.experiments.aggregate(id));
    const epochs = ctx.repos.experiments.epochs(id);
    const best = bestEpoch(epochs);
    const ev = evaluations.latest(id, 'test');
    const m = ev ? metricsOf(ev, datasetInfo(ctx, row.dataset_version_id).classes) : null;
    const hp = Object.entries(s.hyperparams)
      .map(([k, v]) => {
        const text = describeSetting(k, () => undefined);
        return `<tr><td>${esc(text.label)}</td><td>${esc(text.show(v))}</td></tr>`;
      })
      .join('');
    // Binary evaluations have one curve, the positive class's (class 1).
    const aucOf = (i: number) =>
      (m?.roc.length === 1 ? (i === 1 ? m.roc[0] : undefined) : m?.roc[i])?.auc ?? null;
    const perClass = m
      ? `<table><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th><th>AUC</th></tr>${m.perClass
          .map(
            (c, i) =>
              `<tr><td>${esc(c.className)}</td><td>${fix(c.precision)}</td><td>${fix(c.recall)}</td><td>${fix(c.f1)}</td><td>${c.support}</td><td>${formatAuc(aucOf(i))}</td></tr>`,
          )
          .join(
            '',
          )}<tr><td>macro avg</td><td>${fix(m.macro.precision)}</td><td>${fix(m.macro.recall)}</td><td>${fix(m.macro.f1)}</td><td>${m.count}</td><td>${formatAuc(m.macroAuc)}</td></tr>
          <tr><td>weighted avg</td><td>${fix(m.weighted.precision)}</td><td>${fix(m.weighted.recall)}</td><td>${fix(m.weighted.f1)}</td><td>${m.count}</td><td></td></tr></table>`
      : '<p class="muted">No test evaluation stored.</p>';
    const summary = m
      ? `<p>Test accuracy <b>${pct(m.accuracy)}</b> · log loss ${fix(m.logLoss)}${m.topK.map((t) => ` · top-${t.k} ${pct(t.accuracy)}`).join('')}${
          m.macroAuc != null ? ` · macro AUC ${fix(m.macroAuc)}` : ''
        } · ${m.count} test samples</p>`
      : '';
    return `<h2>${esc(row.name)} <span class="muted">(${esc(row.status)})</span></h2>${summary}
      <p class="muted">Dataset ${esc(row.dataset_version_id)} · ${s.epochsDone} epochs${best ? ` · best epoch ${best.epoch} by ${best.by === 'valAccuracy' ? 'val accuracy' : 'val loss'}` : ''}${
        s.tags.length ? ` · tags: ${esc(s.tags.join(', '))}` : ''
      }</p>${s.notes ? `<p>${esc(s.notes)}</p>` : ''}
      <div class="row"><div>${curvesSvg(epochs, best?.epoch ?? null)}</div>${m ? `<div>${confusionSvg(m.confusion, m.classes)}</div>` : ''}${
        m?.roc.length ? `<div>${rocSvg(m.roc, { id: `roc-${id}` })}</div>` : ''
      }</div>
      <div class="row"><div>${perClass}</div><div><table><tr><th>setting</th><th>value</th></tr>${hp}</table></div></div>${explanationsHtml(ctx, id)}`;
  };
  return {
    'experiments.report': ({ ids, path }: HandlerInput<'experiments.report'>) => {
      if (!isAbsolute(path)) throw new ApiError('invalid_input', `Choose a full file path (got "${path}").`);
      const body = [...new Set(ids)].map(section).join('\n');
      const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LayerLab report</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<style>${STYLE}</style></head><body><h1>LayerLab experiments report</h1><p class="muted">${esc(ctx.now())} · LayerLab ${esc(ctx.version)}</p>${body}</body></html>`;
      writeUserFile(ctx.dataDir, path, html, 'the report');
      return { path, bytes: Buffer.byteLength(html) };
    },
  };
}
