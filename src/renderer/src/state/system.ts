import { create } from 'zustand';
import type { AppInfo, BackendReport } from '../../../shared/api/types';
import { api } from '../api';
import { reportError } from './errors';

interface SystemState {
  info: AppInfo | null;
  backends: BackendReport | null;
  load(): Promise<void>;
}

/** "wasm" → "WebAssembly (CPU)" once the backend report is in; unknown names pass through. */
export function useBackendLabel(name: string | null | undefined): string {
  const candidates = useSystem((s) => s.backends?.candidates);
  if (!name) return '—';
  return candidates?.find((c) => c.name === name)?.label ?? name;
}

/** Host facts for the status bar: app.info and system.backends. */
export const useSystem = create<SystemState>((set) => ({
  info: null,
  backends: null,
  load: async () => {
    try {
      const [info, backends] = await Promise.all([api.call('app.info', {}), api.call('system.backends', {})]);
      set({ info, backends });
    } catch (err) {
      reportError(err);
    }
  },
}));
