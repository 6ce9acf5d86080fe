import type { LayerNode, ModelGraph, ParamValue } from '../graph/types';
import { topologicalOrder } from '../graph/topology';

/** How a layer differs from the baseline graph. */
export type NodeChange = 'added' | 'removed' | 'changed' | 'same';

/** One layer of the union of two graphs. `key` is unique in the diff (the layer's name). */
export interface GraphDiffNode {
  key: string;
  name: string;
  kind: string;
  change: NodeChange;
  /** Params whose value differs (changed nodes only); a kind change shows as param "kind". */
  params: { param: string; before: ParamValue | undefined; after: ParamValue | undefined }[];
  /** The baseline's name when the layer was matched by kind/position under another name. */
  renamedFrom?: string;
  /** Longest path from an input in the union graph: a row for drawing. */
  depth: number;
}

/** Union of two graphs' layers and edges, each marked added / removed / changed / same. */
export interface GraphDiff {
  nodes: GraphDiffNode[];
  edges: { source: string; target: string; change: 'added' | 'removed' | 'same' }[];
  added: number;
  removed: number;
  changed: number;
}

const same = (a: ParamValue | undefined, b: ParamValue | undefined) =>
  JSON.stringify(a) === JSON.stringify(b);

function paramChanges(a: LayerNode, b: LayerNode): GraphDiffNode['params'] {
  const out: GraphDiffNode['params'] = [];
  if (a.kind !== b.kind) out.push({ param: 'kind', before: a.kind, after: b.kind });
  for (const k of new Set([...Object.keys(a.params), ...Object.keys(b.params)]))
    if (!same(a.params[k], b.params[k])) out.push({ param: k, before: a.params[k], after: b.params[k] });
  return out;
}

/** Pair layers: first by name, then the rest by kind and nearest position in dependency order. */
export function matchNodes(a: ModelGraph, b: ModelGraph): Map<string, string> {
  const pairs = new Map<string, string>(); // b id → a id
  const aByName = new Map(a.nodes.map((n) => [n.name, n]));
  const usedA = new Set<string>();
  for (const n of b.nodes) {
    const m = aByName.get(n.name);
    if (m) {
      pairs.set(n.id, m.id);
      usedA.add(m.id);
    }
  }
  const posA = new Map(topologicalOrder(a).order.map((id, i) => [id, i]));
  const posB = new Map(topologicalOrder(b).order.map((id, i) => [id, i]));
  for (const n of b.nodes) {
    if (pairs.has(n.id)) continue;
    const p = posB.get(n.id) ?? 0;
    const candidates = a.nodes.filter((m) => !usedA.has(m.id) && m.kind === n.kind);
    candidates.sort((x, y) => Math.abs((posA.get(x.id) ?? 0) - p) - Math.abs((posA.get(y.id) ?? 0) - p));
    if (candidates[0]) {
      pairs.set(n.id, candidates[0].id);
      usedA.add(candidates[0].id);
    }
  }
  return pairs;
}

/** Layers added, removed and changed going from graph `a` (baseline) to graph `b`. */
export function diffGraphs(a: ModelGraph, b: ModelGraph): GraphDiff {
  const pairs = matchNodes(a, b);
  const matchedA = new Set(pairs.values());
  const aById = new Map(a.nodes.map((n) => [n.id, n]));
  const keyOfA = new Map<string, string>();
  const keyOfB = new Map<string, string>();
  const nodes: GraphDiffNode[] = [];
  const taken = new Set<string>();
  const uniqueKey = (name: string) => {
    let key = name;
    for (let i = 2; taken.has(key); i++) key = `${name}~${i}`;
    taken.add(key);
    return key;
  };
  for (const n of b.nodes) {
    const key = uniqueKey(n.name);
    keyOfB.set(n.id, key);
    const matchId = pairs.get(n.id);
    const m = matchId ? aById.get(matchId) : undefined;
    if (m) keyOfA.set(m.id, key);
    const params = m ? paramChanges(m, n) : [];
    const change: NodeChange = !m ? 'added' : params.length || m.name !== n.name ? 'changed' : 'same';
    nodes.push({
      key,
      name: n.name,
      kind: n.kind,
      change,
      params,
      depth: 0,
      ...(m && m.name !== n.name ? { renamedFrom: m.name } : {}),
    });
  }
  for (const m of a.nodes) {
    if (matchedA.has(m.id)) continue;
    const key = uniqueKey(m.name);
    keyOfA.set(m.id, key);
    nodes.push({ key, name: m.name, kind: m.kind, change: 'removed', params: [], depth: 0 });
  }
  const edgeMap = new Map<string, GraphDiff['edges'][number]>();
  for (const e of a.edges) {
    const s = keyOfA.get(e.source);
    const t = keyOfA.get(e.target);
    if (s && t) edgeMap.set(`${s}\u0000${t}`, { source: s, target: t, change: 'removed' });
  }
  for (const e of b.edges) {
    const s = keyOfB.get(e.source);
    const t = keyOfB.get(e.target);
    if (!s || !t) continue;
    const k = `${s}\u0000${t}`;
    edgeMap.set(k, { source: s, target: t, change: edgeMap.has(k) ? 'same' : 'added' });
  }
  const edges = [...edgeMap.values()];
  assignDepths(nodes, edges);
  const count = (c: NodeChange) => nodes.filter((n) => n.change === c).length;
  return { nodes, edges, added: count('added'), removed: count('removed'), changed: count('changed') };
}

/** Longest-path depth over the union graph (bounded passes, so a cycle cannot loop forever). */
function assignDepths(nodes: GraphDiffNode[], edges: GraphDiff['edges']): void {
  const depth = new Map(nodes.map((n) => [n.key, 0]));
  for (let pass = 0; pass < nodes.length; pass++) {
    let moved = false;
    for (const e of edges) {
      const d = (depth.get(e.source) ?? 0) + 1;
      if (d > (depth.get(e.target) ?? 0) && d <= nodes.length) {
        depth.set(e.target, d);
        moved = true;
      }
    }
    if (!moved) break;
  }
  for (const n of nodes) n.depth = depth.get(n.key) ?? 0;
}
