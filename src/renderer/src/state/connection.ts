import { create } from 'zustand';

/**
 * The web host's event connection as the analyst should read it: `open`; `reconnecting` right after a
 * drop; `lost` once it has stayed down for a while (the server was probably stopped); `signed-out` when the
 * host stopped accepting this tab's token (it was restarted with another one). Electron is always `open`.
 */
export type ConnectionState = 'open' | 'reconnecting' | 'lost' | 'signed-out';

/** After this many failed attempts in a row the drop is reported as a lost connection, not a blip. */
export const LOST_AFTER_ATTEMPTS = 4;

/** Wait before reconnect attempt n (1-based): 1 s, 2 s, 4 s, then every 8 s, so a stopped server is not hammered. */
export function retryDelayMs(attempt: number): number {
  return Math.min(8000, 1000 * 2 ** Math.max(0, attempt - 1));
}

/** The state after `failures` failed attempts in a row (0 = connected). */
export function stateAfter(failures: number): ConnectionState {
  return failures === 0 ? 'open' : failures >= LOST_AFTER_ATTEMPTS ? 'lost' : 'reconnecting';
}

interface ConnectionStore {
  state: ConnectionState;
  /** Bumped on every reconnect, so followers can reattach (re-read the run they show). */
  reconnects: number;
}

export const useConnection = create<ConnectionStore>(() => ({ state: 'open', reconnects: 0 }));
