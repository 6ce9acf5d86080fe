import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh access token: 32 random bytes (256 bits) as hex. */
export const newToken = (): string => randomBytes(32).toString('hex');

/** Constant-time token comparison (hashing first makes the lengths equal). */
export function tokenMatches(given: string | undefined | null, expected: string): boolean {
  if (!given) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Host header values we answer to: the loopback names on our port, plus the bound address. */
export function allowedHosts(bindHost: string, port: number): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
  names.add(bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost);
  return new Set([...names].map((n) => `${n}:${port}`));
}

/**
 * DNS-rebinding and cross-site defence: the Host must be one of ours, and an Origin, when a browser
 * sends one, must be our own http origin. Returns a reason to refuse, or null.
 */
export function checkHostAndOrigin(
  headers: { host?: string; origin?: string },
  hosts: Set<string>,
): string | null {
  if (!headers.host || !hosts.has(headers.host.toLowerCase())) return `Host "${headers.host ?? ''}" is not allowed.`;
  if (headers.origin !== undefined) {
    let originHost: string;
    try {
      const url = new URL(headers.origin);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return `Origin "${headers.origin}" is not allowed.`;
      originHost = url.host;
    } catch {
      return `Origin "${headers.origin}" is not allowed.`;
    }
    if (!hosts.has(originHost.toLowerCase())) return `Origin "${headers.origin}" is not allowed.`;
  }
  return null;
}

/**
 * Content-Security-Policy header for everything the web host serves: our own scripts only, and network
 * connections to this host only (its http origin and the ws:// of the same host, for /events).
 * `host` must already have passed checkHostAndOrigin.
 */
export function webContentSecurityPolicy(host: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ws://${host}`,
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
