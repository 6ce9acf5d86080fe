import { useMemo, useRef } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { ParamValue } from '../../../shared/graph/types';
import { addedNodeIds, copyFragment, duplicate, moveNodes, paste, removeEdges, removeNodes, rename, setParam, type Fragment } from '../../../shared/graph/edits';
import { applyPatch, concatPatches } from '../../../shared/graph/history';
import { fixPatch } from '../../../shared/validate/fixes';
import type { Diagnostic } from '../../../shared/validate/analyze';
import { addFromPalette } from './placement';
import { connectWithFix } from './connection';
import { arrange } from './auto-layout';
import type { Selection } from './flow-model';
import type { EditorDoc } from './useEditorDoc';

type SetSelection = (update: (s: Selection) => Selection) => void;
const only = (nodes: string[]): Selection => ({ nodes: new Set(nodes), edges: new Set() });

/** Every editor command, as callbacks that turn the current selection into patches. */
export function useEditorActions(editor: EditorDoc, selection: Selection, setSelection: SetSelection, say: (m: string | null) => void) {
  const rf = useReactFlow();
  const clipboard = useRef<Fragment | null>(null);
  const sel = useRef(selection);
  sel.current = selection;

  return useMemo(() => {
    const selected = () => [...sel.current.nodes].filter((id) => editor.doc.graph.nodes.some((n) => n.id === id));
    const fitSoon = (ids?: string[]) =>
      requestAnimationFrame(() => rf.fitView({ padding: 0.2, maxZoom: 1, duration: 250, nodes: ids?.map((id) => ({ id })) }));
    /** Pan (keeping the zoom) so a layer the user just added is on screen. */
    const reveal = (id: string) =>
      requestAnimationFrame(() => {
        const n = rf.getNode(id);
        const box = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
        if (!n || !box) return;
        const w = n.measured?.width ?? 200;
        const h = n.measured?.height ?? 80;
        const tl = rf.flowToScreenPosition(n.position);
        const br = rf.flowToScreenPosition({ x: n.position.x + w, y: n.position.y + h });
        if (tl.x >= box.left && tl.y >= box.top && br.x <= box.right && br.y <= box.bottom) return;
        rf.setCenter(n.position.x + w / 2, n.position.y + h / 2, { zoom: rf.getZoom(), duration: 250 });
      });
    const remove = () => {
      // Edges first, then layers against the edge-less document, so each edge is removed once.
      const edgesGone = removeEdges(editor.doc, sel.current.edges);
      const nodesGone = removeNodes(applyPatch(editor.doc, edgesGone), selected(), true);
      editor.apply(concatPatches(edgesGone, nodesGone));
      setSelection(() => only([]));
    };
    return {
      add(kind: string) {
        const anchor = selected().length === 1 ? selected()[0] : undefined;
        const { patch, nodeId } = addFromPalette(editor.doc, kind, anchor);
        editor.apply(patch);
        setSelection(() => only([nodeId]));
        reveal(nodeId);
      },
      remove,
      copy() {
        if (!selected().length) return;
        clipboard.current = copyFragment(editor.doc, selected());
        say(`Copied ${selected().length} layer${selected().length > 1 ? 's' : ''}.`);
      },
      cut() {
        if (!selected().length) return;
        clipboard.current = copyFragment(editor.doc, selected());
        remove();
      },
      paste() {
        const frag = clipboard.current;
        if (!frag) return say('Nothing to paste: copy a layer first (Ctrl+C).');
        const patch = paste(editor.doc, frag);
        editor.apply(patch);
        const moved = Object.fromEntries(Object.entries(frag.positions).map(([k, p]) => [k, { x: p.x + 40, y: p.y + 40 }]));
        clipboard.current = { ...frag, positions: moved };
        setSelection(() => only(addedNodeIds(patch)));
      },
      duplicate() {
        if (!selected().length) return;
        const patch = duplicate(editor.doc, selected());
        editor.apply(patch);
        setSelection(() => only(addedNodeIds(patch)));
      },
      selectAll: () => setSelection(() => ({ nodes: new Set(editor.doc.graph.nodes.map((n) => n.id)), edges: new Set(editor.doc.graph.edges.map((e) => e.id)) })),
      clear: () => setSelection(() => only([])),
      arrange() {
        const sizes = Object.fromEntries(rf.getNodes().flatMap((n) => (n.measured?.width && n.measured.height ? [[n.id, { width: n.measured.width, height: n.measured.height }]] : [])));
        editor.apply(moveNodes(editor.doc, arrange(editor.doc, sizes)));
        fitSoon();
      },
      fit: () => fitSoon(),
      param(nodeId: string, key: string, value: ParamValue) {
        editor.apply(setParam(editor.doc, nodeId, key, value));
      },
      rename(nodeId: string, name: string) {
        editor.apply(rename(editor.doc, nodeId, name));
      },
      pick(d: Diagnostic) {
        if (!d.nodeId) return;
        setSelection(() => only([d.nodeId!]));
        reveal(d.nodeId);
      },
      /** Draw a link the checker refused, with its repair, as one undoable edit. */
      connectFixed(source: string, target: string, port: number) {
        const r = connectWithFix(editor.doc, source, target, port);
        if (!r) return say('That fix no longer applies: the model changed since. Draw the link again.');
        editor.apply(r.patch);
        const added = addedNodeIds(r.patch);
        setSelection(() => only(added.length ? added : [target]));
        say(`Applied: ${r.label}. Undo (Ctrl+Z) takes it back.`);
      },
      fix(d: Diagnostic) {
        const patch = fixPatch(editor.doc, d);
        if (!patch) return say('This problem has no automatic fix.');
        editor.apply(patch);
        const added = addedNodeIds(patch);
        setSelection(() => only(added.length ? added : d.nodeId ? [d.nodeId] : []));
        say(`Applied: ${d.fix?.label}.`);
      },
    };
  }, [editor, rf, setSelection, say]);
}
