import { useState } from 'react';
import { PackageOpen } from 'lucide-react';
import type { BundleImportResult } from '../../../../shared/api/types';
import { api, files } from '../../api';
import { errorMessage } from '../../state/errors';
import { UploadButton } from '../../ui/UploadButton';

/**
 * Add the experiments of a `.layerlab` bundle (from Compare's "Export bundle" on another LayerLab): a
 * path on the machine running LayerLab, or, in the browser version, a file uploaded from this computer.
 */
export function ImportBundle({ onImported }: { onImported(): void }) {
  const [open, setOpen] = useState(false);
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<BundleImportResult | null>(null);

  const importFrom = async (target: string) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone(await api.call('experiments.importBundle', { path: target.trim() }));
      onImported();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (!open)
    return (
      <button type="button" className="app-btn" data-testid="import-bundle-open" onClick={() => setOpen(true)}>
        <PackageOpen size={14} /> Import bundle…
      </button>
    );
  return (
    <div className="app-notice" data-testid="import-bundle">
      <form
        className="app-inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (path.trim()) void importFrom(path);
        }}
      >
        <UploadButton testId="import-bundle-upload" accept=".layerlab" label="Upload a bundle…" disabled={busy} onError={setError} onUploaded={(u) => void importFrom(u.path)} />
        <label className="app-field">
          <span>{files ? 'or its path on the server (~ is its home folder)' : 'Bundle file (full path)'}</span>
          <input data-testid="import-bundle-path" value={path} placeholder="~/shared/experiments.layerlab" onChange={(e) => setPath(e.target.value)} />
        </label>
        <button type="submit" className="app-btn app-btn-primary" data-testid="import-bundle-confirm" disabled={!path.trim() || busy}>
          {busy ? 'Importing…' : 'Import'}
        </button>
        <button type="button" className="app-btn" onClick={() => setOpen(false)}>
          Close
        </button>
      </form>
      {error && (
        <div className="app-error-text" role="alert" data-testid="import-bundle-error">
          {error}
        </div>
      )}
      {done && (
        <div data-testid="import-bundle-done">
          Imported {done.imported.length} experiment{done.imported.length === 1 ? '' : 's'}
          {done.skipped.length > 0 && `; skipped ${done.skipped.map((s) => `${s.name} (${s.reason})`).join(', ')}`}.
        </div>
      )}
    </div>
  );
}
