import type { GraphEdge, LayerNode, ModelGraph, ParamValue } from './types';
import { applyPatch, type GraphDoc, type Patch, type PatchOp, type Position } from './history';
import { getLayerSpec } from '../layers/catalog';
import { defaultParams } from '../layers/params';
import type { Params } from '../layers/types';

/**
 * Pure edit commands. Each takes the current document and returns a Patch (see history.ts); the
 * caller applies it with applyPatch and records it for undo. Nothing here mutates its input.
 */

/** Vertical distance between stacked layers, in canvas units. */
export const ROW_GAP = 110;

/** Keras-style base name for a kind: "Conv2D" → "conv2d", "MaxPool2D" → "max_pool2d". */
export function baseNameFor(kind: string): string {
  return kind.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/** A name not used in `taken`: base_1, base_2, … */
export function uniqueName(taken: Set<string>, base: string): string {
  for (let i = 1; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

/** An id not used in `taken`, with the given prefix. */
export function freshId(taken: Set<string>, prefix: string): string {
  for (let i = taken.size + 1; ; i++) if (!taken.has(`${prefix}${i}`)) return `${prefix}${i}`;
}

const nodeIds = (g: ModelGraph) => new Set(g.nodes.map((n) => n.id));
const edgeIds = (g: ModelGraph) => new Set(g.edges.map((e) => e.id));

/** Ids of the nodes a patch adds (e.g. to select what was just pasted). */
export function addedNodeIds(p: Patch): string[] {
  return p.ops.flatMap((o) => (o.op === 'addNode' ? [o.node.id] : []));
}

/** Add a layer of `kind` with catalog defaults (overridden by `params`) at `position`. */
export function addNode(doc: GraphDoc, kind: string, position: Position, params: Params = {}, name?: string): Patch {
  const spec = getLayerSpec(kind);
  const node: LayerNode = {
    id: freshId(nodeIds(doc.graph), 'n'),
    kind,
    name: name ?? uniqueName(new Set(doc.graph.nodes.map((n) => n.name)), baseNameFor(kind)),
    params: { ...(spec ? defaultParams(spec.params) : {}), ...params },
  };
  return { ops: [{ op: 'addNode', node, index: doc.graph.nodes.length, position }] };
}

/** Remove edges by id. Ops run from the highest index down so the inverse re-inserts in place. */
export function removeEdges(doc: GraphDoc, ids: Iterable<string>): Patch {
  const drop = new Set(ids);
  const ops: PatchOp[] = [];
  doc.graph.edges.forEach((edge, index) => drop.has(edge.id) && ops.push({ op: 'removeEdge', edge, index }));
  return { ops: ops.reverse() };
}

/** Remove one connection. */
export const disconnect = (doc: GraphDoc, edgeId: string): Patch => removeEdges(doc, [edgeId]);

/**
 * Remove layers and every edge touching them. With `bridge`, a removed layer that had exactly one
 * input has that input reconnected to the layers it fed, so deleting from a chain keeps it whole
 * (the shape checker then says whether the bridged link fits).
 */
export function removeNodes(doc: GraphDoc, ids: Iterable<string>, bridge = false): Patch {
  const drop = new Set(ids);
  const edgeOps = removeEdges(
    doc,
    doc.graph.edges.filter((e) => drop.has(e.source) || drop.has(e.target)).map((e) => e.id),
  ).ops;
  const nodeOps: PatchOp[] = [];
  doc.graph.nodes.forEach((node, index) => {
    if (drop.has(node.id)) nodeOps.push({ op: 'removeNode', node, index, position: doc.layout.positions[node.id] });
  });
  const removal: Patch = { ops: [...edgeOps, ...nodeOps.reverse()] };
  if (!bridge) return removal;
  let after = applyPatch(doc, removal);
  const ops = [...removal.ops];
  for (const id of drop) {
    const into = doc.graph.edges.filter((e) => e.target === id);
    // Follow a run of removed layers down to the first kept source.
    let src = into.length === 1 ? into[0].source : undefined;
    const seen = new Set<string>();
    while (src && drop.has(src) && !seen.has(src)) {
      seen.add(src);
      const up = doc.graph.edges.filter((e) => e.target === src);
      src = up.length === 1 ? up[0].source : undefined;
    }
    if (!src || drop.has(src)) continue;
    for (const out of doc.graph.edges.filter((e) => e.source === id && !drop.has(e.target))) {
      const p = connect(after, src, out.target, out.targetPort);
      after = applyPatch(after, p);
      ops.push(...p.ops);
    }
  }
  return { ops };
}

/**
 * Connect source's output to input `targetPort` of target. A port takes one edge: an edge already
 * on that port is replaced. Validity (cycles, shapes) is the caller's question, not this command's.
 */
export function connect(doc: GraphDoc, source: string, target: string, targetPort = 0): Patch {
  const existing = doc.graph.edges.find((e) => e.target === target && e.targetPort === targetPort);
  if (existing?.source === source) return { ops: [] };
  const removed = existing ? removeEdges(doc, [existing.id]).ops : [];
  const edge: GraphEdge = { id: freshId(edgeIds(doc.graph), 'e'), source, target, targetPort };
  const index = doc.graph.edges.length - removed.length;
  return { ops: [...removed, { op: 'addEdge', edge, index }] };
}

/** Set one param of a layer (no-op when unchanged). */
export function setParam(doc: GraphDoc, nodeId: string, key: string, value: ParamValue): Patch {
  const node = doc.graph.nodes.find((n) => n.id === nodeId);
  if (!node || JSON.stringify(node.params[key]) === JSON.stringify(value)) return { ops: [] };
  return { ops: [{ op: 'setParam', nodeId, key, before: node.params[key], after: value }] };
}

/** Rename a layer (uniqueness is reported by the analyzer, not enforced here). */
export function rename(doc: GraphDoc, nodeId: string, name: string): Patch {
  const node = doc.graph.nodes.find((n) => n.id === nodeId);
  if (!node || node.name === name) return { ops: [] };
  return { ops: [{ op: 'rename', nodeId, before: node.name, after: name }] };
}

/** Move layers to new canvas positions (layout only; the model graph is untouched). */
export function moveNodes(doc: GraphDoc, moves: Record<string, Position>): Patch {
  const ops: PatchOp[] = [];
  for (const [nodeId, after] of Object.entries(moves)) {
    const before = doc.layout.positions[nodeId];
    if (before && before.x === after.x && before.y === after.y) continue;
    ops.push({ op: 'move', nodeId, before, after: { x: after.x, y: after.y } });
  }
  return { ops };
}

/** A copied piece of graph: layers, the edges among them and their positions. */
export interface Fragment {
  nodes: LayerNode[];
  edges: GraphEdge[];
  positions: Record<string, Position>;
}

/** Copy the given layers (and the edges between them) into a fragment. */
export function copyFragment(doc: GraphDoc, ids: Iterable<string>): Fragment {
  const keep = new Set(ids);
  const nodes = doc.graph.nodes.filter((n) => keep.has(n.id));
  const positions: Record<string, Position> = {};
  for (const n of nodes) if (doc.layout.positions[n.id]) positions[n.id] = { ...doc.layout.positions[n.id] };
  const edges = doc.graph.edges.filter((e) => keep.has(e.source) && keep.has(e.target));
  return { nodes: structuredClone(nodes), edges: structuredClone(edges), positions };
}

/** Paste a fragment with fresh ids and unique names, shifted by `offset`. */
export function paste(doc: GraphDoc, frag: Fragment, offset: Position = { x: 40, y: 40 }): Patch {
  const ids = nodeIds(doc.graph);
  const eids = edgeIds(doc.graph);
  const names = new Set(doc.graph.nodes.map((n) => n.name));
  const idMap = new Map<string, string>();
  const ops: PatchOp[] = [];
  frag.nodes.forEach((n, i) => {
    const id = freshId(ids, 'n');
    ids.add(id);
    idMap.set(n.id, id);
    const name = names.has(n.name) ? uniqueName(names, n.name.replace(/_\d+$/, '')) : n.name;
    names.add(name);
    const p = frag.positions[n.id] ?? { x: 0, y: 0 };
    const node = { ...structuredClone(n), id, name };
    ops.push({ op: 'addNode', node, index: doc.graph.nodes.length + i, position: { x: p.x + offset.x, y: p.y + offset.y } });
  });
  frag.edges.forEach((e, i) => {
    const id = freshId(eids, 'e');
    eids.add(id);
    const edge = { ...e, id, source: idMap.get(e.source)!, target: idMap.get(e.target)! };
    ops.push({ op: 'addEdge', edge, index: doc.graph.edges.length + i });
  });
  return { ops };
}

/** Duplicate layers in place (copy + paste with a small offset). */
export const duplicate = (doc: GraphDoc, ids: Iterable<string>): Patch => paste(doc, copyFragment(doc, ids));

/** Nodes reachable downstream from `start` (inclusive). */
function downstream(graph: ModelGraph, start: string): string[] {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of graph.edges) if (e.source === id) stack.push(e.target);
  }
  return [...seen];
}

/**
 * Insert a new layer of `kind` on an edge: source → new → target. The new layer takes the target's
 * place on the canvas and the target with everything below it moves down one row.
 */
export function insertBefore(doc: GraphDoc, edgeId: string, kind: string, params: Params = {}): Patch {
  const edge = doc.graph.edges.find((e) => e.id === edgeId);
  if (!edge) return { ops: [] };
  const at = doc.layout.positions[edge.target] ?? { x: 0, y: 0 };
  const from = doc.layout.positions[edge.source];
  // Room for a row between the two layers already: use it and move nothing.
  const roomy = from && at.y - from.y >= 2 * ROW_GAP - 10;
  const removed = removeEdges(doc, [edgeId]);
  const add = addNode(doc, kind, roomy ? { x: at.x, y: from.y + ROW_GAP } : at, params);
  const newId = addedNodeIds(add)[0];
  const eids = edgeIds(doc.graph);
  const inId = freshId(eids, 'e');
  eids.add(inId);
  const outId = freshId(eids, 'e');
  const n = doc.graph.edges.length - 1;
  const moves: Record<string, Position> = {};
  for (const id of roomy ? [] : downstream(doc.graph, edge.target)) {
    const p = doc.layout.positions[id];
    if (p) moves[id] = { x: p.x, y: p.y + ROW_GAP };
  }
  return {
    ops: [
      ...removed.ops,
      ...add.ops,
      { op: 'addEdge', edge: { id: inId, source: edge.source, target: newId, targetPort: 0 }, index: n },
      { op: 'addEdge', edge: { id: outId, source: newId, target: edge.target, targetPort: edge.targetPort }, index: n + 1 },
      ...moveNodes(doc, moves).ops,
    ],
  };
}
