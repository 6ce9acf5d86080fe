import { useCallback, useMemo, useState, type DragEvent } from 'react';
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
} from '@xyflow/react';
import type { GraphAnalysis } from '../../../shared/validate/analyze';
import { addNode, addedNodeIds, connect, moveNodes } from '../../../shared/graph/edits';
import { LayerNodeView } from './LayerNodeView';
import { createFlowNodes, toFlowEdges, type LayerFlowNode, type Selection } from './flow-model';
import { checkConnection, connectWithFix, replacementNote } from './connection';
import { PALETTE_MIME } from './Palette';
import { NODE_SIZE } from './auto-layout';
import type { EditorDoc } from './useEditorDoc';

const nodeTypes = { layer: LayerNodeView };
type Size = { width: number; height: number };

/** A link the checker refused but can repair: what the user drew, why it was refused, and the repair. */
export interface RefusedLink {
  source: string;
  target: string;
  port: number;
  reason: string;
  fix: string;
}

interface Props {
  editor: EditorDoc;
  analysis: GraphAnalysis;
  selection: Selection;
  onSelect(update: (s: Selection) => Selection): void;
  onStatus(message: string | null): void;
  /** The user let go on an input that refused the link, and a repair exists (null: nothing to offer). */
  onRefused(link: RefusedLink | null): void;
}

/** The React Flow view of the document: every change the user makes becomes a patch. */
export function Canvas({ editor, analysis, selection, onSelect, onStatus, onRefused }: Props) {
  const { doc } = editor;
  const rf = useReactFlow();
  const [measured, setMeasured] = useState<Record<string, Size>>({});
  const flowNodes = useMemo(createFlowNodes, []);
  const nodes = useMemo(() => flowNodes(doc, analysis, selection, measured), [flowNodes, doc, analysis, selection, measured]);
  // Edges do not depend on the layout: a drag (layout-only edits) keeps the same edge objects.
  const graph = doc.graph;
  const edges = useMemo(() => toFlowEdges({ graph }, analysis, selection), [graph, analysis, selection]);
  // Fit the graph into view when the editor opens on one. React Flow queues fitView until the first
  // layers are measured, so on an empty canvas it would fire on the first drop and throw the view
  // (and the new layer with it) away from where the user let go: an empty canvas never asks to fit.
  const [fitOnOpen] = useState(() => doc.graph.nodes.length > 0);

  const onNodesChange = useCallback(
    (changes: NodeChange<LayerFlowNode>[]) => {
      const moves: Record<string, { x: number; y: number }> = {};
      const sizes: Record<string, Size> = {};
      const picked = new Map<string, boolean>();
      for (const c of changes) {
        if (c.type === 'position' && c.position) moves[c.id] = c.position;
        else if (c.type === 'dimensions' && c.dimensions) sizes[c.id] = c.dimensions;
        else if (c.type === 'select') picked.set(c.id, c.selected);
      }
      if (Object.keys(moves).length) editor.apply(moveNodes(editor.doc, moves));
      if (Object.keys(sizes).length) setMeasured((m) => ({ ...m, ...sizes }));
      if (picked.size)
        onSelect((s) => {
          const next = new Set(s.nodes);
          for (const [id, on] of picked) if (on) next.add(id); else next.delete(id);
          return { ...s, nodes: next };
        });
    },
    [editor, onSelect],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const picked = changes.flatMap((c) => (c.type === 'select' ? [c] : []));
      if (!picked.length) return;
      onSelect((s) => {
        const next = new Set(s.edges);
        for (const c of picked) if (c.selected) next.add(c.id); else next.delete(c.id);
        return { ...s, edges: next };
      });
    },
    [onSelect],
  );

  const isValidConnection = useCallback(
    (c: Connection | Edge) => {
      const r = checkConnection(editor.doc.graph, c.source, c.target, Number(c.targetHandle ?? 0));
      onStatus(r.ok ? null : r.fix ? `${r.reason} Let go here to be offered a fix.` : r.reason);
      return r.ok;
    },
    [editor, onStatus],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const port = Number(c.targetHandle ?? 0);
      if (!checkConnection(editor.doc.graph, c.source, c.target, port).ok) return;
      const note = replacementNote(editor.doc.graph, c.source, c.target, port);
      editor.apply(connect(editor.doc, c.source, c.target, port));
      if (note) onStatus(note);
    },
    [editor, onStatus],
  );

  // A drag that ends on an input which refused it: offer the repair when there is one.
  const onConnectEnd = useCallback(
    (_e: unknown, end: FinalConnectionState) => {
      setTimeout(() => onStatus(null), 2500);
      if (end.isValid !== false || !end.fromNode || !end.toNode || !end.fromHandle || !end.toHandle) return onRefused(null);
      // The drag may start at either end: from an output down to an input, or from an input up.
      const down = end.fromHandle.type === 'source';
      const source = down ? end.fromNode.id : end.toNode.id;
      const target = down ? end.toNode.id : end.fromNode.id;
      const port = Number((down ? end.toHandle.id : end.fromHandle.id) ?? 0);
      const r = checkConnection(editor.doc.graph, source, target, port);
      onRefused(!r.ok && r.fix && connectWithFix(editor.doc, source, target, port) ? { source, target, port, reason: r.reason, fix: r.fix } : null);
    },
    [editor, onStatus, onRefused],
  );

  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(PALETTE_MIME);
      if (!kind) return;
      e.preventDefault();
      const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const patch = addNode(editor.doc, kind, { x: Math.round(p.x - NODE_SIZE.width / 2), y: Math.round(p.y - 20) });
      editor.apply(patch);
      onSelect(() => ({ nodes: new Set(addedNodeIds(patch)), edges: new Set() }));
    },
    [editor, rf, onSelect],
  );

  return (
    <div className="ed-canvas" data-testid="canvas" tabIndex={-1} onDragOver={(e) => (e.preventDefault(), (e.dataTransfer.dropEffect = 'copy'))} onDrop={onDrop}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onConnectStart={() => onRefused(null)}
        onConnectEnd={onConnectEnd}
        onNodeDragStart={editor.beginGesture}
        onNodeDragStop={editor.commitGesture}
        onSelectionDragStart={editor.beginGesture}
        onSelectionDragStop={editor.commitGesture}
        deleteKeyCode={null}
        snapToGrid
        snapGrid={[10, 10]}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
        fitView={fitOnOpen}
        fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
        minZoom={0.1}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} size={1} />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable nodeStrokeWidth={3} className="ed-minimap" />
      </ReactFlow>
    </div>
  );
}
