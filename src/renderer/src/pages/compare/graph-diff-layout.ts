import dagre from '@dagrejs/dagre';
import type { GraphDiff } from '../../../../shared/api/types';

/** Width of every layer box in the graph diff, in pixels. */
export const DIFF_BOX_WIDTH = 220;
const LINE = 17;
const HEAD = 44;

/** A box's height from its lines: name, kind, one per changed param (the view sets exactly this height). */
export const diffBoxHeight = (paramCount: number): number => HEAD + LINE * paramCount;

/** Top-left corner and size of each layer box, keyed like the diff's nodes. */
export type DiffBoxes = Record<string, { x: number; y: number; width: number; height: number }>;

/**
 * Lays the union graph out top to bottom with dagre, each box as tall as its content, so a removed layer
 * sits beside or between the others, never on top of a changed one.
 */
export function layoutGraphDiff(diff: GraphDiff): DiffBoxes {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 40, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of diff.nodes) g.setNode(n.key, { width: DIFF_BOX_WIDTH, height: diffBoxHeight(n.params.length) });
  for (const e of diff.edges) if (e.source !== e.target) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const out: DiffBoxes = {};
  for (const n of diff.nodes) {
    const b = g.node(n.key);
    out[n.key] = { x: Math.round(b.x - b.width / 2), y: Math.round(b.y - b.height / 2), width: b.width, height: b.height };
  }
  return out;
}

/** True when two boxes share any area (touching edges do not count). */
export function overlaps(a: DiffBoxes[string], b: DiffBoxes[string]): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
