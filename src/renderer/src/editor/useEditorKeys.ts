import { useEffect, useRef, type RefObject } from 'react';

/** Editor actions reachable from the keyboard. */
export interface KeyActions {
  remove(): void;
  copy(): void;
  cut(): void;
  paste(): void;
  duplicate(): void;
  undo(): void;
  redo(): void;
  selectAll(): void;
  clear(): void;
  arrange(): void;
  fit(): void;
  toggleHelp(): void;
}

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

/**
 * Keyboard shortcuts while the editor has focus (or nothing else does). Keys typed into form
 * fields are left alone, so Ctrl+Z in a param box undoes text, not the graph.
 */
export function useEditorKeys(root: RefObject<HTMLElement | null>, actions: KeyActions) {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as Node | null;
      const inside = root.current?.contains(target) || target === document.body;
      if (!inside || typing(e.target)) return;
      const a = ref.current;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      // Capture phase + stop: the editor answers before the app shell, which listens on window too
      // (its own "?" help, for one).
      const run = (f: () => void) => {
        e.preventDefault();
        e.stopImmediatePropagation();
        f();
      };
      if (mod && key === 'z') return run(e.shiftKey ? a.redo : a.undo);
      if (mod && key === 'y') return run(a.redo);
      if (mod && key === 'c') return run(a.copy);
      if (mod && key === 'x') return run(a.cut);
      if (mod && key === 'v') return run(a.paste);
      if (mod && key === 'd') return run(a.duplicate);
      if (mod && key === 'a') return run(a.selectAll);
      if (mod || e.altKey) return;
      if (e.key === 'Delete' || e.key === 'Backspace') return run(a.remove);
      if (e.key === '?') return run(a.toggleHelp);
      if (e.key === 'Escape') return run(a.clear);
      if (key === 'a') return run(a.arrange);
      if (key === 'f') return run(a.fit);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [root]);
}
