import { useEffect, useState } from 'react';
import { Download } from 'lucide-react';
import { api, files } from '../api';
import { errorMessage } from '../state/errors';

/**
 * Browser version: download a file or folder LayerLab wrote for this browser (a folder arrives as a zip).
 * Renders nothing in Electron, where the files were written where the person chose.
 */
export function DownloadButton({ path, filename, label, testId, onError }: { path: string; filename?: string; label: string; testId: string; onError(message: string | null): void }) {
  const [busy, setBusy] = useState(false);
  if (!files) return null;
  const web = files;
  const go = async () => {
    setBusy(true);
    onError(null);
    try {
      await web.download(path, filename);
    } catch (err) {
      onError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" className="app-btn" data-testid={testId} disabled={busy} onClick={() => void go()}>
      <Download size={14} /> {label}
    </button>
  );
}

/**
 * Browser version: a test for "LayerLab wrote this for the browser" (inside `<data>/downloads`, the only
 * place the host serves downloads from). Always false in Electron.
 */
export function useDownloadable(): (path: string | null | undefined) => boolean {
  const [root, setRoot] = useState<string | null>(null);
  useEffect(() => {
    if (!files) return;
    let live = true;
    void api.call('app.info', {}).then(
      (info) => live && setRoot(info.dataDir.replace(/[\\/]+$/, '')),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return (path) => {
    if (!root || !path) return false;
    const rest = path.slice(root.length);
    return path.startsWith(root) && /^[\\/]downloads[\\/]./.test(rest);
  };
}
