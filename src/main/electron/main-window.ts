import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, session, shell, utilityProcess } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { dispatch } from '../transport/dispatch';
import type { Host } from '../host';
import type { LaunchTrainer } from '../engine/launch-child';
import type { TrainerMessage } from '../engine/protocol';
import {
  APP_ORIGIN,
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  isExternalAllowed,
  isNavigationAllowed,
  isPermissionAllowed,
  isTrustedSender,
  resolveAppFile,
  secureWebPreferences,
  utilityExit,
} from './policy';
import { buildMenu } from './menu';

/** Must run before app is ready: app:// behaves like a secure standard origin. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serve the built renderer on app://layerlab, confined to its folder, with our CSP on every response. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(rendererDir, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    return new Response(res.body, { status: res.status, headers });
  });
  // Deny by default: both the prompt-style requests and the silent checks (navigator.permissions, clipboard).
  session.defaultSession.setPermissionRequestHandler((_wc, permission, cb, details) => cb(isPermissionAllowed(permission, details?.requestingUrl)));
  session.defaultSession.setPermissionCheckHandler((_wc, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin));
}

/** The trainer as an Electron utility process (same protocol as child_process.fork). */
export function utilityTrainerLauncher(entry: string): LaunchTrainer {
  return () => {
    const child = utilityProcess.fork(entry, [], { serviceName: 'LayerLab trainer', stdio: 'inherit' });
    let killedByUs = false;
    return {
      get pid() {
        return child.pid;
      },
      send: (msg) => child.postMessage(msg),
      onMessage: (cb) => child.on('message', (m: unknown) => cb(m as TrainerMessage)),
      onExit: (cb) =>
        child.once('exit', (code: number) => {
          const exit = utilityExit(code, killedByUs);
          cb(exit.code, exit.signal);
        }),
      kill: () => {
        killedByUs = true;
        child.kill();
      },
    };
  };
}

/** Native folder picker behind the `system.pickDirectory` contract method. */
export async function pickDirectory(title: string): Promise<string | null> {
  const win = BrowserWindow.getFocusedWindow();
  const options = { title, properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
  const res = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return res.canceled ? null : (res.filePaths[0] ?? null);
}

/** Contract over IPC: one invoke channel, every sender checked; events pushed to every window. */
export function wireIpc(host: Host): void {
  ipcMain.handle('layerlab:call', async (event, method: unknown, input: unknown) => {
    if (!isTrustedSender(event.senderFrame?.url))
      return { ok: false, error: { code: 'forbidden', message: 'Calls are accepted only from the LayerLab window.' } };
    return dispatch(host.handlers, String(method), input);
  });
  host.bus.subscribe((name, payload) => {
    for (const win of BrowserWindow.getAllWindows()) win.webContents.send('layerlab:event', { event: name, payload });
  });
}

/** Create the main window with the hardened settings, denying navigation and new windows. */
export function createMainWindow(preloadFile: string, opts: { packaged?: boolean } = {}): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'LayerLab',
    show: false,
    webPreferences: secureWebPreferences(preloadFile, opts),
  });
  win.webContents.on('will-navigate', (e, url) => {
    if (!isNavigationAllowed(url)) e.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isExternalAllowed(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-attach-webview', (e) => e.preventDefault());
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  Menu.setApplicationMenu(buildMenu(win, opts));
  return win;
}

export { app, dialog, join };
