import { create } from 'zustand';
import { coalesce } from '../../state/coalesce';
import type { MethodInput } from '../../../../shared/api/contract';
import type { SweepDetail, SweepSummary } from '../../../../shared/api/types';
import { api } from '../../api';
import { reportError } from '../../state/errors';

interface SweepsState {
  list: SweepSummary[];
  selectedId: string | null;
  detail: SweepDetail | null;
  /** The new-sweep form is open. */
  creating: boolean;
  refresh(): Promise<void>;
  select(id: string | null): Promise<void>;
  setCreating(on: boolean): void;
  create(input: MethodInput<'sweeps.create'>): Promise<boolean>;
  cancel(id: string): Promise<void>;
}

/** Sweeps, the one shown, and whether the form is open; kept fresh by sweep and training events. */
export const useSweeps = create<SweepsState>((set, get) => ({
  list: [],
  selectedId: null,
  detail: null,
  creating: false,
  refresh: async () => {
    try {
      const list = await api.call('sweeps.list', {});
      set({ list });
      const id = get().selectedId;
      if (id) set({ detail: await api.call('sweeps.get', { id }) });
    } catch (err) {
      reportError(err);
    }
  },
  select: async (id) => {
    set({ selectedId: id, creating: false, detail: id && get().detail?.id === id ? get().detail : null });
    if (!id) return;
    try {
      const detail = await api.call('sweeps.get', { id });
      if (get().selectedId === id) set({ detail });
    } catch (err) {
      reportError(err);
    }
  },
  setCreating: (creating) => set({ creating }),
  create: async (input) => {
    try {
      const detail = await api.call('sweeps.create', input);
      set({ selectedId: detail.id, detail, creating: false });
      await get().refresh();
      return true;
    } catch (err) {
      reportError(err);
      return false;
    }
  },
  cancel: async (id) => {
    try {
      await api.call('sweeps.cancel', { id });
      await get().refresh();
    } catch (err) {
      reportError(err);
    }
  },
}));

let wired = false;

/** Re-read sweeps when one moves or a trial finishes an epoch (coalesced). */
export function initSweeps(): void {
  if (wired) return;
  wired = true;
  const soon = coalesce(() => void useSweeps.getState().refresh());
  api.on('sweeps.progress', soon);
  api.on('training.epoch', (e) => {
    if (useSweeps.getState().detail?.trials.some((t) => t.experimentId === e.experimentId)) soon();
  });
  api.on('training.status', soon);
}
