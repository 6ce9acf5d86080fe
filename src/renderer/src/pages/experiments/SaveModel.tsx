import { useState } from 'react';
import { Download } from 'lucide-react';
import { api, files } from '../../api';
import { errorMessage, reportError } from '../../state/errors';

/** "Save model files…": native folder picker on the desktop, a typed server path on the web host. */
export function SaveModel({ id, hasModel }: { id: string; hasModel: boolean }) {
  const [askPath, setAskPath] = useState(false);
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<{ directory: string; files: string[] } | null>(null);
  // Shown next to the path field: the analyst fixes the path right there.
  const [error, setError] = useState<string | null>(null);

  const save = async (directory: string | null) => {
    setBusy(true);
    setError(null);
    try {
      // null: the browser version's "Download": save into a fresh folder on the host, download it as a zip.
      const r = await api.call('experiments.saveModel', { id, directory: directory ?? (await files!.outputFolder()) });
      if (directory === null) await files!.download(r.directory, 'model-files');
      setSaved(r);
      setAskPath(false);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const pick = async () => {
    setSaved(null);
    try {
      const r = await api.call('system.pickDirectory', { title: 'Save model files into…' });
      if (!r.supported) setAskPath(true);
      else if (r.path) await save(r.path);
    } catch (err) {
      reportError(err);
    }
  };

  return (
    <div className="app-save-model">
      <button className="app-btn" data-testid="save-model" disabled={!hasModel || busy} title={hasModel ? 'Write model.json and weights (TF.js format) into a folder' : 'Only a trained run has model files'} onClick={() => void pick()}>
        <Download size={16} /> Save model files…
      </button>
      {askPath && (
        <form
          className="app-inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (path.trim()) void save(path.trim());
          }}
        >
          <label className="app-field">
            <span>{files ? 'or a folder on the server machine (~ is its home folder)' : 'Folder on the server machine'}</span>
            <input data-testid="save-model-path" value={path} placeholder="/home/me/models/mnist" onChange={(e) => setPath(e.target.value)} autoFocus />
            {error && (
              <small className="app-error-text" role="alert" data-testid="save-model-error">
                {error}
              </small>
            )}
            <small className="app-muted">This page runs in a browser: download the files as a zip, or write them on the computer that runs LayerLab.</small>
          </label>
          {files && (
            <button type="button" className="app-btn app-btn-primary" data-testid="save-model-download" disabled={busy} onClick={() => void save(null)}>
              {busy ? 'Saving…' : 'Download (zip)'}
            </button>
          )}
          <button type="submit" className={files ? 'app-btn' : 'app-btn app-btn-primary'} data-testid="save-model-confirm" disabled={!path.trim() || busy}>
            {busy ? 'Saving…' : 'Save on the server'}
          </button>
          <button
            type="button"
            className="app-btn"
            onClick={() => {
              setAskPath(false);
              setError(null);
            }}
          >
            Cancel
          </button>
        </form>
      )}
      {error && !askPath && (
        <div className="app-error-text" role="alert" data-testid="save-model-error">
          {error}
        </div>
      )}
      {saved && (
        <div className="app-notice" data-testid="saved-files">
          <span>
            Saved {saved.files.length} file{saved.files.length === 1 ? '' : 's'} into <code>{saved.directory}</code>
          </span>
          <ul>
            {saved.files.map((f) => (
              <li key={f}>
                <code>{f}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
