import type { ComparedExperiment } from '../../../../shared/api/types';
import { num } from '../../ui/format';
import { ConfusionMatrix } from '../experiments/ConfusionMatrix';
import { colorOf } from './colors';

/** Confusion matrices side by side, their difference (second − first), and per-class F1 side by side. */
export function ConfusionCompare({ experiments }: { experiments: ComparedExperiment[] }) {
  const withEval = experiments.map((e, i) => ({ e, i })).filter((x) => x.e.evaluation);
  if (withEval.length === 0)
    return <p className="app-muted">No test evaluations stored for these runs yet.</p>;
  const [a, b] = withEval;
  const sameShape = a && b && a.e.evaluation!.confusion.length === b.e.evaluation!.confusion.length;
  const diff = sameShape
    ? b.e.evaluation!.confusion.map((row, t) => row.map((v, p) => v - a.e.evaluation!.confusion[t][p]))
    : null;
  const classes = withEval[0].e.evaluation!.classes;
  return (
    <section data-testid="compare-confusion">
      <h3>Confusion matrices</h3>
      <div style={{ display: 'flex', gap: 20, flexWrap: 'wrap' }}>
        {withEval.map(({ e, i }) => (
          <ConfusionMatrix
            key={e.id}
            matrix={e.evaluation!.confusion}
            classes={e.evaluation!.classes}
            title={e.name}
            testId={`compare-confusion-${i}`}
            cellPrefix={`compare-cell-${i}`}
          />
        ))}
        {diff && (
          <ConfusionMatrix
            matrix={diff}
            classes={classes}
            signed
            title={`${b.e.name} − ${a.e.name}`}
            testId="compare-confusion-diff"
            cellPrefix="compare-cell-diff"
          />
        )}
      </div>
      <h3>Per-class F1</h3>
      <table className="app-table app-table-compact" data-testid="compare-f1">
        <thead>
          <tr>
            <th>Class</th>
            {withEval.map(({ e, i }) => (
              <th key={e.id} className="app-num" style={{ color: colorOf(i) }}>
                {e.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {classes.map((c, k) => {
            const f1s = withEval.map(({ e }) => e.evaluation!.perClass[k]?.f1 ?? null);
            const best = Math.max(...f1s.map((v) => v ?? -1));
            return (
              <tr key={c}>
                <td>{c}</td>
                {f1s.map((v, j) => (
                  <td
                    key={j}
                    className="app-num"
                    style={v === best && withEval.length > 1 ? { fontWeight: 700 } : undefined}
                  >
                    {num(v, 3)}
                  </td>
                ))}
              </tr>
            );
          })}
          <tr>
            <td className="app-strong">macro F1</td>
            {withEval.map(({ e }) => (
              <td key={e.id} className="app-num app-strong">
                {num(e.evaluation!.macro.f1, 3)}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </section>
  );
}
