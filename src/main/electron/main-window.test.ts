import { beforeEach, describe, expect, it, vi } from 'vitest';

// No Electron binary exists on this machine, so the 'electron' module is stubbed — only here, at the
// edge of the world — to check what our code asks of it.
const state = vi.hoisted(() => ({
  windows: [] as { options: Record<string, unknown>; handlers: Record<string, (...a: unknown[]) => unknown>; openHandler?: (d: { url: string }) => unknown; loaded?: string }[],
  ipcHandlers: {} as Record<string, (...a: unknown[]) => unknown>,
  schemes: [] as unknown[],
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
    session: {},
    shell: { openExternal: vi.fn() },
    utilityProcess: {},
  };
});

const { createMainWindow, registerAppScheme, wireIpc } = await import('./main-window');

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
});
