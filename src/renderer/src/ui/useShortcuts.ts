import { useEffect } from 'react';
import { PAGES, useNav } from '../state/nav';

/**
 * The page shortcut to show for the i-th page: Ctrl+digit on the desktop app, Alt+digit in a browser,
 * where Ctrl+digit switches the browser's own tabs before the page ever sees it. Both work on the desktop.
 */
export function pageShortcut(i: number): string {
  const desktop = typeof window !== 'undefined' && Boolean(window.layerlab);
  return `${desktop ? 'Ctrl' : 'Alt'}+${i + 1}`;
}

/** Shortcut list shown in the help popover; the handler below is the single source of behaviour. */
export const SHORTCUTS: { keys: string; what: string }[] = [
  ...PAGES.map((p, i) => ({ keys: pageShortcut(i), what: `Go to ${p.label}` })),
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
