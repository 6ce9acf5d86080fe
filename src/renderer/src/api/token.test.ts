import { describe, expect, it } from 'vitest';
import { checkAccess, forgetToken, resolveToken, TOKEN_KEY } from './token';
import { LOST_AFTER_ATTEMPTS, retryDelayMs, stateAfter } from '../state/connection';

/** sessionStorage's three methods over a Map. */
function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k), m };
}

describe('token kept for the tab', () => {
  it('takes the token from the printed address, stores it and leaves the address as it is', () => {
    const s = memoryStorage();
    const href = 'http://127.0.0.1:5310/?token=abc123#/train';
    expect(resolveToken(href, s)).toEqual({ token: 'abc123', href });
    expect(s.m.get(TOKEN_KEY)).toBe('abc123');
  });

  it('puts the stored token back into an address without one, so reloads and bookmarks keep working', () => {
    const s = memoryStorage();
    s.setItem(TOKEN_KEY, 'abc123');
    const r = resolveToken('http://127.0.0.1:5310/#/experiments', s);
    expect(r.token).toBe('abc123');
    expect(r.href).toBe('http://127.0.0.1:5310/?token=abc123#/experiments');
  });

  it('a token in the address wins over an older one kept by the tab', () => {
    const s = memoryStorage();
    s.setItem(TOKEN_KEY, 'old');
    expect(resolveToken('http://h/?token=new', s).token).toBe('new');
    expect(s.m.get(TOKEN_KEY)).toBe('new');
  });

  it('no token anywhere (or an empty one) is reported as missing', () => {
    const s = memoryStorage();
    expect(resolveToken('http://h/?token=', s).token).toBeNull();
    expect(resolveToken('http://h/', s)).toEqual({ token: null, href: 'http://h/' });
  });

  it('a refused token is forgotten', () => {
    const s = memoryStorage();
    s.setItem(TOKEN_KEY, 'bad');
    forgetToken(s);
    expect(resolveToken('http://h/', s).token).toBeNull();
  });
});

describe('access check before the app loads', () => {
  const answering = (status: number) => {
    const calls: RequestInit[] = [];
    const f = (async (_url: string, init: RequestInit) => {
      calls.push(init);
      return new Response('{}', { status });
    }) as unknown as typeof fetch;
    return { f, calls };
  };

  it('asks nothing when there is no token', async () => {
    const { f, calls } = answering(200);
    expect(await checkAccess(null, f)).toBe('missing');
    expect(calls).toHaveLength(0);
  });

  it('one probe with the token: 401 is a wrong token, anything else lets the app load', async () => {
    const refused = answering(401);
    expect(await checkAccess('t', refused.f)).toBe('wrong');
    expect(refused.calls).toHaveLength(1);
    expect((refused.calls[0].headers as Record<string, string>)['x-layerlab-token']).toBe('t');
    expect(await checkAccess('t', answering(200).f)).toBe('ok');
  });

  it('a server that cannot be reached is told apart from a wrong token', async () => {
    const down = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    expect(await checkAccess('t', down)).toBe('unreachable');
  });
});

describe('reconnecting', () => {
  it('waits longer after each failed attempt, capped, so a stopped server is not hammered', () => {
    expect([1, 2, 3, 4, 5, 20].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('reads as reconnecting after a drop, and as lost once it stays down', () => {
    expect(stateAfter(0)).toBe('open');
    expect(stateAfter(1)).toBe('reconnecting');
    expect(stateAfter(LOST_AFTER_ATTEMPTS - 1)).toBe('reconnecting');
    expect(stateAfter(LOST_AFTER_ATTEMPTS)).toBe('lost');
  });
});
