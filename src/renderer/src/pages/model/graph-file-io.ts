import { parseGraphFile, serializeGraphFile, type ParseGraphFileResult } from '../../../../shared/graph/file';
import type { GraphLayout, ModelGraph } from '../../../../shared/graph/types';

/** Extension of LayerLab graph files. */
export const GRAPH_FILE_SUFFIX = '.layerlab.json';

/** `<name>.layerlab.json`, with characters no file system accepts replaced. */
export function graphFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-').replace(/^[\s.]+|[\s.]+$/g, '');
  return `${base || 'model'}${GRAPH_FILE_SUFFIX}`;
}

/** The model name a file suggests: its own name field, else the file name without the suffix. */
export function nameFromFile(fileName: string, named?: string): string {
  if (named?.trim()) return named.trim();
  return fileName.replace(/\.layerlab\.json$|\.json$/i, '') || 'Opened model';
}

/**
 * Save through the browser's download: a Blob behind an `<a download>`. The same code works in a
 * browser and in Electron (which shows its save dialog for downloads).
 */
export function downloadGraphFile(graph: ModelGraph, layout: GraphLayout, name: string): string {
  const fileName = graphFileName(name);
  const blob = new Blob([serializeGraphFile(graph, layout, name.trim() || undefined)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke later: some browsers start reading the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return fileName;
}

/** Larger than any real graph file; refused before reading so a wrong pick cannot hang the page. */
export const MAX_GRAPH_FILE_BYTES = 20 * 1024 * 1024;

/** Read a picked file through parseGraphFile; a file too large is refused in plain words. */
export async function readGraphFile(file: File): Promise<ParseGraphFileResult> {
  if (file.size > MAX_GRAPH_FILE_BYTES)
    return { ok: false, message: `“${file.name}” is ${(file.size / 1048576).toFixed(0)} MB: too large to be a LayerLab graph file.` };
  return parseGraphFile(await file.text());
}
