import type { GraphDoc, Patch, Position } from '../../../shared/graph/history';
import { applyPatch, concatPatches } from '../../../shared/graph/history';
import { addNode, addedNodeIds, connect, insertBefore, ROW_GAP } from '../../../shared/graph/edits';
import { analyzeGraph } from '../../../shared/validate/analyze';
import { checkConnection } from './connection';

/** Horizontal step used to find a free spot beside an occupied one. */
const COL_GAP = 240;

/** The nearest spot at or to the right of `want` that no layer occupies. */
export function freeSpot(doc: GraphDoc, want: Position): Position {
  const taken = Object.values(doc.layout.positions);
  const pos = { ...want };
  while (taken.some((p) => Math.abs(p.x - pos.x) < COL_GAP - 20 && Math.abs(p.y - pos.y) < ROW_GAP - 20)) pos.x += COL_GAP;
  return pos;
}

const errorsOn = (doc: GraphDoc, ids: string[]) =>
  analyzeGraph(doc.graph).diagnostics.filter((d) => d.severity === 'error' && d.nodeId && ids.includes(d.nodeId)).length;

/**
 * Click-to-add: put a layer of `kind` below the anchor (the selected layer) and wire it up.
 * When the anchor already feeds a layer and the new one fits in between, it is spliced into that
 * edge; otherwise it is placed below and connected from the anchor when the checker allows.
 */
export function addFromPalette(doc: GraphDoc, kind: string, anchorId?: string): { patch: Patch; nodeId: string } {
  const anchor = anchorId ? doc.layout.positions[anchorId] : undefined;
  if (!anchorId || !anchor) {
    const ys = Object.values(doc.layout.positions).map((p) => p.y);
    const patch = addNode(doc, kind, freeSpot(doc, { x: 0, y: ys.length ? Math.max(...ys) + ROW_GAP : 0 }));
    return { patch, nodeId: addedNodeIds(patch)[0] };
  }
  const out = doc.graph.edges.find((e) => e.source === anchorId);
  if (out) {
    const spliced = insertBefore(doc, out.id, kind);
    const nodeId = addedNodeIds(spliced)[0];
    if (errorsOn(applyPatch(doc, spliced), [nodeId, out.target]) <= errorsOn(doc, [out.target])) return { patch: spliced, nodeId };
  }
  const add = addNode(doc, kind, freeSpot(doc, { x: anchor.x, y: anchor.y + ROW_GAP }));
  const nodeId = addedNodeIds(add)[0];
  const added = applyPatch(doc, add);
  if (!checkConnection(added.graph, anchorId, nodeId, 0).ok) return { patch: add, nodeId };
  return { patch: concatPatches(add, connect(added, anchorId, nodeId, 0)), nodeId };
}
