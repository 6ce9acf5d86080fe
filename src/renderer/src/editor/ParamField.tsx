import { useEffect, useRef, useState } from 'react';
import type { ParamValue } from '../../../shared/graph/types';
import type { ParamSpec } from '../../../shared/layers/types';
import { checkParam } from '../../../shared/layers/params';

interface Props {
  id: string;
  spec: ParamSpec;
  value: ParamValue;
  onChange(value: ParamValue): void;
  onFocus(): void;
  onBlur(): void;
}

const toText = (v: ParamValue) => (Array.isArray(v) ? v.join(', ') : v === null || v === undefined ? '' : String(v));

function parse(spec: ParamSpec, text: string): ParamValue {
  if (spec.type === 'ints') return text.split(/[\s,×x]+/).filter(Boolean).map(Number);
  if (spec.type === 'int' || spec.type === 'float') return text.trim() === '' ? NaN : Number(text);
  return text;
}

/** One param as a form control chosen by its ParamSpec; invalid drafts are shown, not applied. */
export function ParamField({ id, spec, value, onChange, onFocus, onBlur }: Props) {
  const [draft, setDraft] = useState(toText(value));
  const [error, setError] = useState<string | null>(null);
  const editing = useRef(false);
  // Follow outside changes (undo, another node) but never rewrite what the user is typing.
  useEffect(() => {
    if (editing.current) return;
    setDraft(toText(value));
    setError(null);
  }, [value]);

  const commit = (text: string) => {
    setDraft(text);
    const v = parse(spec, text);
    const problem = checkParam(spec, v);
    setError(problem);
    if (!problem) onChange(v);
  };

  const common = {
    id: `param-${id}`,
    'data-testid': `param-${id}`,
    'aria-invalid': !!error,
    onFocus: () => ((editing.current = true), onFocus()),
    onBlur: () => {
      editing.current = false;
      setDraft(toText(value));
      setError(null);
      onBlur();
    },
  };
  let control;
  if (spec.type === 'enum')
    control = (
      <select {...common} value={String(value)} onChange={(e) => onChange(e.target.value)}>
        {spec.options.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    );
  else if (spec.type === 'bool')
    control = <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
  else
    control = (
      <input
        {...common}
        type={spec.type === 'ints' ? 'text' : 'number'}
        step={spec.type === 'float' ? 'any' : 1}
        min={'min' in spec ? spec.min : undefined}
        max={'max' in spec ? spec.max : undefined}
        value={draft}
        onChange={(e) => commit(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
      />
    );

  return (
    <div className="ed-field">
      <label htmlFor={`param-${id}`}>{spec.label}</label>
      {control}
      {error ? <small className="ed-error">{error}</small> : spec.help && <small>{spec.help}</small>}
    </div>
  );
}
