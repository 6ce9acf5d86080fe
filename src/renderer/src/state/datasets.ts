import { create } from 'zustand';
import type { DatasetSummary } from '../../../shared/api/types';
import { api } from '../api';
import { reportError } from './errors';

interface DatasetsState {
  datasets: DatasetSummary[];
  loaded: boolean;
  load(): Promise<void>;
}

/** The datasets the Node side offers for training. */
export const useDatasets = create<DatasetsState>((set) => ({
  datasets: [],
  loaded: false,
  load: async () => {
    try {
      set({ datasets: await api.call('datasets.list', {}), loaded: true });
    } catch (err) {
      set({ loaded: true });
      reportError(err);
    }
  },
}));
