import dagre from '@dagrejs/dagre';
import type { GraphDoc, Position } from '../../../shared/graph/history';

/** Default node box for layout when a node has not been measured yet. */
export const NODE_SIZE = { width: 200, height: 84 };

/** Top-to-bottom layered layout of the whole graph (dagre). Returns new top-left positions. */
export function arrange(doc: GraphDoc, sizes: Record<string, { width: number; height: number }> = {}): Record<string, Position> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 50, ranksep: 46, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of doc.graph.nodes) g.setNode(n.id, { ...NODE_SIZE, ...sizes[n.id] });
  for (const e of doc.graph.edges) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const out: Record<string, Position> = {};
  for (const n of doc.graph.nodes) {
    const box = g.node(n.id);
    out[n.id] = { x: Math.round(box.x - box.width / 2), y: Math.round(box.y - box.height / 2) };
  }
  return out;
}
