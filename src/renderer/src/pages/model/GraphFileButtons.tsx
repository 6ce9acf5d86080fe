import { useEffect, useRef } from 'react';
import { FolderOpen, Save } from 'lucide-react';
import { useDraft } from '../../state/draft';
import { downloadGraphFile, GRAPH_FILE_SUFFIX, nameFromFile, readGraphFile } from './graph-file-io';

/** What the last save or open did, shown in the page's dismissible notice. */
export type GraphFileNotice = { tone: 'ok' | 'bad'; text: string; repairs?: string[] };

const mod = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform) ? '⌘' : 'Ctrl+';

/** "Save graph…" and "Open graph…" (Ctrl+S, Ctrl+O) for `<name>.layerlab.json` files. */
export function GraphFileButtons({ onNotice }: { onNotice(n: GraphFileNotice | null): void }) {
  const input = useRef<HTMLInputElement>(null);
  const loadFile = useDraft((s) => s.loadFile);

  const save = () => {
    const { graph, layout, name } = useDraft.getState();
    const file = downloadGraphFile(graph, layout, name);
    onNotice({ tone: 'ok', text: `Saved the graph as “${file}”.` });
  };
  const open = () => input.current?.click();
  const onPicked = async (file: File | undefined) => {
    if (!file) return;
    const r = await readGraphFile(file);
    if (!r.ok) return onNotice({ tone: 'bad', text: `Could not open “${file.name}”. ${r.message}` });
    loadFile(r.file.graph, r.file.layout, nameFromFile(file.name, r.file.name));
    onNotice({
      tone: 'ok',
      text: r.repairs.length ? `Opened “${file.name}” after these repairs:` : `Opened “${file.name}”.`,
      repairs: r.repairs,
    });
  };

  // Ctrl+S / Ctrl+O anywhere on the Model page, even while typing (the browser's own save and open
  // dialogs would be no use here).
  const keys = useRef({ save, open });
  keys.current = { save, open };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      const key = e.key.toLowerCase();
      if (key !== 's' && key !== 'o') return;
      e.preventDefault();
      e.stopImmediatePropagation();
      if (key === 's') keys.current.save();
      else keys.current.open();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  return (
    <>
      <button type="button" className="app-btn" data-testid="save-graph" onClick={save} title={`Save the graph to a ${GRAPH_FILE_SUFFIX} file (${mod}S)`}>
        <Save size={16} aria-hidden /> Save graph…
      </button>
      <button type="button" className="app-btn" data-testid="open-graph" onClick={open} title={`Open a ${GRAPH_FILE_SUFFIX} file (${mod}O)`}>
        <FolderOpen size={16} aria-hidden /> Open graph…
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="open-graph-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = ''; // the same file can be picked again
          void onPicked(file);
        }}
      />
    </>
  );
}
