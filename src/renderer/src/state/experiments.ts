import { create } from 'zustand';
import { coalesce } from './coalesce';
import type { ExperimentDetail, ExperimentSummary } from '../../../shared/api/types';
import { api } from '../api';
import { reportError } from './errors';

interface ExperimentsState {
  list: ExperimentSummary[];
  loaded: boolean;
  selectedId: string | null;
  detail: ExperimentDetail | null;
  refresh(): Promise<void>;
  select(id: string | null): Promise<void>;
  rename(id: string, name: string): Promise<boolean>;
  remove(id: string): Promise<void>;
  resume(id: string): Promise<boolean>;
}

/** The experiments table and the one opened in the detail panel. */
export const useExperiments = create<ExperimentsState>((set, get) => ({
  list: [],
  loaded: false,
  selectedId: null,
  detail: null,
  refresh: async () => {
    try {
      const list = await api.call('experiments.list', {});
      set({ list, loaded: true });
      const id = get().selectedId;
      if (id && !list.some((e) => e.id === id)) set({ selectedId: null, detail: null });
      else if (id) set({ detail: await api.call('experiments.get', { id }) });
    } catch (err) {
      set({ loaded: true });
      reportError(err);
    }
  },
  select: async (id) => {
    set({ selectedId: id, detail: id && get().detail?.id === id ? get().detail : null });
    if (!id) return;
    try {
      const detail = await api.call('experiments.get', { id });
      if (get().selectedId === id) set({ detail });
    } catch (err) {
      reportError(err);
    }
  },
  rename: async (id, name) => {
    try {
      await api.call('experiments.rename', { id, name });
      await get().refresh();
      return true;
    } catch (err) {
      reportError(err);
      return false;
    }
  },
  remove: async (id) => {
    try {
      await api.call('experiments.delete', { id });
      if (get().selectedId === id) set({ selectedId: null, detail: null });
      await get().refresh();
    } catch (err) {
      reportError(err);
    }
  },
  resume: async (id) => {
    try {
      await api.call('training.resume', { id });
      await get().refresh();
      return true;
    } catch (err) {
      reportError(err);
      return false;
    }
  },
}));

let wired = false;

/** Keep the table fresh: re-read it when a run changes status or finishes an epoch (coalesced). */
export function initExperiments(): void {
  if (wired) return;
  wired = true;
  const soon = coalesce(() => void useExperiments.getState().refresh());
  api.on('training.status', soon);
  api.on('training.epoch', soon);
}
