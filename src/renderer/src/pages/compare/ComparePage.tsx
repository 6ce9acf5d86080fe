import { useEffect, useState } from 'react';
import { ArrowLeft } from 'lucide-react';
import type { ComparedExperiment, ExperimentComparison } from '../../../../shared/api/types';
import { baselineVerdict } from '../../../../shared/metrics/baseline';
import { api } from '../../api';
import { reportError } from '../../state/errors';
import { pct } from '../../ui/format';
import { CompareCurves } from './CompareCurves';
import { ConfusionCompare } from './ConfusionCompare';
import { CompareRoc } from './CompareRoc';
import { DiffTable } from './DiffTable';
import { GraphDiffView } from './GraphDiffView';
import { SeedStats } from './SeedStats';
import { ShareBar } from './ShareBar';
import { colorOf } from './colors';
import './compare.css';

/** Side by side: curves, what differs, the graph diff, confusion matrices, per-class F1, ROC curves, seed statistics. */
export function ComparePage({ ids, onClose }: { ids: string[]; onClose(): void }) {
  const [data, setData] = useState<ExperimentComparison | null>(null);
  const [against, setAgainst] = useState(0);
  useEffect(() => {
    let live = true;
    api
      .call('experiments.compare', { ids })
      .then((d) => live && setData(d))
      .catch(reportError);
    return () => {
      live = false;
    };
  }, [ids]);
  const names = data?.experiments.map((e) => e.name) ?? [];
  const graphDiff = data?.graphDiffs[against];
  return (
    <div className="app-page-scroll" data-testid="compare-page">
      <div className="app-toolbar" style={{ marginBottom: 12 }}>
        <button className="app-btn" data-testid="compare-back" onClick={onClose}>
          <ArrowLeft size={16} /> Experiments
        </button>
        <h2 style={{ margin: 0 }}>Comparing {ids.length} experiments</h2>
      </div>
      <ShareBar ids={ids} />
      {!data && <p className="app-muted">Loading the comparison…</p>}
      {data && (
        <>
          <table className="app-table app-table-compact" data-testid="compare-summary">
            <thead>
              <tr>
                <th>Experiment</th>
                <th className="app-num">Epochs</th>
                <th className="app-num">Best epoch</th>
                <th className="app-num">Test accuracy</th>
                <th className="app-num" title="A logistic regression trained on the same training rows, same test split">
                  Logistic regression
                </th>
                <th className="app-num" title="Always answering the most common class">Majority class</th>
                <th>Dataset</th>
              </tr>
            </thead>
            <tbody>
              {data.experiments.map((e, i) => (
                <tr key={e.id}>
                  <td>
                    <span style={{ color: colorOf(i), fontWeight: 700 }}>■</span> {e.name}
                    {i === 0 && <span className="app-tag">baseline</span>}
                  </td>
                  <td className="app-num">{e.epochsDone}</td>
                  <td className="app-num">
                    {e.bestEpoch
                      ? `${e.bestEpoch.epoch} (${e.bestEpoch.by === 'valAccuracy' ? `val acc ${pct(e.bestEpoch.value)}` : `val loss ${e.bestEpoch.value.toFixed(4)}`})`
                      : '—'}
                  </td>
                  <td className="app-num">{pct(e.testAccuracy)}</td>
                  <td className="app-num" data-testid="compare-logistic">{pct(e.baseline?.logistic.accuracy)}</td>
                  <td className="app-num">{pct(e.baseline?.majority.accuracy)}</td>
                  <td title={e.datasetVersionId}>{e.datasetVersionLabel}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <BaselineVerdicts experiments={data.experiments} />
          <h3>Learning curves</h3>
          <CompareCurves experiments={data.experiments} />
          <h3>What differs</h3>
          <DiffTable rows={data.diff} names={names} />
          <h3>Graph diff</h3>
          {data.graphDiffs.length > 1 && (
            <label className="app-muted">
              Baseline {names[0]} against{' '}
              <select value={against} onChange={(e) => setAgainst(Number(e.target.value))}>
                {data.graphDiffs.map((g, i) => (
                  <option key={g.otherId} value={i}>
                    {names[i + 1]}
                  </option>
                ))}
              </select>
            </label>
          )}
          {graphDiff && <GraphDiffView key={graphDiff.otherId} diff={graphDiff.diff} />}
          <SeedStats groups={data.groups} tests={data.tests} />
          <ConfusionCompare experiments={data.experiments} />
          <CompareRoc experiments={data.experiments} />
        </>
      )}
    </div>
  );
}

/** One plain sentence per compared run that does not beat its own baselines. */
function BaselineVerdicts({ experiments }: { experiments: ComparedExperiment[] }) {
  const lines = experiments.flatMap((e) => {
    const verdict = e.baseline && e.testAccuracy !== null ? baselineVerdict(e.testAccuracy, e.baseline) : null;
    return verdict ? [`${e.name}: ${verdict}`] : [];
  });
  if (!lines.length) return null;
  return (
    <div className="app-warning" data-testid="compare-baseline-verdicts">
      {lines.map((l) => (
        <p key={l}>{l}</p>
      ))}
    </div>
  );
}
