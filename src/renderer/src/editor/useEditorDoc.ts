import { useCallback, useMemo, useRef, useState } from 'react';
import type { GraphLayout, ModelGraph } from '../../../shared/graph/types';
import {
  applyPatch,
  beginGesture,
  canRedo,
  canUndo,
  commitGesture,
  emptyHistory,
  recordPatch,
  redo,
  undo,
  type GraphDoc,
  type History,
  type Patch,
} from '../../../shared/graph/history';

/** The editor's document and its undo history, driven by patches. */
export interface EditorDoc {
  doc: GraphDoc;
  apply(patch: Patch): GraphDoc;
  undo(): void;
  redo(): void;
  beginGesture(): void;
  commitGesture(): void;
  canUndo: boolean;
  canRedo: boolean;
}

/**
 * Holds the document the editor shows. Edits apply synchronously to a ref (several can land between
 * renders during a drag) and are reported through onChange. When the parent passes a graph or
 * layout the editor did not emit (a file was opened), the editor adopts it and forgets its history.
 */
export function useEditorDoc(graph: ModelGraph, layout: GraphLayout, onChange: (g: ModelGraph, l: GraphLayout) => void): EditorDoc {
  const state = useRef({
    doc: { graph, layout } as GraphDoc,
    history: emptyHistory(),
    seen: { graph, layout } as GraphDoc,
    // Everything we emitted: a parent echoing back an older one of these is lag, not a new file.
    emitted: new WeakSet<object>([graph, layout]),
  });
  const [, setTick] = useState(0);
  const s = state.current;
  if (graph !== s.seen.graph || layout !== s.seen.layout) {
    s.seen = { graph, layout };
    if (!s.emitted.has(graph) || !s.emitted.has(layout)) {
      s.doc = { graph, layout };
      s.history = emptyHistory();
      s.emitted.add(graph).add(layout);
    }
  }
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  const emit = useCallback((doc: GraphDoc, history: History) => {
    state.current.doc = doc;
    state.current.history = history;
    state.current.emitted.add(doc.graph).add(doc.layout);
    setTick((t) => t + 1);
    onChangeRef.current(doc.graph, doc.layout);
  }, []);

  const apply = useCallback(
    (patch: Patch) => {
      if (patch.ops.length === 0) return state.current.doc;
      const doc = applyPatch(state.current.doc, patch);
      emit(doc, recordPatch(state.current.history, patch));
      return doc;
    },
    [emit],
  );
  const step = useCallback(
    (f: typeof undo) => {
      const r = f(state.current.history, state.current.doc);
      if (r.doc !== state.current.doc) emit(r.doc, r.history);
      else state.current.history = r.history;
    },
    [emit],
  );

  const undoNow = useCallback(() => step(undo), [step]);
  const redoNow = useCallback(() => step(redo), [step]);
  const begin = useCallback(() => void (state.current.history = beginGesture(state.current.history)), []);
  const commit = useCallback(() => {
    state.current.history = commitGesture(state.current.history);
    setTick((t) => t + 1);
  }, []);
  // One stable object whose getters read the current state: callbacks built on it (actions, canvas
  // handlers) stay the same across edits, so memoised panels do not re-render on every drag step.
  return useMemo(
    () => ({
      get doc() {
        return state.current.doc;
      },
      apply,
      undo: undoNow,
      redo: redoNow,
      beginGesture: begin,
      commitGesture: commit,
      get canUndo() {
        return canUndo(state.current.history);
      },
      get canRedo() {
        return canRedo(state.current.history);
      },
    }),
    [apply, undoNow, redoNow, begin, commit],
  );
}
