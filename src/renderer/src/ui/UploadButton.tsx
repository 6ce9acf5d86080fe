import { useRef, useState } from 'react';
import { Upload } from 'lucide-react';
import { files } from '../api';
import type { Uploaded } from '../api/web-files';
import { errorMessage } from '../state/errors';
import { ProgressBar } from './ProgressBar';
import { bytes } from './format';

/**
 * "Upload…" in the browser version: pick a file (or a whole folder) on this computer; it is sent to the
 * LayerLab server with progress, and `onUploaded` gets the path it was stored at. Renders nothing in
 * Electron, where files are on the same machine and the native dialogs name them.
 */
export function UploadButton({
  folder = false,
  accept,
  label,
  testId,
  disabled,
  onUploaded,
  onError,
}: {
  folder?: boolean;
  accept?: string;
  label?: string;
  testId: string;
  disabled?: boolean;
  onUploaded(u: Uploaded): void;
  onError(message: string | null): void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<{ name: string; sent: number; total: number } | null>(null);
  if (!files) return null;
  const web = files;

  const chosen = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    const picked = Array.from(list);
    const name = folder ? ((picked[0] as File & { webkitRelativePath?: string }).webkitRelativePath ?? '').split('/')[0] || 'folder' : picked[0].name;
    onError(null);
    setProgress({ name, sent: 0, total: picked.reduce((n, f) => n + f.size, 0) });
    try {
      const onProgress = (sent: number, total: number) => setProgress({ name, sent, total });
      onUploaded(folder ? await web.uploadFolder(picked, onProgress) : await web.uploadFile(picked[0], onProgress));
    } catch (err) {
      onError(`Uploading ${name} failed: ${errorMessage(err)}`);
    } finally {
      setProgress(null);
      if (input.current) input.current.value = '';
    }
  };

  // React does not know webkitdirectory; set it as a plain attribute.
  const folderProps = folder ? ({ webkitdirectory: '', directory: '' } as Record<string, string>) : {};
  return (
    <>
      <input
        ref={input}
        type="file"
        hidden
        data-testid={`${testId}-input`}
        accept={accept}
        multiple={folder}
        {...folderProps}
        onChange={(e) => void chosen(e.target.files)}
      />
      <button type="button" className="app-btn" data-testid={testId} disabled={disabled || progress !== null} onClick={() => input.current?.click()}>
        <Upload size={14} /> {label ?? (folder ? 'Upload a folder…' : 'Upload…')}
      </button>
      {progress && (
        <ProgressBar
          testId={`${testId}-progress`}
          value={progress.total ? progress.sent / progress.total : 0}
          caption={`Uploading ${progress.name}: ${bytes(progress.sent)} of ${bytes(progress.total)}`}
        />
      )}
    </>
  );
}
