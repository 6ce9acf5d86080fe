import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { AlertTriangle } from 'lucide-react';
import type { LayerFlowNode } from './flow-model';
import { compact } from './summary';

/** One layer on the canvas: kind, name, output shape, parameter count, and its problem if any. */
export const LayerNodeView = memo(function LayerNodeView({ data, selected }: NodeProps<LayerFlowNode>) {
  const cls = ['ed-node', `ed-cat-${data.category.toLowerCase()}`, selected ? 'ed-selected' : '', data.problem ? `ed-node-${data.problem.severity}` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className={cls} data-testid={`node-${data.name}`} title={data.problem?.message}>
      {Array.from({ length: data.ports }, (_, i) => (
        <Handle
          key={i}
          type="target"
          id={String(i)}
          position={Position.Top}
          style={{ left: `${((i + 1) * 100) / (data.ports + 1)}%` }}
          title={data.ports > 1 ? `input ${i + 1}` : 'input'}
        />
      ))}
      <div className="ed-node-head">
        <span className="ed-node-kind">{data.label}</span>
        <span className="ed-node-params" title="trainable parameters">
          {data.params ? `${compact(data.params)} params` : ''}
        </span>
      </div>
      <div className="ed-node-row">
        <span className="ed-node-name">{data.name}</span>
        <span className="ed-node-shape" data-testid={`node-shape-${data.name}`} title={data.shape ? 'output shape (batch excluded)' : 'unknown until the problem on this layer or above it is fixed'}>
          {data.shape ?? '?'}
        </span>
      </div>
      {data.problem && (
        <div className="ed-node-problem">
          <AlertTriangle size={12} aria-hidden /> {data.problem.message}
        </div>
      )}
      <Handle type="source" position={Position.Bottom} id="out" title="output" />
    </div>
  );
});
