import { describe, expect, it, vi } from 'vitest';

const exposed = vi.hoisted(() => ({} as Record<string, Record<string, unknown>>));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => (exposed[key] = api) },
  ipcRenderer: { invoke: vi.fn(async () => ({ ok: true, result: 1 })), on: vi.fn(), removeListener: vi.fn() },
}));
await import('./index');

describe('preload (electron stubbed: no binary here)', () => {
  it('exposes exactly call and on, nothing else', () => {
    expect(Object.keys(exposed)).toEqual(['layerlab']);
    expect(Object.keys(exposed.layerlab).sort()).toEqual(['call', 'on']);
  });
});
