import type { Transport } from '../../../shared/api/client';
import type { CallResult } from '../../../shared/api/errors';

const TOKEN_KEY = 'layerlab.token';

/** The web host's token arrives once in the URL (?token=…); keep it for the tab and tidy the address bar. */
export function takeToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString());
  }
  return fromUrl ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/** HTTP for calls (POST /api/<method>), one WebSocket for events, reconnecting after drops. */
export function httpTransport(token: string): Transport {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  let socket: WebSocket | null = null;
  const connect = () => {
    const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(`${proto}//${window.location.host}/events?token=${encodeURIComponent(token)}`);
    socket.onmessage = (msg) => {
      const { event, payload } = JSON.parse(String(msg.data)) as { event: string; payload: unknown };
      for (const cb of listeners.get(event) ?? []) cb(payload);
    };
    socket.onclose = () => setTimeout(connect, 1000);
  };
  connect();
  return {
    async call(method, input) {
      let res: Response;
      try {
        res = await fetch(`/api/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-layerlab-token': token },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        return { ok: false, error: { code: 'unavailable', message: 'The LayerLab server cannot be reached. Is it still running?' } };
      }
      const body = (await res.json().catch(() => null)) as CallResult<unknown> | { message?: string } | null;
      if (body && 'ok' in body) return body;
      const message =
        res.status === 401
          ? 'This page is not signed in: open the address the server printed (it carries the token).'
          : (body?.message ?? `The server answered ${res.status}.`);
      return { ok: false, error: { code: 'unavailable', message } };
    },
    on(event, cb) {
      const set = listeners.get(event) ?? listeners.set(event, new Set()).get(event)!;
      set.add(cb);
      return () => set.delete(cb);
    },
  };
}
