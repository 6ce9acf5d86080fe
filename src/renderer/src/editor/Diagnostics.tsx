import { memo } from 'react';
import { AlertCircle, AlertTriangle, CheckCircle2, Wrench } from 'lucide-react';
import type { Diagnostic } from '../../../shared/validate/analyze';
import type { LayerNode } from '../../../shared/graph/types';

interface Props {
  diagnostics: Diagnostic[];
  nodes: LayerNode[];
  onPick(d: Diagnostic): void;
  onFix(d: Diagnostic): void;
}

/** Problems in the graph; click one to select its layer, or apply the offered fix. */
export const Diagnostics = memo(function Diagnostics({ diagnostics, nodes, onPick, onFix }: Props) {
  const nameOf = (id?: string) => nodes.find((n) => n.id === id)?.name;
  const sorted = [...diagnostics].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return (
    <section className="ed-panel ed-diagnostics">
      <h3>
        Problems{' '}
        {diagnostics.length > 0 && (
          <span className={`ed-count ${diagnostics.some((d) => d.severity === 'error') ? '' : 'ed-count-warn'}`}>{diagnostics.length}</span>
        )}
      </h3>
      {sorted.length === 0 && (
        <p className="ed-ok">
          <CheckCircle2 size={14} aria-hidden /> Shapes check out: ready to train.
        </p>
      )}
      <ul>
        {sorted.map((d, i) => (
          <li key={`${d.code}-${d.nodeId ?? ''}-${i}`} className={`ed-diag ed-diag-${d.severity}`} data-testid="diagnostic">
            <button type="button" className="ed-diag-text" onClick={() => onPick(d)} disabled={!d.nodeId}>
              {d.severity === 'error' ? <AlertCircle size={14} aria-hidden /> : <AlertTriangle size={14} aria-hidden />}
              <span>
                {nameOf(d.nodeId) && !d.message.startsWith(nameOf(d.nodeId)!) && <b>{nameOf(d.nodeId)}: </b>}
                {d.message}
              </span>
            </button>
            {d.fix && (
              <button type="button" className="ed-fix" data-testid="fix-button" onClick={() => onFix(d)}>
                <Wrench size={12} aria-hidden /> {d.fix.label}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
});
