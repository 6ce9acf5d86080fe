import { useEffect, useState } from 'react';
import { FileSpreadsheet, Square } from 'lucide-react';
import type { FileEvaluation, ScoreFileResult, ScoreProgress } from '../../../../shared/api/predict-types';
import { api, files } from '../../api';
import { errorMessage } from '../../state/errors';
import { DownloadButton, useDownloadable } from '../../ui/DownloadButton';
import { pct } from '../../ui/format';
import { ProgressBar } from '../../ui/ProgressBar';
import { UploadButton } from '../../ui/UploadButton';
import { predictionsPath } from './predictions-path';
import { ConfusionMatrix } from './ConfusionMatrix';

const PHASE: Record<ScoreProgress['phase'], string> = { reading: 'Reading', predicting: 'Predicting', writing: 'Writing', done: 'Done' };

/** The model's figures on one scored file that held the label column. */
function FileEvaluationView({ ev }: { ev: FileEvaluation }) {
  return (
    <div data-testid="file-evaluation">
      <h4>
        Evaluation on file {ev.file}
      </h4>
      <small className="app-muted">
        accuracy {pct(ev.metrics.accuracy)} · macro F1 {ev.metrics.macro.f1.toFixed(3)} · {ev.metrics.count} labelled rows
        {ev.unlabelled ? ` (${ev.unlabelled} without a known label left out)` : ''}
      </small>
      <ConfusionMatrix matrix={ev.metrics.confusion} classes={ev.metrics.classes} testId="file-confusion-matrix" />
    </div>
  );
}

/**
 * Score a file (a CSV, or a folder of images) into a predictions CSV. In the desktop app the file is named
 * by its path; in the browser it can be uploaded from this computer, and the predictions come back as a
 * download. Rows that cannot be scored are listed with their row number and reason.
 */
export function ScoreFilePanel({ id }: { id: string }) {
  const [path, setPath] = useState('');
  const [out, setOut] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [progress, setProgress] = useState<ScoreProgress | null>(null);
  const [result, setResult] = useState<ScoreFileResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [evaluations, setEvaluations] = useState<FileEvaluation[]>([]);

  useEffect(() => {
    let live = true;
    api.call('experiments.fileEvaluations', { id }).then((l) => live && setEvaluations(l), () => undefined);
    return () => {
      live = false;
    };
  }, [id, result]);
  useEffect(() => api.on('experiments.scoreProgress', (p) => p.scoreId === busy && setProgress(p)), [busy]);

  const [uploadError, setUploadError] = useState<string | null>(null);
  const downloadable = useDownloadable();
  const score = async () => {
    const scoreId = `ui-${Date.now().toString(36)}`;
    setBusy(scoreId);
    setError(null);
    setResult(null);
    setProgress(null);
    try {
      // Browser version without a chosen target: write into a fresh download folder, then offer it.
      const target = out.trim() || (files ? predictionsPath(path.trim(), await files.outputFolder()) : predictionsPath(path.trim()));
      setResult(await api.call('experiments.scoreFile', { id, path: path.trim(), out: target, scoreId }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="app-export-panel" data-testid="score-panel">
      <h3>
        <FileSpreadsheet size={16} /> Score a file
      </h3>
      <div className="app-inline-form">
        <label className="app-field">
          <span>{files ? 'CSV file or image folder: upload it, or its path on the server' : 'CSV file or image folder (on the machine running LayerLab)'}</span>
          <input data-testid="score-path" value={path} placeholder="/home/me/data/next-month.csv" onChange={(e) => setPath(e.target.value)} />
        </label>
        <label className="app-field">
          <span>Predictions file</span>
          <input data-testid="score-out" value={out} placeholder={files ? 'empty: a download' : path.trim() ? predictionsPath(path.trim()) : '/home/me/data/predictions.csv'} onChange={(e) => setOut(e.target.value)} />
        </label>
        <UploadButton testId="score-upload" label="Upload a CSV…" accept=".csv,.tsv,.txt,text/csv" disabled={Boolean(busy)} onError={setUploadError} onUploaded={(u) => setPath(u.path)} />
        <UploadButton testId="score-upload-folder" folder label="Upload an image folder…" disabled={Boolean(busy)} onError={setUploadError} onUploaded={(u) => setPath(u.path)} />
        {busy ? (
          <button type="button" className="app-btn" data-testid="score-cancel" onClick={() => void api.call('experiments.cancelScore', { scoreId: busy })}>
            <Square size={14} /> Cancel
          </button>
        ) : (
          <button type="button" className="app-btn app-btn-primary" data-testid="score-run" disabled={!path.trim()} onClick={() => void score()}>
            Score
          </button>
        )}
      </div>
      {busy && progress && (
        <ProgressBar
          testId="score-progress"
          value={progress.total ? progress.done / progress.total : 0}
          caption={`${PHASE[progress.phase]} ${progress.done.toLocaleString()}${progress.total ? ` of ${progress.total.toLocaleString()}` : ''} rows`}
        />
      )}
      {(error ?? uploadError) && (
        <div className="app-error-text" data-testid="score-error">
          {error ?? uploadError}
        </div>
      )}
      {result && (
        <div data-testid="score-result">
          <div>
            Scored {result.scored} of {result.rows} rows in {result.seconds.toFixed(1)} s → <code>{result.out}</code>
          </div>
          {downloadable(result.out) && (
            <DownloadButton path={result.out} label="Download the predictions" testId="score-download" onError={setUploadError} />
          )}
          {result.unscored.length > 0 && (
            <>
              <div className="app-error-text">{result.unscored.length} row(s) could not be scored:</div>
              <table className="app-table app-table-compact" data-testid="score-unscored">
                <thead>
                  <tr>
                    <th>{result.unscored.some((u) => u.file) ? 'File' : 'Row'}</th>
                    <th>Why</th>
                  </tr>
                </thead>
                <tbody>
                  {result.unscored.slice(0, 200).map((u) => (
                    <tr key={`${u.row}-${u.file ?? ''}`}>
                      <td>{u.file ?? u.row}</td>
                      <td>{u.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </div>
      )}
      {evaluations.map((ev) => (
        <FileEvaluationView key={ev.id} ev={ev} />
      ))}
    </section>
  );
}
