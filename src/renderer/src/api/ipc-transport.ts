import type { Transport } from '../../../shared/api/client';
import type { CallResult } from '../../../shared/api/errors';

/** What the preload exposes on window.layerlab (and nothing else). */
export interface PreloadBridge {
  call(method: string, input: unknown): Promise<CallResult<unknown>>;
  on(event: string, cb: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    layerlab?: PreloadBridge;
  }
}

/** Electron: the preload bridge is the transport. */
export function ipcTransport(bridge: PreloadBridge): Transport {
  return { call: (m, i) => bridge.call(m, i), on: (e, cb) => bridge.on(e, cb) };
}
