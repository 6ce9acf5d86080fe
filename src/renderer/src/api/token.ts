/** Where the tab keeps the web host's token (sessionStorage: this tab only, gone when it closes). */
export const TOKEN_KEY = 'layerlab.token';

type TabStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * The token for this tab and the address to show. The address printed by `npm start` carries it as
 * ?token=…; it is kept for the tab and left in (or put back into) the address, so a reload, a bookmark
 * or a copied link opens the app signed in instead of on "A valid token is required.".
 */
export function resolveToken(href: string, storage: TabStorage): { token: string | null; href: string } {
  const url = new URL(href);
  const fromUrl = url.searchParams.get('token')?.trim() || null;
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    return { token: fromUrl, href };
  }
  const kept = storage.getItem(TOKEN_KEY);
  if (!kept) return { token: null, href };
  url.searchParams.set('token', kept);
  return { token: kept, href: url.toString() };
}

/** The host refused the token: forget it, so the next reload asks for the printed address again. */
export function forgetToken(storage: TabStorage): void {
  storage.removeItem(TOKEN_KEY);
}

export type Access = 'ok' | 'missing' | 'wrong' | 'unreachable';

/**
 * One probe (app.info) before anything else talks to the host: the app, its API calls and its WebSocket
 * start only once the token is accepted, so a wrong token shows the help page and nothing retries behind it.
 */
export async function checkAccess(token: string | null, fetcher: typeof fetch = fetch): Promise<Access> {
  if (!token) return 'missing';
  try {
    const res = await fetcher('/api/app.info', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-layerlab-token': token },
      body: '{}',
    });
    return res.status === 401 ? 'wrong' : 'ok';
  } catch {
    return 'unreachable';
  }
}
