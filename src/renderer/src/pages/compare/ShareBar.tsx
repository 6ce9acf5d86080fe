import { useState } from 'react';
import { FileDown, Package } from 'lucide-react';
import { api, files } from '../../api';
import { reportError } from '../../state/errors';

/** Save the compared runs as an HTML report or as a bundle another LayerLab can import. */
export function ShareBar({ ids }: { ids: string[] }) {
  const [folder, setFolder] = useState('');
  const [done, setDone] = useState<string | null>(null);
  // Browser version with no folder typed: write into a fresh folder on the host and download the file.
  const toBrowser = Boolean(files) && !folder.trim();
  const run = async (kind: 'report' | 'bundle') => {
    try {
      const dir = toBrowser ? await files!.outputFolder() : folder.trim();
      const target = (file: string) => `${dir.replace(/[\\/]+$/, '')}/${file}`;
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
      const r =
        kind === 'report'
          ? await api.call('experiments.report', { ids, path: target(`layerlab-report-${stamp}.html`) })
          : await api.call('experiments.exportBundle', {
              ids,
              path: target(`layerlab-experiments-${stamp}.layerlab`),
            });
      if (toBrowser) {
        await files!.download(r.path);
        setDone(`Downloaded ${r.path.split(/[\\/]/).pop()} (${Math.ceil(r.bytes / 1024)} KB)`);
      } else setDone(`Saved ${r.path} (${Math.ceil(r.bytes / 1024)} KB)`);
    } catch (err) {
      reportError(err);
    }
  };
  return (
    <div className="app-toolbar" style={{ margin: '8px 0' }}>
      <input
        aria-label="Folder to save into"
        data-testid="share-folder"
        placeholder={files ? 'Empty: download here · or a folder on the server' : 'Folder to save into (full path)'}
        value={folder}
        style={{ flex: '1 1 240px', maxWidth: 420 }}
        onChange={(e) => setFolder(e.target.value)}
      />
      <button
        className="app-btn"
        data-testid="save-report"
        disabled={!folder.trim() && !files}
        onClick={() => void run('report')}
      >
        <FileDown size={14} /> HTML report
      </button>
      <button
        className="app-btn"
        data-testid="save-bundle"
        disabled={!folder.trim() && !files}
        onClick={() => void run('bundle')}
      >
        <Package size={14} /> Export bundle
      </button>
      {done && (
        <span className="app-muted" data-testid="share-done">
          {done}
        </span>
      )}
    </div>
  );
}
