import { useEffect, useRef, useState, type ReactNode } from 'react';

interface PopoverProps {
  /** The button's content. */
  trigger: ReactNode;
  label: string;
  className?: string;
  placement?: 'up' | 'down';
  testId?: string;
  children: ReactNode;
  /** Controlled mode (optional): the parent owns open/closed. */
  open?: boolean;
  onOpenChange?(open: boolean): void;
}

/** A button that opens a small panel; closes on Escape or a click elsewhere. */
export function Popover(props: PopoverProps) {
  const { trigger, label, className, placement = 'down', testId, children } = props;
  const [own, setOwn] = useState(false);
  const open = props.open ?? own;
  const setOpen = (v: boolean) => (props.onOpenChange ? props.onOpenChange(v) : setOwn(v));
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  return (
    <div className="app-popover-root" ref={root}>
      {/* The name is the visible trigger text followed by the label (WCAG 2.5.3: what is seen is part of
          what is announced); an icon-only trigger is named by the label alone. */}
      <button className={className ?? 'app-link-btn'} title={label} aria-expanded={open} onClick={() => setOpen(!open)} data-testid={testId}>
        {trigger}
        <span className="app-sr-only"> ({label})</span>
      </button>
      {open && <div className={`app-popover app-popover-${placement}`} role="dialog" aria-label={label}>{children}</div>}
    </div>
  );
}
