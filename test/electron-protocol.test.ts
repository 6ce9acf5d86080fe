import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// No Electron binary here: the module is stubbed at the edge (as in src/main/electron/main-window.test.ts)
// to capture the app:// handler and the permission handler that serveRenderer installs.
const state = vi.hoisted(() => ({
  handler: null as null | ((req: { url: string }) => Promise<Response>),
  permission: null as null | ((wc: unknown, permission: string, cb: (ok: boolean) => void, details?: unknown) => void),
  fetched: [] as string[],
}));
vi.mock('electron', () => ({
  app: {},
  BrowserWindow: class {},
  dialog: {},
  ipcMain: { handle: () => undefined },
  Menu: { buildFromTemplate: () => ({}), setApplicationMenu: () => undefined },
  net: {
    fetch: async (url: string) => {
      state.fetched.push(url);
      return new Response('<!doctype html>', { status: 200, headers: { 'content-type': 'text/html' } });
    },
  },
  protocol: { registerSchemesAsPrivileged: () => undefined, handle: (_s: string, fn: typeof state.handler) => void (state.handler = fn) },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn: typeof state.permission) => void (state.permission = fn),
      setPermissionCheckHandler: () => undefined,
    },
  },
  shell: { openExternal: vi.fn() },
  utilityProcess: {},
}));

const { serveRenderer } = await import('../src/main/electron/main-window');
const { CONTENT_SECURITY_POLICY } = await import('../src/main/electron/policy');

describe('app:// responses and permissions (electron stubbed)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'layerlab-renderer-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  serveRenderer(dir);

  it('every app:// response carries the CSP', async () => {
    const res = await state.handler!({ url: 'app://layerlab/index.html' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(state.fetched.at(-1)).toBe(`file://${join(dir, 'index.html')}`);
  });

  it('paths outside the renderer folder and foreign hosts are 404 without touching the disk', async () => {
    const before = state.fetched.length;
    // Dot segments are folded by URL parsing first: this one stays inside the folder.
    await state.handler!({ url: 'app://layerlab/../../etc/passwd' });
    expect(state.fetched.pop()).toBe(`file://${join(dir, 'etc', 'passwd')}`);
    for (const url of ['app://layerlab/%2e%2e%2f%2e%2e%2fetc%2fpasswd', 'app://layerlab/..%2f..%2fetc%2fpasswd', 'app://evil/index.html', 'app://layerlab/a%00b'])
      expect((await state.handler!({ url })).status, url).toBe(404);
    expect(state.fetched.length).toBe(before);
  });

  it('denies every permission request (camera, microphone, geolocation, notifications, …)', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'midiSysex', 'unknown']) {
      const cb = vi.fn();
      state.permission!({}, permission, cb, { requestingUrl: 'app://layerlab/index.html' });
      expect(cb, permission).toHaveBeenCalledWith(false);
    }
  });
});
