import { useEffect, useState } from 'react';
import { Copy, Play, Share2, Square } from 'lucide-react';
import type { ExportFormat, ExportResult, ServedModel, ServingStarted } from '../../../../shared/api/types';
import type { Hyperparams } from '../../../../shared/api/schemas';
import { kerasCaveats } from '../../../../shared/codegen/keras-caveats';
import { api, files } from '../../api';
import { DownloadButton, useDownloadable } from '../../ui/DownloadButton';
import { errorMessage } from '../../state/errors';
import { count } from '../../ui/format';

const FORMATS: { value: ExportFormat; label: string }[] = [
  { value: 'onnx', label: 'ONNX (opset 17)' },
  { value: 'tfjs', label: 'TF.js Layers (model.json + weights)' },
  { value: 'keras', label: 'Keras train.py (Python)' },
];

function ParityLine({ r }: { r: ExportResult }) {
  const p = r.parity;
  if (!p) return <small className="app-muted">No parity check: the Keras script trains from scratch.</small>;
  return (
    <div data-testid="export-parity" className={p.passed ? 'app-ok-text' : 'app-error-text'}>
      {p.passed ? '✔' : '✘'} {p.samples} {p.source} samples through {p.runtime}: top-1 agreement{' '}
      {(p.top1Agreement * 100).toFixed(1)} %, max |Δp| {p.maxAbsDiff.toExponential(2)}
    </div>
  );
}

/** Export the trained model (with its parity report) and serve it over a TF-Serving-shaped REST API. */
/** Where Keras cannot match the run exactly: shown as soon as the Keras format is chosen. */
function KerasCaveats({ notes }: { notes: string[] }) {
  return (
    <div data-testid="export-keras-caveats">
      <small className="app-muted">Where the Keras script differs from this run:</small>
      <ul>
        {notes.map((n) => (
          <li key={n}>
            <small>{n}</small>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ExportPanel({ id, hasModel, hyperparams }: { id: string; hasModel: boolean; hyperparams: Hyperparams }) {
  const [format, setFormat] = useState<ExportFormat>('onnx');
  const [directory, setDirectory] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ExportResult | null>(null);
  const [port, setPort] = useState('');
  const [token, setToken] = useState(false);
  const [served, setServed] = useState<ServingStarted | null>(null);
  const [status, setStatus] = useState<ServedModel | null>(null);

  useEffect(() => {
    let live = true;
    void api.call('experiments.exports', { id }).then(
      (list) => live && setResult(list[0] ?? null),
      () => undefined,
    );
    const poll = () =>
      api.call('serving.status', {}).then(
        (all) => live && setStatus(all.find((m) => m.id === id) ?? null),
        () => undefined,
      );
    void poll();
    const timer = setInterval(() => void poll(), 3000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [id]);

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const pick = () =>
    run(async () => {
      const r = await api.call('system.pickDirectory', { title: 'Export into…' });
      if (r.supported && r.path) setDirectory(r.path);
    });
  const doExport = () =>
    run(async () =>
      setResult(await api.call('experiments.export', { id, format, directory: directory.trim() })),
    );
  // Browser version: export into a fresh folder on the host, then offer its files as downloads.
  const exportForDownload = () =>
    run(async () => {
      const target = await files!.outputFolder();
      setResult(await api.call('experiments.export', { id, format, directory: target }));
    });
  const downloadable = useDownloadable();
  const fileName = (p: string) => p.split(/[\\/]/).pop() ?? p;
  const start = () =>
    run(async () => {
      const s = await api.call('serving.start', { id, token, ...(port ? { port: Number(port) } : {}) });
      setServed(s);
      setStatus(s);
    });
  const stop = () =>
    run(async () => {
      await api.call('serving.stop', { id });
      setServed(null);
      setStatus(null);
    });

  return (
    <section className="app-export-panel" data-testid="export-panel">
      <h3>
        <Share2 size={16} /> Export / Serve
      </h3>
      <div className="app-inline-form">
        <label className="app-field">
          <span>Format</span>
          <select
            data-testid="export-format"
            value={format}
            onChange={(e) => setFormat(e.target.value as ExportFormat)}
          >
            {FORMATS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        {files && (
          <button
            type="button"
            className="app-btn app-btn-primary"
            data-testid="export-download-run"
            disabled={!hasModel || busy}
            onClick={() => void exportForDownload()}
          >
            {busy ? 'Working…' : 'Export for download'}
          </button>
        )}
        <label className="app-field">
          <span>{files ? 'or export into a folder on the server (~ is its home folder)' : 'Folder (on the machine running LayerLab)'}</span>
          <input
            data-testid="export-directory"
            value={directory}
            placeholder="/home/me/exports/mnist"
            onChange={(e) => setDirectory(e.target.value)}
          />
        </label>
        {!files && (
          <button type="button" className="app-btn" onClick={() => void pick()} disabled={busy}>
            Choose…
          </button>
        )}
        <button
          type="button"
          className={files ? 'app-btn' : 'app-btn app-btn-primary'}
          data-testid="export-run"
          disabled={!hasModel || busy || !directory.trim()}
          onClick={() => void doExport()}
        >
          {busy ? 'Working…' : 'Export'}
        </button>
      </div>
      {!hasModel && (
        <small className="app-muted">Train the experiment to the end to export or serve it.</small>
      )}
      {format === 'keras' && <KerasCaveats notes={kerasCaveats(hyperparams)} />}
      {result && (
        <div data-testid="export-result">
          <small className="app-muted">
            {result.format} → {result.files.join(', ')}
          </small>
          <ParityLine r={result} />
          {downloadable(result.directory) && (
            <div className="app-inline-form" data-testid="export-downloads">
              {result.files.map((f) => (
                <DownloadButton key={f} path={f} label={fileName(f)} testId={`export-download-${fileName(f)}`} onError={setError} />
              ))}
              {result.files.length > 1 && (
                <DownloadButton path={result.directory} filename={`${result.format}-export`} label="All files (zip)" testId="export-download-zip" onError={setError} />
              )}
            </div>
          )}
        </div>
      )}
      <div className="app-inline-form">
        <label className="app-field">
          <span>Port</span>
          <input
            data-testid="serve-port"
            value={port}
            placeholder="any"
            inputMode="numeric"
            onChange={(e) => setPort(e.target.value.replace(/\D/g, ''))}
          />
        </label>
        <label className="app-field">
          <span>
            <input type="checkbox" checked={token} onChange={(e) => setToken(e.target.checked)} /> Require a
            token
          </span>
        </label>
        {status ? (
          <button
            type="button"
            className="app-btn"
            data-testid="serve-stop"
            disabled={busy}
            onClick={() => void stop()}
          >
            <Square size={14} /> Stop serving
          </button>
        ) : (
          <button
            type="button"
            className="app-btn"
            data-testid="serve-start"
            disabled={!hasModel || busy}
            onClick={() => void start()}
          >
            <Play size={14} /> Serve on 127.0.0.1
          </button>
        )}
      </div>
      {status && (
        <div data-testid="serve-status">
          <code>{`${status.url}/v1/models/${status.name}`}</code> · {count(status.requests, 'request')} ·{' '}
          {count(status.predictions, 'prediction')} · {count(status.batches, 'batch', 'batches')} · {count(status.errors, 'error')}
          <div>
            <small className="app-muted" data-testid="serve-runtime">
              Computed by {status.runtimeReason}
            </small>
          </div>
        </div>
      )}
      {served && (
        <div className="app-curl">
          {served.token && (
            <small>
              Token (shown once): <code>{served.token}</code>
            </small>
          )}
          <pre data-testid="serve-curl">{served.curl}</pre>
          <button
            type="button"
            className="app-btn"
            onClick={() => void navigator.clipboard?.writeText(served.curl)}
          >
            <Copy size={14} /> Copy curl
          </button>
        </div>
      )}
      {error && (
        <div className="app-error-text" role="alert" data-testid="export-error">
          {error}
        </div>
      )}
    </section>
  );
}
