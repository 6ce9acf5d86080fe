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
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const sorted = [...diagnostics].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return (
    <section className="ed-panel ed-diagnostics">
      <h3>
        Problems{' '}
        {/* Errors and warnings counted apart, as the status line counts them: the same list, the same numbers. */}
        {errors > 0 && (
          <span className="ed-count" data-testid="problem-count" title={`${errors} to fix before training`}>
            {errors}
          </span>
        )}
        {warnings > 0 && (
          <span className="ed-count ed-count-warn" data-testid="warning-count" title={`${warnings} warning${warnings === 1 ? '' : 's'}`}>
            {warnings}
          </span>
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
