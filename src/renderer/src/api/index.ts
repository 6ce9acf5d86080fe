import { createClient, type ApiClient } from '../../../shared/api/client';
import { httpTransport, takeToken } from './http-transport';
import { ipcTransport } from './ipc-transport';

/** Picked once at start: the preload bridge when present (Electron), else HTTP + WebSocket (web host). */
export const api: ApiClient = createClient(
  window.layerlab ? ipcTransport(window.layerlab) : httpTransport(takeToken()),
);
