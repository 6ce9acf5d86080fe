import { beforeEach, describe, expect, it, vi } from 'vitest';

// No Electron binary exists on this machine, so the 'electron' module is stubbed — only here, at the
// edge of the world — to check what our code asks of it.
const state = vi.hoisted(() => ({
  windows: [] as { options: Record<string, unknown>; handlers: Record<string, (...a: unknown[]) => unknown>; openHandler?: (d: { url: string }) => unknown; loaded?: string }[],
  ipcHandlers: {} as Record<string, (...a: unknown[]) => unknown>,
  schemes: [] as unknown[],
  permissionRequest: null as null | ((wc: unknown, permission: string, cb: (ok: boolean) => void, details: { requestingUrl: string }) => void),
  permissionCheck: null as null | ((wc: unknown, permission: string, origin: string) => boolean),
  children: [] as { exit?: (code: number) => void; killed: boolean }[],
  openExternal: [] as string[],
}));

vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = () => [];
    static getFocusedWindow = () => null;
    webContents: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      const entry: (typeof state.windows)[number] = { options, handlers: {} };
      state.windows.push(entry);
      this.webContents = {
        on: (ev: string, fn: (...a: unknown[]) => unknown) => (entry.handlers[ev] = fn),
        setWindowOpenHandler: (fn: (d: { url: string }) => unknown) => (entry.openHandler = fn),
        send: () => undefined,
      };
      (this as unknown as { loadURL: (u: string) => Promise<void> }).loadURL = async (u: string) => void (entry.loaded = u);
    }
    once() {}
    show() {}
  }
  return {
    app: {},
    BrowserWindow,
    dialog: {},
    ipcMain: { handle: (ch: string, fn: (...a: unknown[]) => unknown) => (state.ipcHandlers[ch] = fn) },
    Menu: { buildFromTemplate: () => ({}), setApplicationMenu: () => undefined },
    net: {},
    protocol: { registerSchemesAsPrivileged: (s: unknown[]) => state.schemes.push(...s), handle: () => undefined },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: typeof state.permissionRequest) => (state.permissionRequest = fn),
        setPermissionCheckHandler: (fn: typeof state.permissionCheck) => (state.permissionCheck = fn),
      },
    },
    shell: { openExternal: async (url: string) => void state.openExternal.push(url) },
    utilityProcess: {
      // A stand-in child: the test decides when and how it exits.
      fork: () => {
        const child: (typeof state.children)[number] = { killed: false };
        state.children.push(child);
        return {
          pid: 4242,
          postMessage: () => undefined,
          on: () => undefined,
          once: (ev: string, fn: (code: number) => void) => ev === 'exit' && (child.exit = fn),
          kill: () => ((child.killed = true), true),
        };
      },
    },
  };
});

const { createMainWindow, registerAppScheme, serveRenderer, utilityTrainerLauncher, wireIpc } = await import('./main-window');
const { menuTemplate } = await import('./menu');
const { tempHost, smallConvGraph, waitFor } = await import('../../../test/helpers');
const { createClient } = await import('../../shared/api/client');
const { inProcessTransport } = await import('../transport/in-process');

describe('Electron main window (electron stubbed: no binary here)', () => {
  beforeEach(() => {
    state.windows.length = 0;
  });

  it('creates the window with the hardened webPreferences and loads app://', () => {
    createMainWindow('/out/preload/index.cjs');
    const [win] = state.windows;
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
    expect(win.loaded).toBe('app://layerlab/index.html');
  });

  it('denies navigation away from the app and every window.open', () => {
    createMainWindow('/p.cjs');
    const [win] = state.windows;
    const prevent = vi.fn();
    win.handlers['will-navigate']({ preventDefault: prevent }, 'https://evil.example/');
    expect(prevent).toHaveBeenCalled();
    const allowed = vi.fn();
    win.handlers['will-navigate']({ preventDefault: allowed }, 'app://layerlab/index.html');
    expect(allowed).not.toHaveBeenCalled();
    expect(win.openHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(win.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    const attach = vi.fn();
    win.handlers['will-attach-webview']({ preventDefault: attach });
    expect(attach).toHaveBeenCalled();
  });

  it('registers app:// as a secure standard scheme', () => {
    registerAppScheme();
    expect(state.schemes).toContainEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } });
  });

  it('the IPC handler refuses calls from any frame but ours, and dispatches ours through the contract', async () => {
    const handlers = { 'app.info': () => ({ name: 'LayerLab' }) } as never;
    wireIpc({ handlers, bus: { subscribe: () => () => undefined } } as never);
    const call = state.ipcHandlers['layerlab:call'];
    const foreign = (await call({ senderFrame: { url: 'https://evil.example/' } }, 'app.info', {})) as { ok: boolean; error: { code: string } };
    expect(foreign).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const noFrame = (await call({ senderFrame: null }, 'app.info', {})) as { ok: boolean };
    expect(noFrame.ok).toBe(false);
    const ours = await call({ senderFrame: { url: 'app://layerlab/index.html' } }, 'app.info', {});
    expect(ours).toEqual({ ok: true, result: { name: 'LayerLab' } });
  });

  it('window.open hands only allowlisted https links to the browser', () => {
    state.openExternal.length = 0;
    createMainWindow('/p.cjs');
    const [win] = state.windows;
    for (const url of ['https://evil.example/', 'http://github.com/', 'file:///etc/passwd', 'https://github.com/a/b'])
      expect(win.openHandler!({ url })).toEqual({ action: 'deny' });
    expect(state.openExternal).toEqual(['https://github.com/a/b']);
  });

  it('no DevTools in packaged builds: webPreferences and the View menu', () => {
    createMainWindow('/p.cjs', { packaged: true });
    expect((state.windows[0].options.webPreferences as { devTools: boolean }).devTools).toBe(false);
    const packaged = JSON.stringify(menuTemplate(() => () => undefined, { packaged: true, platform: 'linux' }));
    expect(packaged).not.toMatch(/toggleDevTools|viewMenu|"reload"|forceReload/);
    expect(JSON.stringify(menuTemplate(() => () => undefined, { packaged: false, platform: 'linux' }))).toContain('viewMenu');
  });

  it('the session denies permission requests and checks by default', () => {
    serveRenderer('/renderer');
    const answers: boolean[] = [];
    const ours = { requestingUrl: 'app://layerlab/index.html' };
    state.permissionRequest!({}, 'media', (ok) => answers.push(ok), ours);
    state.permissionRequest!({}, 'clipboard-sanitized-write', (ok) => answers.push(ok), ours);
    state.permissionRequest!({}, 'clipboard-sanitized-write', (ok) => answers.push(ok), { requestingUrl: 'https://evil.example/' });
    expect(answers).toEqual([false, true, false]);
    expect(state.permissionCheck!(null, 'geolocation', 'app://layerlab')).toBe(false);
    expect(state.permissionCheck!(null, 'notifications', 'https://evil.example')).toBe(false);
  });

  it('a utility-process trainer that is killed leaves the run interrupted (not failed), on a real host and database', async () => {
    state.children.length = 0;
    const env = tempHost(utilityTrainerLauncher('/out/main/trainer.js'));
    try {
      const api = createClient(inProcessTransport(env.host.handlers, env.host.bus));
      const hp = { epochs: 2, trainLimit: 100, testLimit: 50, batchSize: 50 };
      const a = await api.call('experiments.create', { name: 'killed by the OS', graph: smallConvGraph, datasetId: 'builtin:mnist', hyperparams: hp });
      await api.call('training.start', { id: a.id });
      state.children[0].exit!(137); // SIGKILL from outside (the OOM killer, a task manager)
      const killed = await waitFor(() => env.host.repos.experiments.get(a.id), 5000, 'row');
      expect(killed.status).toBe('interrupted');
      expect(killed.error).toMatch(/stopped \(SIGKILL\).*Resume/);

      const b = await api.call('experiments.create', { name: 'crashed', graph: smallConvGraph, datasetId: 'builtin:mnist', hyperparams: hp });
      await api.call('training.start', { id: b.id });
      state.children[1].exit!(1);
      expect(env.host.repos.experiments.get(b.id)?.status).toBe('failed');
    } finally {
      env.cleanup();
    }
  });
});
