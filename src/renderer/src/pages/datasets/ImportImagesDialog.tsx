import { useEffect, useState } from 'react';
import type { DatasetImportResult } from '../../../../shared/api/types';
import { api, files } from '../../api';
import { UploadButton } from '../../ui/UploadButton';
import { errorMessage } from '../../state/errors';
import { NumberField } from '../../ui/NumberField';
import { splitProblem } from '../../../../shared/api/datasets-schemas';
import { SplitFields } from './SplitFields';
import { ImportProgress, newImportId } from './ImportProgress';
import { baseName } from './import-logic';

/** Import a folder with one subfolder per class (PNG/JPEG), resized to a fixed size. */
export function ImportImagesDialog({ onClose, onImported }: { onClose(): void; onImported(r: DatasetImportResult): void }) {
  const [directory, setDirectory] = useState('');
  const [name, setName] = useState('');
  const [size, setSize] = useState({ width: 28, height: 28 });
  const [color, setColor] = useState<'grayscale' | 'rgb'>('grayscale');
  const [split, setSplit] = useState({ train: 0.8, val: 0.1, test: 0.1 });
  const [importId, setImportId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [canPick, setCanPick] = useState(false);
  useEffect(() => {
    // Only the desktop host has a native folder picker; a call with no dialog shown tells us nothing, so
    // offer the button and let its answer decide.
    setCanPick(Boolean(window.layerlab));
  }, []);

  const pick = async () => {
    const r = await api.call('system.pickDirectory', { title: 'Folder with one subfolder per class' });
    if (!r.supported) setCanPick(false);
    if (r.path) setDirectory(r.path);
  };
  const run = async () => {
    const id = newImportId();
    setImportId(id);
    setError(null);
    try {
      onImported(await api.call('datasets.importImages', { directory: directory.trim(), name: name.trim() || baseName(directory), ...size, color, split, importId: id }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setImportId(null);
    }
  };
  const px = (n: number) => (Number.isInteger(n) && n >= 1 && n <= 1024 ? null : '1 to 1024 pixels.');
  return (
    <section className="app-card ds-dialog" data-testid="import-images-dialog" aria-label="Import an image folder">
      <div className="app-card-head">
        <h3>Import an image folder</h3>
        <button type="button" className="app-icon-btn" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </div>
      <p className="app-muted">One subfolder per class (its name is the class), PNG or JPEG files inside. Unreadable files are skipped and listed.</p>
      <div className="app-inline-form">
        <input className="ds-path" data-testid="import-images-path" value={directory} placeholder="/home/me/data/pets" onChange={(e) => setDirectory(e.target.value)} />
        {canPick && (
          <button type="button" className="app-btn" onClick={() => void pick()}>
            Choose…
          </button>
        )}
        <UploadButton
          folder
          testId="import-images-upload"
          onError={setError}
          onUploaded={(u) => {
            setDirectory(u.path);
            setName((n) => n || u.name);
          }}
        />
      </div>
      {files && <small className="app-muted">Upload a folder from this computer, or type a folder's path on the machine running LayerLab (~ is your home folder there).</small>}
      <div className="app-form-grid">
        <label className="app-field">
          <span>Dataset name</span>
          <input data-testid="import-images-name" value={name} placeholder={directory ? baseName(directory) : ''} onChange={(e) => setName(e.target.value)} />
        </label>
        <NumberField label="Width" value={size.width} check={px} onCommit={(width) => setSize((s) => ({ ...s, width }))} />
        <NumberField label="Height" value={size.height} check={px} onCommit={(height) => setSize((s) => ({ ...s, height }))} />
        <label className="app-field">
          <span>Colour</span>
          <select value={color} onChange={(e) => setColor(e.target.value as 'grayscale' | 'rgb')}>
            <option value="grayscale">grayscale (1 channel)</option>
            <option value="rgb">RGB (3 channels)</option>
          </select>
        </label>
        <SplitFields split={split} testIdPrefix="import-images" onChange={setSplit} />
      </div>
      {error && (
        <div className="app-banner app-banner-inline" role="alert" data-testid="import-error">
          {error}
        </div>
      )}
      {importId ? (
        <ImportProgress importId={importId} />
      ) : (
        <div className="app-actions">
          <button type="button" className="app-btn app-btn-primary" data-testid="import-images-confirm" disabled={!directory.trim() || splitProblem(split) !== null} onClick={() => void run()}>
            Import
          </button>
        </div>
      )}
    </section>
  );
}
