import { useCallback, useMemo, useRef, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './editor.css';
import type { GraphLayout, ModelGraph, ParamValue } from '../../../shared/graph/types';
import { analyzeGraph } from '../../../shared/validate/analyze';
import { useEditorDoc } from './useEditorDoc';
import { useEditorActions } from './useEditorActions';
import { useEditorKeys } from './useEditorKeys';
import { NO_SELECTION, type Selection } from './flow-model';
import { Canvas, type RefusedLink } from './Canvas';
import { RefusedLinkOffer } from './RefusedLinkOffer';
import { Palette } from './Palette';
import { Inspector } from './Inspector';
import { Summary } from './Summary';
import { problemsLine } from './summary';
import { Diagnostics } from './Diagnostics';
import { Toolbar } from './Toolbar';
import { ShortcutHelp } from './ShortcutHelp';

/** Props contract between the app shell and the editor. The editor fills its parent. */
export interface GraphEditorProps {
  graph: ModelGraph;
  layout: GraphLayout;
  onChange(graph: ModelGraph, layout: GraphLayout): void;
  /** Batch size used for the training-memory estimate (default 32). */
  batchSize?: number;
}

/** The drag-and-drop model editor: palette, canvas, inspector, summary and problems. */
export function GraphEditor(props: GraphEditorProps) {
  return (
    <ReactFlowProvider>
      <EditorBody {...props} />
    </ReactFlowProvider>
  );
}

function EditorBody({ graph, layout, onChange, batchSize = 32 }: GraphEditorProps) {
  const editor = useEditorDoc(graph, layout, onChange);
  const { doc } = editor;
  const analysis = useMemo(() => analyzeGraph(doc.graph), [doc.graph]);
  const [selection, setSelectionState] = useState<Selection>(NO_SELECTION);
  const [status, setStatus] = useState<{ text: string; tone: 'info' | 'warn' } | null>(null);
  const [help, setHelp] = useState(false);
  // Tied to the graph it was refused on: any other edit makes the offer go away.
  const [refused, setRefused] = useState<{ link: RefusedLink; graph: ModelGraph } | null>(null);
  const onRefused = useCallback((link: RefusedLink | null) => setRefused(link && { link, graph: editor.doc.graph }), [editor]);
  const root = useRef<HTMLDivElement>(null);
  const statusTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const setSelection = useCallback((f: (s: Selection) => Selection) => setSelectionState(f), []);
  const say = useCallback((m: string | null, tone: 'info' | 'warn' = 'info') => {
    setStatus(m ? { text: m, tone } : null);
    clearTimeout(statusTimer.current);
    if (m) statusTimer.current = setTimeout(() => setStatus(null), 4000);
  }, []);
  const actions = useEditorActions(editor, selection, setSelection, say);
  useEditorKeys(root, {
    ...actions,
    undo: editor.undo,
    redo: editor.redo,
    toggleHelp: () => setHelp((h) => !h),
    clear: () => (help ? setHelp(false) : actions.clear()),
  });

  const selectedIds = [...selection.nodes].filter((id) => doc.graph.nodes.some((n) => n.id === id));
  const node = selectedIds.length === 1 ? (doc.graph.nodes.find((n) => n.id === selectedIds[0]) ?? null) : null;
  // Stable callbacks, so the memoised side panels skip re-rendering while a layer is dragged.
  const nodeId = node?.id;
  const onParam = useCallback((k: string, v: ParamValue) => nodeId && actions.param(nodeId, k, v), [actions, nodeId]);
  const onRename = useCallback((name: string) => nodeId && actions.rename(nodeId, name), [actions, nodeId]);

  return (
    <div className="ed-root" ref={root}>
      <Palette onAdd={actions.add} />
      <main className="ed-main">
        <Toolbar
          canUndo={editor.canUndo}
          canRedo={editor.canRedo}
          onUndo={editor.undo}
          onRedo={editor.redo}
          onArrange={actions.arrange}
          onFit={actions.fit}
          onHelp={() => setHelp((h) => !h)}
          hasSelection={selectedIds.length > 0 || selection.edges.size > 0}
          onDelete={actions.remove}
          onDuplicate={actions.duplicate}
        />
        <Canvas editor={editor} analysis={analysis} selection={selection} onSelect={setSelection} onStatus={(m) => say(m, 'warn')} onRefused={onRefused} />
        {refused && refused.graph === doc.graph && (
          <RefusedLinkOffer
            link={refused.link}
            onApply={() => {
              setRefused(null);
              actions.connectFixed(refused.link.source, refused.link.target, refused.link.port);
            }}
            onDismiss={() => setRefused(null)}
          />
        )}
         <div className={`ed-status ${status ? `ed-status-${status.tone}` : ''}`} role="status" data-testid="status-line">
          {status?.text ?? problemsLine(analysis.diagnostics)}
        </div>
        {help && <ShortcutHelp onClose={() => setHelp(false)} />}
      </main>
      <aside className="ed-side">
        <Inspector
          node={node}
          selectedCount={selectedIds.length}
          analysis={analysis}
          onParam={onParam}
          onRename={onRename}
          onEditStart={editor.beginGesture}
          onEditEnd={editor.commitGesture}
          onFix={actions.fix}
        />
        <Summary analysis={analysis} layers={doc.graph.nodes.length} batchSize={batchSize} />
        <Diagnostics diagnostics={analysis.diagnostics} nodes={doc.graph.nodes} onPick={actions.pick} onFix={actions.fix} />
      </aside>
    </div>
  );
}
