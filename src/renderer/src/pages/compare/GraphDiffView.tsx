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
import { CHANGE_COLORS } from './colors';

type DiffNodeData = GraphDiff['nodes'][number] & Record<string, unknown>;
type DiffFlowNode = Node<DiffNodeData, 'diff'>;

const show = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));

/** A read-only layer box coloured by its change. */
function DiffNodeView({ data }: NodeProps<DiffFlowNode>) {
  const c = CHANGE_COLORS[data.change];
  return (
    <div
      data-testid={`graph-diff-node-${data.name}`}
      data-change={data.change}
      title={
        data.params.map((p) => `${p.param}: ${show(p.before)} → ${show(p.after)}`).join('\n') || undefined
      }
      style={{
        background: c.fill,
        border: `2px solid ${c.stroke}`,
        borderStyle: data.change === 'removed' ? 'dashed' : 'solid',
        borderRadius: 6,
        padding: '6px 10px',
        width: 180,
        fontSize: 12,
      }}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <div style={{ fontWeight: 600 }}>
        {data.name}
        {data.change !== 'same' && <span style={{ color: c.stroke, fontWeight: 500 }}> · {data.change}</span>}
      </div>
      <div style={{ color: '#868e96' }}>
        {data.kind}
        {data.renamedFrom ? ` (was ${data.renamedFrom})` : ''}
      </div>
      {data.params.map((p) => (
        <div key={p.param}>
          {p.param}: {show(p.before)} → <strong>{show(p.after)}</strong>
        </div>
      ))}
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
}

const NODE_TYPES = { diff: DiffNodeView };

/** Place nodes in rows by depth, spread across each row. */
function toFlow(diff: GraphDiff): { nodes: DiffFlowNode[]; edges: Edge[] } {
  const rows = new Map<number, number>();
  const rowSize = new Map<number, number>();
  for (const n of diff.nodes) rowSize.set(n.depth, (rowSize.get(n.depth) ?? 0) + 1);
  const nodes = diff.nodes.map((n): DiffFlowNode => {
    const i = rows.get(n.depth) ?? 0;
    rows.set(n.depth, i + 1);
    const width = rowSize.get(n.depth) ?? 1;
    return {
      id: n.key,
      type: 'diff',
      data: n as DiffNodeData,
      position: { x: (i - (width - 1) / 2) * 210, y: n.depth * (90 + 18 * Math.min(3, n.params.length)) },
    };
  });
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
