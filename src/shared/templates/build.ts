import type { GraphLayout, LayerNode, ModelGraph } from '../graph/types';

/** A starter graph offered by "New from template". */
export interface GraphTemplate {
  id: string;
  name: string;
  description: string;
  /** The built-in dataset the template is meant for. */
  datasetId: string;
  graph: ModelGraph;
  layout: GraphLayout;
}

/** Vertical distance between consecutive layers in template layouts, in canvas units. */
export const ROW = 110;

/** Build a straight chain graph (each node feeds the next) laid out top to bottom. */
export function chain(
  nodes: Omit<LayerNode, 'id'>[],
  prefix = 'n',
): { graph: ModelGraph; layout: GraphLayout } {
  const withIds = nodes.map((n, i) => ({ ...n, id: `${prefix}${i + 1}` }));
  const edges = withIds
    .slice(1)
    .map((n, i) => ({ id: `e${i + 1}`, source: withIds[i].id, target: n.id, targetPort: 0 }));
  const positions = Object.fromEntries(withIds.map((n, i) => [n.id, { x: 0, y: i * ROW }]));
  return { graph: { nodes: withIds, edges }, layout: { positions } };
}

/** A node of a branching template; `column` shifts it sideways on the canvas (skip paths). */
export type DagNode = LayerNode & { column?: number };

/**
 * Build a branching graph from nodes and [source, target] links; a target's ports are numbered in the
 * order its links are listed. Laid out top to bottom in list order.
 */
export function dag(nodes: DagNode[], links: [string, string][]): { graph: ModelGraph; layout: GraphLayout } {
  const ports = new Map<string, number>();
  const edges = links.map(([source, target], i) => {
    const port = ports.get(target) ?? 0;
    ports.set(target, port + 1);
    return { id: `e${i + 1}`, source, target, targetPort: port };
  });
  const positions = Object.fromEntries(nodes.map((n, i) => [n.id, { x: (n.column ?? 0) * 260, y: i * ROW }]));
  return { graph: { nodes: nodes.map(({ column: _c, ...n }) => n), edges }, layout: { positions } };
}
