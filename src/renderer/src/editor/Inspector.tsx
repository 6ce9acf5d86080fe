import { memo, useEffect, useState } from 'react';
import type { LayerNode, ParamValue } from '../../../shared/graph/types';
import type { Diagnostic, GraphAnalysis } from '../../../shared/validate/analyze';
import { Wrench } from 'lucide-react';
import { getLayerSpec } from '../../../shared/layers/catalog';
import { resolveParams } from '../../../shared/layers/params';
import { formatShape } from '../../../shared/layers/shape-utils';
import { ParamField } from './ParamField';

interface Props {
  node: LayerNode | null;
  selectedCount: number;
  analysis: GraphAnalysis;
  onParam(key: string, value: ParamValue): void;
  onRename(name: string): void;
  /** A field edit is one undo entry: begin on focus, commit on blur. */
  onEditStart(): void;
  onEditEnd(): void;
  onFix(d: Diagnostic): void;
}

/** The selected layer's form, generated from its catalog entry. */
export const Inspector = memo(function Inspector({ node, selectedCount, analysis, onParam, onRename, onEditStart, onEditEnd, onFix }: Props) {
  const [name, setName] = useState(node?.name ?? '');
  useEffect(() => setName(node?.name ?? ''), [node?.id, node?.name]);
  if (!node)
    return (
      <section className="ed-panel ed-inspector" data-testid="inspector">
        <h3>Layer</h3>
        <p className="ed-hint">{selectedCount > 1 ? `${selectedCount} layers selected.` : 'Select a layer to see and edit its settings.'}</p>
      </section>
    );
  const spec = getLayerSpec(node.kind);
  const params = spec ? resolveParams(spec.params, node.params) : node.params;
  const shape = analysis.shapes[node.id];
  const commitName = () => (name.trim() ? onRename(name.trim()) : setName(node.name));
  return (
    <section className="ed-panel ed-inspector" data-testid="inspector">
      <h3>{spec?.label ?? node.kind}</h3>
      {spec && <p className="ed-help">{spec.help}</p>}
      {analysis.diagnostics
        .filter((d) => d.nodeId === node.id)
        .map((d, i) => (
          <div key={i} className={`ed-inspector-problem ${d.severity === 'warning' ? 'ed-warn' : ''}`} data-testid="inspector-problem">
            <span>{d.message}</span>
            {d.fix && (
              <button type="button" className="ed-fix" data-testid="inspector-fix-button" onClick={() => onFix(d)}>
                <Wrench size={12} aria-hidden /> {d.fix.label}
              </button>
            )}
          </div>
        ))}
      <dl className="ed-facts">
        <dt>Output</dt>
        <dd data-testid="inspector-shape">{shape ? formatShape(shape) : '—'}</dd>
        <dt>Parameters</dt>
        <dd data-testid="inspector-params">{(analysis.paramCounts[node.id] ?? 0).toLocaleString('en-US')}</dd>
      </dl>
      <div className="ed-field">
        <label htmlFor="param-name">Name</label>
        <input
          id="param-name"
          data-testid="param-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          onBlur={commitName}
          onKeyDown={(e) => e.key === 'Enter' && commitName()}
        />
      </div>
      {spec &&
        Object.entries(spec.params).map(([key, ps]) => (
          <ParamField
            key={`${node.id}-${key}`}
            id={key}
            spec={ps}
            value={params[key]}
            onChange={(v) => onParam(key, v)}
            onFocus={onEditStart}
            onBlur={onEditEnd}
          />
        ))}
      {spec && Object.keys(spec.params).length === 0 && <p className="ed-hint">This layer has no settings.</p>}
    </section>
  );
});
