import type { Edge, Node } from '@xyflow/react';
import type { GraphDoc } from '../../../shared/graph/history';
import type { GraphAnalysis } from '../../../shared/validate/analyze';
import { getLayerSpec } from '../../../shared/layers/catalog';
import { formatShape } from '../../../shared/layers/shape-utils';

/** What the custom node component renders; derived from the graph and its analysis. */
export type LayerNodeData = {
  name: string;
  label: string;
  category: string;
  shape: string | null;
  params: number | null;
  /** First error (else warning) on this layer, in plain words. */
  problem: { severity: 'error' | 'warning'; message: string } | null;
  /** Input handles to draw: ports in use plus one free one, within the catalog's limit. */
  ports: number;
};
export type LayerFlowNode = Node<LayerNodeData, 'layer'>;

/** Selected node and edge ids. Selection lives beside the document, never in history. */
export interface Selection {
  nodes: ReadonlySet<string>;
  edges: ReadonlySet<string>;
}
export const NO_SELECTION: Selection = { nodes: new Set(), edges: new Set() };

type Size = { width: number; height: number };

/** Node data for every layer, computed in one pass (O(nodes + diagnostics + edges)). */
function nodeData(doc: GraphDoc, a: GraphAnalysis): Map<string, LayerNodeData> {
  const problems = new Map<string, LayerNodeData['problem']>();
  for (const d of a.diagnostics) {
    if (!d.nodeId) continue;
    const had = problems.get(d.nodeId);
    if (!had || (had.severity === 'warning' && d.severity === 'error')) problems.set(d.nodeId, { severity: d.severity, message: d.message });
  }
  const used = new Map<string, number>();
  for (const e of doc.graph.edges) used.set(e.target, Math.max(used.get(e.target) ?? 0, e.targetPort + 1));
  const out = new Map<string, LayerNodeData>();
  for (const n of doc.graph.nodes) {
    const spec = getLayerSpec(n.kind);
    const max = spec?.inputs.max ?? 1;
    const ports = Math.min(max, Math.max(spec?.inputs.min ?? 1, (used.get(n.id) ?? 0) + (max > 1 ? 1 : 0), max === 0 ? 0 : 1));
    const shape = a.shapes[n.id];
    out.set(n.id, {
      name: n.name,
      label: spec?.label ?? n.kind,
      category: spec?.category ?? 'Core',
      shape: shape ? formatShape(shape) : null,
      params: a.paramCounts[n.id] ?? null,
      problem: problems.get(n.id) ?? null,
      ports,
    });
  }
  return out;
}

const sameData = (x: LayerNodeData, y: LayerNodeData) =>
  x.name === y.name &&
  x.label === y.label &&
  x.category === y.category &&
  x.shape === y.shape &&
  x.params === y.params &&
  x.ports === y.ports &&
  x.problem?.severity === y.problem?.severity &&
  x.problem?.message === y.problem?.message;

/**
 * React Flow nodes for the document (a view: positions from layout, everything else from graph).
 * The returned function keeps the previous objects of layers that did not change, so while one
 * layer is dragged React Flow and the memoised node views re-render that layer only.
 */
export function createFlowNodes() {
  let last: { graph: GraphDoc['graph']; analysis: GraphAnalysis } | null = null;
  let data = new Map<string, LayerNodeData>();
  let prev = new Map<string, LayerFlowNode>();
  return (doc: GraphDoc, a: GraphAnalysis, sel: Selection, measured: Record<string, Size>): LayerFlowNode[] => {
    if (!last || last.graph !== doc.graph || last.analysis !== a) {
      const fresh = nodeData(doc, a);
      for (const [id, d] of fresh) {
        const old = data.get(id);
        if (old && sameData(old, d)) fresh.set(id, old);
      }
      data = fresh;
      last = { graph: doc.graph, analysis: a };
    }
    const next = new Map<string, LayerFlowNode>();
    const nodes = doc.graph.nodes.map((n) => {
      const position = doc.layout.positions[n.id] ?? ORIGIN;
      const selected = sel.nodes.has(n.id);
      const d = data.get(n.id)!;
      const old = prev.get(n.id);
      const node: LayerFlowNode =
        old && old.position === position && old.selected === selected && old.measured === measured[n.id] && old.data === d
          ? old
          : { id: n.id, type: 'layer' as const, position, selected, measured: measured[n.id], data: d, ariaLabel: `${d.label} layer “${d.name}”` };
      next.set(n.id, node);
      return node;
    });
    prev = next;
    return nodes;
  };
}

const ORIGIN = { x: 0, y: 0 };

/** React Flow nodes for the document, built afresh (tests and one-off use). */
export function toFlowNodes(doc: GraphDoc, a: GraphAnalysis, sel: Selection, measured: Record<string, Size>): LayerFlowNode[] {
  return createFlowNodes()(doc, a, sel, measured);
}

/** React Flow edges, labelled with the shape they carry; red where the target rejects it. Layout-free. */
export function toFlowEdges(doc: Pick<GraphDoc, 'graph'>, a: GraphAnalysis, sel: Selection): Edge[] {
  const bad = new Set(a.diagnostics.flatMap((d) => (d.edgeId && d.severity === 'error' ? [d.edgeId] : [])));
  const names = new Map(doc.graph.nodes.map((n) => [n.id, n.name]));
  return doc.graph.edges.map((e) => {
    const shape = a.shapes[e.source];
    // Screen readers announce the layers' names (React Flow's default reads out internal ids).
    const ariaLabel = `Connection from “${names.get(e.source) ?? '?'}” to “${names.get(e.target) ?? '?'}”${shape ? `, shape ${formatShape(shape)}` : ''}`;
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      targetHandle: String(e.targetPort),
      selected: sel.edges.has(e.id),
      ariaLabel,
      label: shape ? formatShape(shape) : '?',
      className: bad.has(e.id) ? 'ed-edge-bad' : undefined,
      labelBgPadding: [4, 2] as [number, number],
      labelBgBorderRadius: 4,
    };
  });
}
