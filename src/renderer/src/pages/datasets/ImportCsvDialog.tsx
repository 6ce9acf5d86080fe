import { useState } from 'react';
import type { CsvInspection, DatasetImportResult } from '../../../../shared/api/types';
import { api, files } from '../../api';
import { UploadButton } from '../../ui/UploadButton';
import { errorMessage } from '../../state/errors';
import { NumberField } from '../../ui/NumberField';
import { ImportProgress, newImportId } from './ImportProgress';
import { SchemaTable } from './SchemaTable';
import { LabelBalance } from './LabelBalance';
import { SplitFields } from './SplitFields';
import { splitProblem } from '../../../../shared/api/datasets-schemas';
import { baseName, defaultChoices, importRequest, inputWidth, type ColumnChoice } from './import-logic';

/** Guided CSV import: file path → inferred schema → label and preprocessing → split → import with progress. */
export function ImportCsvDialog({ onClose, onImported }: { onClose(): void; onImported(r: DatasetImportResult): void }) {
  const [path, setPath] = useState('');
  const [inspection, setInspection] = useState<CsvInspection | null>(null);
  const [name, setName] = useState('');
  const [label, setLabel] = useState('');
  const [choices, setChoices] = useState<Record<string, ColumnChoice>>({});
  const [split, setSplit] = useState({ train: 0.8, val: 0.1, test: 0.1 });
  const [seed, setSeed] = useState(42);
  const [text, setText] = useState({ vocabSize: 10_000, length: 100 });
  // Untouched, the import derives the text settings from the training texts (inspect shows its estimate).
  const [textEdited, setTextEdited] = useState(false);
  const [importId, setImportId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const inspect = async (target = path) => {
    setError(null);
    setBusy(true);
    try {
      const r = await api.call('datasets.inspectCsv', { path: target.trim() });
      setInspection(r);
      setChoices(defaultChoices(r));
      setLabel(r.suggestedLabel ?? r.columns[r.columns.length - 1]?.name ?? '');
      setText(r.text ? { vocabSize: r.text.vocabSize, length: r.text.length } : { vocabSize: 10_000, length: 100 });
      setTextEdited(false);
      setName((n) => n || baseName(r.path));
    } catch (err) {
      setInspection(null);
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const run = async () => {
    if (!inspection) return;
    const id = newImportId();
    setImportId(id);
    setError(null);
    try {
      onImported(await api.call('datasets.importCsv', importRequest(inspection.path, name.trim() || baseName(inspection.path), label, choices, split, seed, textEdited ? text : undefined, id)));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setImportId(null);
    }
  };

  const hasText = inspection?.columns.some((c) => c.name !== label && choices[c.name]?.role === 'feature' && choices[c.name]?.type === 'text');
  const features = inspection ? inspection.columns.filter((c) => c.name !== label && choices[c.name]?.role === 'feature').length : 0;
  const width = inspection ? inputWidth(inspection, label, choices, text.length) : null;
  // Problems of the file itself (unreadable, ragged rows) block the import whatever is chosen; the others
  // were found with the suggested label and defaults, so a different choice may avoid them.
  const fileProblem = inspection !== null && (inspection.rows === 0 || inspection.raggedRows.length > 0);
  return (
    <section className="app-card ds-dialog" data-testid="import-csv-dialog" aria-label="Import a CSV file">
      <div className="app-card-head">
        <h3>Import a CSV or TSV file</h3>
        <button type="button" className="app-icon-btn" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </div>
      <p className="app-muted">
        {files
          ? '1. Upload the file from this computer, or type its path on the machine that runs LayerLab (~ is your home folder there).'
          : "1. The file's path on the machine that runs LayerLab."}
      </p>
      <div className="app-inline-form">
        <input
          className="ds-path"
          data-testid="import-path"
          value={path}
          placeholder="/home/me/data/iris.csv"
          onChange={(e) => setPath(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && void inspect()}
        />
        <button type="button" className="app-btn" data-testid="import-inspect" disabled={!path.trim() || busy} onClick={() => void inspect()}>
          Inspect
        </button>
        <UploadButton
          testId="import-upload"
          accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values"
          disabled={busy}
          onError={setError}
          onUploaded={(u) => {
            setPath(u.path);
            setName((n) => n || baseName(u.name));
            void inspect(u.path);
          }}
        />
      </div>
      {error && (
        <div className="app-banner app-banner-inline" role="alert" data-testid="import-error">
          {error}
        </div>
      )}
      {inspection && (
        <>
          <p className="app-muted">
            2. Found {inspection.columns.length} columns ({inspection.encoding}, delimiter {JSON.stringify(inspection.delimiter)},{' '}
            {inspection.hasHeader ? 'with a header' : 'no header'}; types inferred from {inspection.sampledRows} rows). Choose the label and what to do with each column.
          </p>
          {inspection.problems.length > 0 && (
            <div className="app-banner app-banner-inline" role="alert" data-testid="import-problems">
              {fileProblem ? 'This file cannot be imported as it is:' : 'With the suggested label and defaults the import would fail:'}
              <ul>
                {inspection.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </div>
          )}
          <div className="app-form-grid">
            <label className="app-field">
              <span>Dataset name</span>
              <input data-testid="import-name" value={name} onChange={(e) => setName(e.target.value)} />
            </label>
            <label className="app-field">
              <span>Label (what to predict)</span>
              <select data-testid="label-select" value={label} onChange={(e) => setLabel(e.target.value)}>
                {inspection.columns.map((c) => (
                  <option key={c.name}>{c.name}</option>
                ))}
              </select>
              {inspection.labelReason && label === inspection.suggestedLabel && (
                <small className="app-muted" data-testid="label-reason">
                  Suggested: {inspection.labelReason}
                </small>
              )}
            </label>
          </div>
          <LabelBalance column={inspection.columns.find((c) => c.name === label)} testShare={split.test} />
          <SchemaTable inspection={inspection} label={label} choices={choices} onChange={(col, c) => setChoices((s) => ({ ...s, [col]: c }))} />
          {width && (
            <p className={features === 0 ? 'app-warning' : 'app-muted'} data-testid="import-feature-summary">
              {features === 0
                ? 'Every column is ignored or is the label: choose at least one feature.'
                : `${features} feature column${features === 1 ? '' : 's'} → ${width.estimate ? 'about ' : ''}${width.width} input values per row, to predict “${label}”. Set the model's input to this size (the exact number is shown after the import).`}
            </p>
          )}
          <p className="app-muted">3. How the rows are shared out (each class in the same proportions; the same seed always picks the same rows).</p>
          <div className="app-form-grid">
            <SplitFields split={split} rows={inspection.rows} onChange={setSplit} />
            <NumberField label="Seed" value={seed} check={(n) => (Number.isInteger(n) && n >= 0 ? null : 'A whole number ≥ 0.')} onCommit={setSeed} />
            {hasText && (
              <>
                <NumberField
                  label="Vocabulary size"
                  value={text.vocabSize}
                  check={(n) => (Number.isInteger(n) && n >= 3 ? null : 'A whole number, at least 3.')}
                  onCommit={(vocabSize) => {
                    setText((t) => ({ ...t, vocabSize }));
                    setTextEdited(true);
                  }}
                />
                <NumberField
                  label="Sequence length"
                  value={text.length}
                  check={(n) => (Number.isInteger(n) && n >= 1 ? null : 'A whole number, at least 1.')}
                  onCommit={(length) => {
                    setText((t) => ({ ...t, length }));
                    setTextEdited(true);
                  }}
                />
                {inspection.text && (
                  <p className="app-muted" data-testid="text-reason">
                    {textEdited ? 'Your settings.' : `From the data (the import recomputes them on the training rows): ${inspection.text.reason}`}
                  </p>
                )}
              </>
            )}
          </div>
          {importId ? (
            <ImportProgress importId={importId} />
          ) : (
            <div className="app-actions">
              <button type="button" className="app-btn app-btn-primary" data-testid="import-confirm" disabled={!label || features === 0 || fileProblem || splitProblem(split) !== null} onClick={() => void run()}>
                Import
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
