import { create } from 'zustand';
import { persist, type PersistStorage, type StorageValue } from 'zustand/middleware';
import type { GraphLayout, ModelGraph } from '../../../shared/graph/types';
import { hyperparamsSchema, type Hyperparams } from '../../../shared/api/schemas';
import { TEMPLATES, type GraphTemplate } from '../../../shared/templates';
import type { Recommendation } from '../../../shared/templates/recommended';
import { adaptGraph, type DatasetFacts } from '../../../shared/validate/dataset-fit';

/** The model as it was before the app changed it for the user (template, recommended model, adaptation). */
export interface PreviousDraft {
  name: string;
  graph: ModelGraph;
  layout: GraphLayout;
  datasetId: string | null;
  hyperparams: Hyperparams;
}

/** Training settings with every default filled in (adam, 0.001, batch 64, 10 epochs …). */
export const DEFAULT_HYPERPARAMS: Hyperparams = hyperparamsSchema.parse({});

interface DraftState {
  name: string;
  graph: ModelGraph;
  layout: GraphLayout;
  /** Bumped when a template replaces the graph, so the editor remounts fresh. */
  revision: number;
  datasetId: string | null;
  hyperparams: Hyperparams;
  setName(name: string): void;
  setGraph(graph: ModelGraph, layout: GraphLayout): void;
  loadTemplate(t: GraphTemplate): void;
  /** Replace the draft with a graph read from a file (the editor remounts with fresh history). */
  loadFile(graph: ModelGraph, layout: GraphLayout, name?: string): void;
  /** What the last template load replaced (not persisted), so it can be undone. */
  replaced: (PreviousDraft & { templateName: string }) | null;
  undoTemplate(): void;
  forgetReplaced(): void;
  /** Load the model recommended for the chosen dataset, with its training settings (undoable like a template). */
  useRecommended(r: Recommendation): void;
  /** What choosing a dataset changed in the model (input size, classes, vocabulary), so it can be undone. */
  adapted: { datasetName: string; changes: string[]; previous: PreviousDraft } | null;
  undoAdapt(): void;
  forgetAdapted(): void;
  setDatasetId(id: string): void;
  /** Choose the data to train on and fit the model's input and output to it (one undoable edit). */
  chooseDataset(id: string, facts?: DatasetFacts): void;
  setHyperparam<K extends keyof Hyperparams>(key: K, value: Hyperparams[K]): void;
  resetHyperparams(): void;
}

const seed = TEMPLATES[0];

const previousOf = (s: PreviousDraft): PreviousDraft => ({ name: s.name, graph: s.graph, layout: s.layout, datasetId: s.datasetId, hyperparams: s.hyperparams });
const restore = (p: PreviousDraft) => ({ name: p.name, graph: p.graph, layout: p.layout, datasetId: p.datasetId, hyperparams: p.hyperparams });

/**
 * localStorage, written at most every 300 ms (and when the page is hidden or closed): a drag sets the
 * draft on every mouse move, and serialising a large graph each time cost more than the frame.
 */
function lazyLocalStorage<S>(): PersistStorage<S> {
  const pending = new Map<string, StorageValue<S>>();
  const store = typeof localStorage === 'undefined' ? null : localStorage;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    for (const [k, v] of pending) store?.setItem(k, JSON.stringify(v));
    pending.clear();
  };
  if (typeof window !== 'undefined' && typeof document !== 'undefined') {
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && flush());
  }
  return {
    getItem: (k) => {
      const text = store?.getItem(k) ?? null;
      return text === null ? null : (JSON.parse(text) as StorageValue<S>);
    },
    setItem: (k, v) => {
      pending.set(k, v);
      timer ??= setTimeout(flush, 300);
    },
    removeItem: (k) => {
      pending.delete(k);
      store?.removeItem(k);
    },
  };
}

/** The model being drafted: shared by the Model and Train pages, kept in localStorage across reloads. */
export const useDraft = create<DraftState>()(
  persist(
    (set) => ({
      name: 'My MNIST model',
      graph: seed.graph,
      layout: seed.layout,
      revision: 0,
      datasetId: seed.datasetId,
      hyperparams: DEFAULT_HYPERPARAMS,
      setName: (name) => set({ name }),
      setGraph: (graph, layout) => set({ graph, layout }),
      replaced: null,
      adapted: null,
      loadTemplate: (t) =>
        set((s) => ({
          replaced: { templateName: t.name, ...previousOf(s) },
          adapted: null,
          graph: t.graph,
          layout: t.layout,
          datasetId: t.datasetId,
          name: `My ${t.name.replace(/\s*\(.*\)$/, '')}`,
          revision: s.revision + 1,
        })),
      loadFile: (graph, layout, name) =>
        set((s) => ({ graph, layout, name: name ?? s.name, replaced: null, adapted: null, revision: s.revision + 1 })),
      undoTemplate: () =>
        set((s) => (s.replaced ? { ...restore(s.replaced), replaced: null, revision: s.revision + 1 } : s)),
      forgetReplaced: () => set({ replaced: null }),
      useRecommended: (r) =>
        set((s) => ({
          replaced: { templateName: r.template.name, ...previousOf(s) },
          adapted: null,
          graph: r.template.graph,
          layout: r.template.layout,
          datasetId: r.template.datasetId || s.datasetId,
          name: r.template.name,
          hyperparams: { ...DEFAULT_HYPERPARAMS, ...r.hyperparams },
          revision: s.revision + 1,
        })),
      undoAdapt: () => set((s) => (s.adapted ? { ...restore(s.adapted.previous), adapted: null, revision: s.revision + 1 } : s)),
      forgetAdapted: () => set({ adapted: null }),
      setDatasetId: (datasetId) => set({ datasetId }),
      chooseDataset: (datasetId, facts) =>
        set((s) => {
          const fitted = facts ? adaptGraph(s.graph, facts) : null;
          if (!fitted || fitted.changes.length === 0) return { datasetId, adapted: null };
          return {
            datasetId,
            graph: fitted.graph,
            adapted: { datasetName: facts!.name, changes: fitted.changes, previous: { ...previousOf(s), datasetId } },
            revision: s.revision + 1,
          };
        }),
      setHyperparam: (key, value) => set((s) => ({ hyperparams: { ...s.hyperparams, [key]: value } })),
      resetHyperparams: () => set({ hyperparams: DEFAULT_HYPERPARAMS }),
    }),
    {
      name: 'layerlab.draft',
      version: 1,
      storage: lazyLocalStorage(),
      partialize: ({ name, graph, layout, revision, datasetId, hyperparams }) => ({ name, graph, layout, revision, datasetId, hyperparams }),
      // Settings saved by an older build may lack newer keys: fill them from the defaults.
      merge: (persisted, current) => {
        const p = (persisted ?? {}) as Partial<DraftState>;
        return { ...current, ...p, hyperparams: { ...DEFAULT_HYPERPARAMS, ...p.hyperparams } };
      },
    },
  ),
);
