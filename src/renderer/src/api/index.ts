import { createClient, type ApiClient } from '../../../shared/api/client';
import { httpTransport } from './http-transport';
import { resolveToken } from './token';
import { ipcTransport } from './ipc-transport';
import { webFiles, type WebFiles } from './web-files';

// main.tsx checked this token with the host before the app (and so this module) was loaded.
const token = window.layerlab ? '' : (resolveToken(window.location.href, sessionStorage).token ?? '');

/** Picked once at start: the preload bridge when present (Electron), else HTTP + WebSocket (web host). */
export const api: ApiClient = createClient(window.layerlab ? ipcTransport(window.layerlab) : httpTransport(token));

/** Uploads and downloads through the browser: the web host only (null in Electron, which has real dialogs). */
export const files: WebFiles | null = window.layerlab ? null : webFiles(token);
