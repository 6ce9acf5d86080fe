import type { GraphEdge, ModelGraph } from './types';

/** Incoming edges of each node, sorted by target port. */
export function incomingEdges(graph: ModelGraph): Map<string, GraphEdge[]> {
  const map = new Map<string, GraphEdge[]>(graph.nodes.map((n) => [n.id, []]));
  for (const e of graph.edges) map.get(e.target)?.push(e);
  for (const list of map.values()) list.sort((a, b) => a.targetPort - b.targetPort);
  return map;
}

/**
 * Kahn's algorithm. Returns the nodes in dependency order and the ids left over, which are exactly
 * the nodes on or downstream of a cycle (empty when the graph is acyclic).
 */
export function topologicalOrder(graph: ModelGraph): { order: string[]; cyclic: string[] } {
  const indegree = new Map(graph.nodes.map((n) => [n.id, 0]));
  const outgoing = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  for (const e of graph.edges) {
    if (!indegree.has(e.source) || !indegree.has(e.target)) continue;
    indegree.set(e.target, indegree.get(e.target)! + 1);
    outgoing.get(e.source)!.push(e.target);
  }
  const queue = graph.nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  const order: string[] = [];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    order.push(id);
    for (const next of outgoing.get(id)!) {
      const d = indegree.get(next)! - 1;
      indegree.set(next, d);
      if (d === 0) queue.push(next);
    }
  }
  const placed = new Set(order);
  return { order, cyclic: graph.nodes.filter((n) => !placed.has(n.id)).map((n) => n.id) };
}

/** Would adding source→target close a cycle? (target already reaches source) */
export function wouldCreateCycle(graph: ModelGraph, source: string, target: string): boolean {
  if (source === target) return true;
  const outgoing = new Map<string, string[]>();
  for (const e of graph.edges) (outgoing.get(e.source) ?? outgoing.set(e.source, []).get(e.source)!).push(e.target);
  const stack = [target];
  const seen = new Set<string>();
  while (stack.length) {
    const id = stack.pop()!;
    if (id === source) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(outgoing.get(id) ?? []));
  }
  return false;
}
