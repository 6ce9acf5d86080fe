import { useEffect, useId, useState, type ReactNode } from 'react';

interface NumberFieldProps {
  label: string;
  hint?: string;
  value: number;
  testId?: string;
  step?: number | 'any';
  min?: number;
  max?: number;
  /** Returns an error sentence, or null when the number is acceptable. */
  check(n: number): string | null;
  onCommit(n: number): void;
  onValidity?(ok: boolean): void;
  disabled?: boolean;
  /** Shown beside the label, e.g. a "?" concept help (kept out of the <label>, so it is not part of the name). */
  help?: ReactNode;
}

/** A number input that keeps what the analyst types and only commits numbers that pass `check`. */
export function NumberField({ label, hint, value, testId, step, min, max, check, onCommit, onValidity, disabled, help }: NumberFieldProps) {
  const id = useId();
  const [text, setText] = useState(String(value));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    // Follow outside changes (reset, reload) unless the text already means that number.
    setText((t) => (Number(t) === value && t.trim() !== '' ? t : String(value)));
    setError(null);
  }, [value]);
  const change = (t: string) => {
    setText(t);
    const n = Number(t);
    const err = t.trim() === '' || !Number.isFinite(n) ? 'Enter a number.' : check(n);
    setError(err);
    onValidity?.(err === null);
    if (err === null) onCommit(n);
  };
  return (
    <div className={`app-field${error ? ' app-field-error' : ''}`}>
      <span className="app-field-label">
        <label htmlFor={id}>{label}</label>
        {help}
      </span>
      <input id={id} type="number" data-testid={testId} value={text} step={step} min={min} max={max} disabled={disabled} onChange={(e) => change(e.target.value)} aria-invalid={!!error} />
      {error ? <small className="app-error-text">{error}</small> : hint && <small className="app-muted">{hint}</small>}
    </div>
  );
}
