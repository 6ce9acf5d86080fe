import { useEffect, useState } from 'react';
import type { ExperimentEvaluation } from '../../../../shared/api/types';
import { formatAuc } from '../../../../shared/metrics/roc-chart';
import { api } from '../../api';
import { num, pct } from '../../ui/format';
import { BaselineFacts } from './BaselineFacts';
import { ConfusionMatrix } from './ConfusionMatrix';
import { ExamplesPanel } from './ExamplesPanel';
import { RocChart } from './RocChart';

/** Test-split metrics, per-class table and a clickable confusion matrix with the examples of a cell. */
export function EvaluationSection({ id }: { id: string }) {
  const [ev, setEv] = useState<ExperimentEvaluation | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  const [cell, setCell] = useState<[number, number] | null>(null);
  useEffect(() => {
    let live = true;
    setEv(null);
    setCell(null);
    api
      .call('experiments.evaluation', { id })
      .then((e) => live && setEv(e))
      .catch((err: Error) => live && setMissing(err.message));
    return () => {
      live = false;
    };
  }, [id]);
  if (!ev) return missing ? <p className="app-muted">{missing}</p> : null;
  const rows: [string, string][] = [
    ['Accuracy', pct(ev.accuracy)],
    ['Log loss', num(ev.logLoss)],
    ...ev.topK.map((t): [string, string] => [`Top-${t.k} accuracy`, pct(t.accuracy)]),
    [
      'Macro precision / recall / F1',
      `${num(ev.macro.precision, 3)} / ${num(ev.macro.recall, 3)} / ${num(ev.macro.f1, 3)}`,
    ],
    [
      'Weighted precision / recall / F1',
      `${num(ev.weighted.precision, 3)} / ${num(ev.weighted.recall, 3)} / ${num(ev.weighted.f1, 3)}`,
    ],
    [ev.roc.length === 1 ? 'ROC AUC' : 'Macro ROC AUC (one-vs-rest)', formatAuc(ev.macroAuc)],
    ['Test samples', String(ev.count)],
  ];
  return (
    <section data-testid="evaluation">
      <h3>Evaluation on the test split</h3>
      {!ev.hasPredictions && (
        <p className="app-muted">Stored before predictions were kept: only the confusion matrix is exact.</p>
      )}
      <dl className="app-facts">
        {rows.map(([k, v]) => (
          <div key={k} className="app-fact-row">
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <h3>Against simple baselines</h3>
      <BaselineFacts accuracy={ev.accuracy} macroF1={ev.macro.f1} baseline={ev.baseline} />
      <h3>Per class</h3>
      <table className="app-table app-table-compact" data-testid="per-class-table">
        <thead>
          <tr>
            <th>Class</th>
            <th className="app-num">Precision</th>
            <th className="app-num">Recall</th>
            <th className="app-num">F1</th>
            <th className="app-num">Support</th>
            <th className="app-num">AUC</th>
          </tr>
        </thead>
        <tbody>
          {ev.perClass.map((c, i) => (
            <tr key={c.className}>
              <td>{c.className}</td>
              <td className="app-num">{num(c.precision, 3)}</td>
              <td className="app-num">{num(c.recall, 3)}</td>
              <td className="app-num">{num(c.f1, 3)}</td>
              <td className="app-num">{c.support}</td>
              <td className="app-num">
                {formatAuc(ev.roc.length === 1 ? (i === 1 ? ev.roc[0].auc : null) : (ev.roc[i]?.auc ?? null))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {ev.roc.length > 0 && (
        <>
          <h3>ROC curves</h3>
          <p className="app-muted">
            {ev.roc.length === 1
              ? `The positive class (${ev.roc[0].className}) against the other class; the dashed diagonal is chance.`
              : 'Each class against the rest; the dashed diagonal is chance. Hover a legend row to pick out its curve.'}
          </p>
          <RocChart roc={ev.roc} />
        </>
      )}
      <h3>Confusion matrix</h3>
      <p className="app-muted">Click a cell (or Tab to it and press Enter) to see its test samples.</p>
      <ConfusionMatrix
        matrix={ev.confusion}
        classes={ev.classes}
        selected={cell}
        onCell={(t, p) => setCell([t, p])}
      />
      {cell && <ExamplesPanel id={id} cell={cell} />}
    </section>
  );
}
