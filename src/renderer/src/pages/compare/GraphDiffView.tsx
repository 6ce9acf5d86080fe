import { useMemo } from 'react';
import {
  Handle,
  Position,
  ReactFlow,
  ReactFlowProvider,
  type Edge,
  type Node,
  type NodeProps,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import type { GraphDiff } from '../../../../shared/api/types';
import { getLayerSpec } from '../../../../shared/layers/catalog';
import { showValue } from '../../../../shared/metrics/setting-labels';
import { CHANGE_COLORS } from './colors';
import { DIFF_BOX_WIDTH, diffBoxHeight, layoutGraphDiff } from './graph-diff-layout';

type DiffNodeData = GraphDiff['nodes'][number] & Record<string, unknown>;
type DiffFlowNode = Node<DiffNodeData, 'diff'>;

/** A param change in words: "Units: 64 → 32", "Layer type: Dense → Dropout". */
function paramLine(kind: string, p: DiffNodeData['params'][number]): { label: string; before: string; after: string } {
  const label = p.param === 'kind' ? 'Layer type' : (getLayerSpec(kind)?.params[p.param]?.label ?? p.param);
  const word = (v: typeof p.before) => (p.param === 'kind' && v != null ? (getLayerSpec(String(v))?.label ?? String(v)) : showValue(v));
  return { label, before: word(p.before), after: word(p.after) };
}

/** A read-only layer box coloured by its change, exactly as tall as the layout gave it. */
function DiffNodeView({ data }: NodeProps<DiffFlowNode>) {
  const c = CHANGE_COLORS[data.change];
  const lines = data.params.map((p) => paramLine(data.kind, p));
  return (
    <div
      className="graph-diff-box"
      data-testid={`graph-diff-node-${data.name}`}
      data-change={data.change}
      title={lines.map((l) => `${l.label}: ${l.before} → ${l.after}`).join('\n') || undefined}
      style={{
        background: c.fill,
        border: `2px ${data.change === 'removed' ? 'dashed' : 'solid'} ${c.stroke}`,
        width: DIFF_BOX_WIDTH,
        height: diffBoxHeight(data.params.length),
      }}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <div style={{ fontWeight: 600 }}>
        {data.name}
        {data.change !== 'same' && <span style={{ color: c.stroke, fontWeight: 500 }}> · {data.change}</span>}
      </div>
      <div className="graph-diff-kind">
        {getLayerSpec(data.kind)?.label ?? data.kind}
        {data.renamedFrom ? ` (was ${data.renamedFrom})` : ''}
      </div>
      {lines.map((l) => (
        <div key={l.label} className="graph-diff-param">
          {l.label}: {l.before} → <strong>{l.after}</strong>
        </div>
      ))}
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
}

const NODE_TYPES = { diff: DiffNodeView };

/** Boxes placed by dagre (see graph-diff-layout.ts), edges coloured by their change. */
function toFlow(diff: GraphDiff): { nodes: DiffFlowNode[]; edges: Edge[] } {
  const boxes = layoutGraphDiff(diff);
  const nodes = diff.nodes.map(
    (n): DiffFlowNode => ({
      id: n.key,
      type: 'diff',
      data: n as DiffNodeData,
      position: { x: boxes[n.key].x, y: boxes[n.key].y },
      width: boxes[n.key].width,
      height: boxes[n.key].height,
    }),
  );
  const edges = diff.edges.map((e): Edge => ({
    id: `${e.source}->${e.target}`,
    source: e.source,
    target: e.target,
    style: {
      stroke:
        e.change === 'added'
          ? CHANGE_COLORS.added.stroke
          : e.change === 'removed'
            ? CHANGE_COLORS.removed.stroke
            : '#adb5bd',
      strokeDasharray: e.change === 'removed' ? '5 4' : undefined,
    },
  }));
  return { nodes, edges };
}

/** The union of two graphs on a read-only canvas: added green, removed red (dashed), changed amber. */
export function GraphDiffView({ diff }: { diff: GraphDiff }) {
  const flow = useMemo(() => toFlow(diff), [diff]);
  return (
    <div
      data-testid="graph-diff"
      data-added={diff.added}
      data-removed={diff.removed}
      data-changed={diff.changed}
    >
      <p className="app-muted">
        {diff.added} added · {diff.removed} removed · {diff.changed} changed
      </p>
      <div style={{ height: 460, border: '1px solid #dee2e6', borderRadius: 8, background: '#fff' }}>
        <ReactFlowProvider>
          <ReactFlow
            nodes={flow.nodes}
            edges={flow.edges}
            nodeTypes={NODE_TYPES}
            nodesDraggable={false}
            nodesConnectable={false}
            elementsSelectable={false}
            zoomOnScroll={false}
            fitView
            proOptions={{ hideAttribution: true }}
          />
        </ReactFlowProvider>
      </div>
    </div>
  );
}
