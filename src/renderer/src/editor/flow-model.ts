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

/** React Flow nodes for the document (a view: positions from layout, everything else from graph). */
export function toFlowNodes(doc: GraphDoc, a: GraphAnalysis, sel: Selection, measured: Record<string, Size>): LayerFlowNode[] {
  return doc.graph.nodes.map((n) => {
    const spec = getLayerSpec(n.kind);
    const diags = a.diagnostics.filter((d) => d.nodeId === n.id);
    const d = diags.find((x) => x.severity === 'error') ?? diags[0];
    const used = doc.graph.edges.filter((e) => e.target === n.id).reduce((m, e) => Math.max(m, e.targetPort + 1), 0);
    const max = spec?.inputs.max ?? 1;
    const ports = Math.min(max, Math.max(spec?.inputs.min ?? 1, used + (max > 1 ? 1 : 0), max === 0 ? 0 : 1));
    const shape = a.shapes[n.id];
    return {
      id: n.id,
      type: 'layer' as const,
      position: doc.layout.positions[n.id] ?? { x: 0, y: 0 },
      selected: sel.nodes.has(n.id),
      measured: measured[n.id],
      data: {
        name: n.name,
        label: spec?.label ?? n.kind,
        category: spec?.category ?? 'Core',
        shape: shape ? formatShape(shape) : null,
        params: a.paramCounts[n.id] ?? null,
        problem: d ? { severity: d.severity, message: d.message } : null,
        ports,
      },
    };
  });
}

/** React Flow edges, labelled with the shape they carry; red where the target rejects it. */
export function toFlowEdges(doc: GraphDoc, a: GraphAnalysis, sel: Selection): Edge[] {
  const bad = new Set(a.diagnostics.flatMap((d) => (d.edgeId && d.severity === 'error' ? [d.edgeId] : [])));
  return doc.graph.edges.map((e) => {
    const shape = a.shapes[e.source];
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      targetHandle: String(e.targetPort),
      selected: sel.edges.has(e.id),
      label: shape ? formatShape(shape) : '?',
      className: bad.has(e.id) ? 'ed-edge-bad' : undefined,
      labelBgPadding: [4, 2] as [number, number],
      labelBgBorderRadius: 4,
    };
  });
}
