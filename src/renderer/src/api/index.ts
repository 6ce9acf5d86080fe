import { createClient, type ApiClient } from '../../../shared/api/client';
import { httpTransport, takeToken } from './http-transport';
import { ipcTransport } from './ipc-transport';
import { webFiles, type WebFiles } from './web-files';

const token = window.layerlab ? '' : takeToken();

/** Picked once at start: the preload bridge when present (Electron), else HTTP + WebSocket (web host). */
export const api: ApiClient = createClient(window.layerlab ? ipcTransport(window.layerlab) : httpTransport(token));

/** Uploads and downloads through the browser: the web host only (null in Electron, which has real dialogs). */
export const files: WebFiles | null = window.layerlab ? null : webFiles(token);
