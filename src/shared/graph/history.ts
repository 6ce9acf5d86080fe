import type { GraphEdge, GraphLayout, LayerNode, ModelGraph, ParamValue } from './types';

/** What the editor edits: the model graph plus its layout. Both are replaced, never mutated. */
export interface GraphDoc {
  graph: ModelGraph;
  layout: GraphLayout;
}

/** A canvas position in canvas units. */
export type Position = { x: number; y: number };

/**
 * One atomic, self-inverting change. Removals carry what they removed (and where), so that the
 * inverse can put it back exactly; `index` is the array position in graph.nodes / graph.edges.
 */
export type PatchOp =
  | { op: 'addNode'; node: LayerNode; index: number; position?: Position }
  | { op: 'removeNode'; node: LayerNode; index: number; position?: Position }
  | { op: 'addEdge'; edge: GraphEdge; index: number }
  | { op: 'removeEdge'; edge: GraphEdge; index: number }
  | { op: 'setParam'; nodeId: string; key: string; before: ParamValue | undefined; after: ParamValue | undefined }
  | { op: 'rename'; nodeId: string; before: string; after: string }
  | { op: 'move'; nodeId: string; before: Position | undefined; after: Position | undefined };

/** An ordered list of ops; applying it then its inverse gives back the original document. */
export interface Patch {
  ops: PatchOp[];
}

/** The patch that does nothing. */
export const EMPTY_PATCH: Patch = { ops: [] };

/** True when applying the patch would change nothing. */
export const isEmptyPatch = (p: Patch): boolean => p.ops.length === 0;

function invertOp(o: PatchOp): PatchOp {
  switch (o.op) {
    case 'addNode':
      return { ...o, op: 'removeNode' };
    case 'removeNode':
      return { ...o, op: 'addNode' };
    case 'addEdge':
      return { ...o, op: 'removeEdge' };
    case 'removeEdge':
      return { ...o, op: 'addEdge' };
    case 'setParam':
    case 'rename':
    case 'move':
      return { ...o, before: o.after, after: o.before } as PatchOp;
  }
}

/** The patch that undoes `p` (ops inverted, in reverse order). */
export function invertPatch(p: Patch): Patch {
  return { ops: p.ops.map(invertOp).reverse() };
}

/** One patch doing `a` then `b`. */
export function concatPatches(...patches: Patch[]): Patch {
  return { ops: patches.flatMap((p) => p.ops) };
}

const insertAt = <T>(list: T[], index: number, item: T): T[] => {
  const i = Math.max(0, Math.min(index, list.length));
  return [...list.slice(0, i), item, ...list.slice(i)];
};

function setPosition(layout: GraphLayout, id: string, pos: Position | undefined): GraphLayout {
  const positions = { ...layout.positions };
  if (pos) positions[id] = { x: pos.x, y: pos.y };
  else delete positions[id];
  return { positions };
}

function mapNode(graph: ModelGraph, id: string, f: (n: LayerNode) => LayerNode): ModelGraph {
  return { ...graph, nodes: graph.nodes.map((n) => (n.id === id ? f(n) : n)) };
}

function applyOp(doc: GraphDoc, o: PatchOp): GraphDoc {
  const { graph, layout } = doc;
  switch (o.op) {
    case 'addNode':
      return {
        graph: { ...graph, nodes: insertAt(graph.nodes, o.index, o.node) },
        layout: o.position ? setPosition(layout, o.node.id, o.position) : layout,
      };
    case 'removeNode':
      return {
        graph: { ...graph, nodes: graph.nodes.filter((n) => n.id !== o.node.id) },
        layout: o.node.id in layout.positions ? setPosition(layout, o.node.id, undefined) : layout,
      };
    case 'addEdge':
      return { graph: { ...graph, edges: insertAt(graph.edges, o.index, o.edge) }, layout };
    case 'removeEdge':
      return { graph: { ...graph, edges: graph.edges.filter((e) => e.id !== o.edge.id) }, layout };
    case 'setParam':
      return {
        graph: mapNode(graph, o.nodeId, (n) => {
          const params = { ...n.params };
          if (o.after === undefined) delete params[o.key];
          else params[o.key] = o.after;
          return { ...n, params };
        }),
        layout,
      };
    case 'rename':
      return { graph: mapNode(graph, o.nodeId, (n) => ({ ...n, name: o.after })), layout };
    case 'move':
      return { graph, layout: setPosition(layout, o.nodeId, o.after) };
  }
}

/** Apply a patch to a document, returning a new document (the input is not mutated). */
export function applyPatch(doc: GraphDoc, p: Patch): GraphDoc {
  return p.ops.reduce(applyOp, doc);
}

/**
 * Shrink a patch: consecutive moves of one node collapse into one (first `before`, last `after`).
 * Used when a drag gesture is committed as a single history entry.
 */
export function compactPatch(p: Patch): Patch {
  const ops: PatchOp[] = [];
  const lastMove = new Map<string, number>();
  for (const o of p.ops) {
    if (o.op === 'move' && lastMove.has(o.nodeId)) {
      const i = lastMove.get(o.nodeId)!;
      const prev = ops[i] as Extract<PatchOp, { op: 'move' }>;
      ops[i] = { ...prev, after: o.after };
      continue;
    }
    if (o.op === 'move') lastMove.set(o.nodeId, ops.length);
    else if (o.op === 'removeNode' || o.op === 'addNode') lastMove.delete(o.node.id);
    ops.push(o);
  }
  return { ops };
}

/**
 * The undo/redo stack. `past` holds applied patches (newest last), `future` the undone ones.
 * `gesture` collects the patches of an open gesture (a drag) that will become one entry on commit.
 * Selection is deliberately not part of history.
 */
export interface History {
  past: Patch[];
  future: Patch[];
  gesture: Patch | null;
}

/** A fresh, empty history. */
export const emptyHistory = (): History => ({ past: [], future: [], gesture: null });

/** Most entries kept; older ones fall off. */
export const HISTORY_LIMIT = 200;

/** Record a patch that has just been applied. Inside a gesture it joins the gesture's entry. */
export function recordPatch(h: History, p: Patch): History {
  if (isEmptyPatch(p)) return h;
  if (h.gesture) return { ...h, gesture: concatPatches(h.gesture, p) };
  return { past: [...h.past, p].slice(-HISTORY_LIMIT), future: [], gesture: null };
}

/** Open a gesture (drag start): following patches merge into one history entry. */
export function beginGesture(h: History): History {
  return h.gesture ? h : { ...h, gesture: EMPTY_PATCH };
}

/** Close the open gesture (drag stop) and push it as one compacted entry. */
export function commitGesture(h: History): History {
  if (!h.gesture) return h;
  const p = compactPatch(h.gesture);
  return recordPatch({ ...h, gesture: null }, p);
}

/** Can undo / redo right now? */
export const canUndo = (h: History): boolean => h.past.length > 0 || (h.gesture !== null && !isEmptyPatch(h.gesture));
export const canRedo = (h: History): boolean => h.future.length > 0;

/** Undo the newest entry (committing any open gesture first). */
export function undo(h: History, doc: GraphDoc): { history: History; doc: GraphDoc } {
  const closed = commitGesture(h);
  const last = closed.past[closed.past.length - 1];
  if (!last) return { history: closed, doc };
  return {
    history: { past: closed.past.slice(0, -1), future: [...closed.future, last], gesture: null },
    doc: applyPatch(doc, invertPatch(last)),
  };
}

/** Redo the newest undone entry. */
export function redo(h: History, doc: GraphDoc): { history: History; doc: GraphDoc } {
  const closed = commitGesture(h);
  const next = closed.future[closed.future.length - 1];
  if (!next) return { history: closed, doc };
  return {
    history: { past: [...closed.past, next], future: closed.future.slice(0, -1), gesture: null },
    doc: applyPatch(doc, next),
  };
}
