import { useEffect } from 'react';
import { PAGES, useNav } from '../state/nav';

/** Shortcut list shown in the help popover; the handler below is the single source of behaviour. */
export const SHORTCUTS: { keys: string; what: string }[] = [
  ...PAGES.map((p, i) => ({ keys: `Ctrl+${i + 1}  or  Alt+${i + 1}`, what: `Go to ${p.label}` })),
  { keys: '?', what: 'Show this help' },
];

/** Ctrl+1..4 (desktop) and Alt+1..4 (browsers keep Ctrl+digit for their tabs) switch pages. */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const idx = Number(e.key) - 1;
      if ((e.ctrlKey || e.metaKey || e.altKey) && !e.shiftKey && idx >= 0 && idx < PAGES.length) {
        e.preventDefault();
        useNav.getState().go(PAGES[idx].id);
        return;
      }
      const t = e.target as HTMLElement | null;
      const typing = t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
      if (e.key === '?' && !typing) useNav.getState().setHelp(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
