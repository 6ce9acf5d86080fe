import { ApiError, type CallResult } from '../../../shared/api/errors';

/**
 * The browser side of the web host's /files routes (see src/main/transport/file-routes.ts): files and
 * folders the person picks are sent to the host in pieces (with progress) into its uploads folder, and
 * what LayerLab writes for this browser (exports, model files, reports, bundles, predictions) comes back
 * as an ordinary browser download. Absent in Electron, where the native dialogs name real paths.
 */

export interface Uploaded {
  /** Where the host stored it: pass this to inspect/import. */
  path: string;
  name: string;
  bytes: number;
  files: number;
}

export type Progress = (sent: number, total: number) => void;

/** A browser file picked from a folder input carries its path inside the picked folder. */
type FolderFile = File & { webkitRelativePath?: string };

export function webFiles(token: string) {
  const call = async <T>(url: string, init: RequestInit): Promise<T> => {
    let res: Response;
    try {
      res = await fetch(url, { ...init, headers: { 'x-layerlab-token': token, ...(init.headers ?? {}) } });
    } catch {
      throw new ApiError('unavailable', 'The LayerLab server cannot be reached. Is it still running?');
    }
    if (res.status === 413) throw new ApiError('invalid_input', 'The server refused a piece of the upload as too large.');
    const body = (await res.json().catch(() => null)) as CallResult<T> | null;
    if (!body || !('ok' in body)) throw new ApiError('unavailable', `The server answered ${res.status}.`);
    if (!body.ok) throw new ApiError(body.error.code, body.error.message);
    return body.result;
  };
  const post = <T>(url: string, json?: unknown) =>
    call<T>(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(json ?? {}) });

  /** Send `items` (one file, or a folder's files with their relative paths) as one upload. */
  async function upload(kind: 'file' | 'folder', name: string, items: { file: File; rel?: string }[], onProgress?: Progress): Promise<Uploaded> {
    const total = items.reduce((n, i) => n + i.file.size, 0);
    const { id, chunkBytes } = await post<{ id: string; chunkBytes: number }>('/files/uploads', { kind, name, bytes: total, files: items.length });
    let sent = 0;
    onProgress?.(0, total);
    try {
      for (const { file, rel } of items) {
        for (let off = 0; off < file.size; off += chunkBytes) {
          const piece = file.slice(off, off + chunkBytes);
          const q = new URLSearchParams({ offset: String(off), ...(rel ? { path: rel } : {}) });
          await call(`/files/uploads/${id}?${q}`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: piece });
          sent += piece.size;
          onProgress?.(sent, total);
        }
      }
      return await post<Uploaded>(`/files/uploads/${id}/finish`);
    } catch (err) {
      // Nothing half-sent stays on the server.
      await call(`/files/uploads/${id}`, { method: 'DELETE' }).catch(() => undefined);
      throw err;
    }
  }

  /** Start a browser download of a file or folder (zipped) the host wrote into its downloads folder. */
  async function download(path: string, filename?: string): Promise<void> {
    const { url, filename: name } = await post<{ url: string; filename: string }>('/files/links', { path, ...(filename ? { filename } : {}) });
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.rel = 'noopener';
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  return {
    uploadFile: (file: File, onProgress?: Progress) => upload('file', file.name, [{ file }], onProgress),
    /** The files of an <input webkitdirectory>: the folder's name is the first part of each path. */
    uploadFolder(files: FileList | File[], onProgress?: Progress) {
      const list = Array.from(files as ArrayLike<FolderFile>);
      if (list.length === 0) throw new ApiError('invalid_input', 'The chosen folder holds no files.');
      const first = list[0].webkitRelativePath ?? '';
      const folder = first.includes('/') ? first.split('/')[0] : 'folder';
      const items = list.map((file) => ({ file, rel: (file.webkitRelativePath ?? file.name).split('/').slice(1).join('/') || file.name }));
      return upload('folder', folder, items, onProgress);
    },
    /** A fresh, empty folder on the host to export or save into, for downloading afterwards. */
    outputFolder: () => post<{ directory: string }>('/files/outputs').then((r) => r.directory),
    download,
  };
}

export type WebFiles = ReturnType<typeof webFiles>;
