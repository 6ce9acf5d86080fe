import type { Transport } from '../../../shared/api/client';
import type { CallResult } from '../../../shared/api/errors';
import { retryDelayMs, stateAfter, useConnection } from '../state/connection';

/**
 * HTTP for calls (POST /api/<method>), one WebSocket for events. After a drop it reconnects with a growing
 * wait and reports `reconnecting`, then `lost`; on coming back it bumps `reconnects` so views reattach.
 */
export function httpTransport(token: string): Transport {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  let failures = 0;
  let everOpen = false;
  const connect = () => {
    const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(`${proto}//${window.location.host}/events?token=${encodeURIComponent(token)}`);
    let opened = false;
    socket.onopen = () => {
      opened = true;
      const back = everOpen;
      everOpen = true;
      failures = 0;
      useConnection.setState((s) => ({ state: 'open', reconnects: back ? s.reconnects + 1 : s.reconnects }));
    };
    socket.onmessage = (msg) => {
      const { event, payload } = JSON.parse(String(msg.data)) as { event: string; payload: unknown };
      for (const cb of listeners.get(event) ?? []) cb(payload);
    };
    socket.onclose = () => {
      // A signed-out tab stays put: retrying with a refused token would only loop.
      if (useConnection.getState().state === 'signed-out') return;
      if (opened) failures = 0;
      failures += 1;
      useConnection.setState({ state: stateAfter(failures) });
      setTimeout(connect, retryDelayMs(failures));
    };
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
      if (res.status === 401) {
        useConnection.setState({ state: 'signed-out' });
        return { ok: false, error: { code: 'unavailable', message: 'This page is not signed in: open the address printed by `npm start` (it carries the token).' } };
      }
      const body = (await res.json().catch(() => null)) as CallResult<unknown> | { message?: string } | null;
      if (body && 'ok' in body) return body;
      return { ok: false, error: { code: 'unavailable', message: body?.message ?? `The server answered ${res.status}.` } };
    },
    on(event, cb) {
      const set = listeners.get(event) ?? listeners.set(event, new Set()).get(event)!;
      set.add(cb);
      return () => set.delete(cb);
    },
  };
}
