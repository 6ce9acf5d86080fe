import { resolve, sep } from 'node:path';

/** The renderer is served from this privileged custom scheme, never from file:// or http. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://layerlab`;

/** Content-Security-Policy for every app:// response. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** webPreferences for every window: isolated, sandboxed, no Node, no webview. */
export function secureWebPreferences(preload: string) {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    spellcheck: false,
  } as const;
}

/** Only our own app:// pages may call the contract over IPC. */
export function isTrustedSender(frameUrl: string | undefined | null): boolean {
  if (!frameUrl) return false;
  try {
    const url = new URL(frameUrl);
    return url.protocol === `${APP_SCHEME}:` && url.host === 'layerlab';
  } catch {
    return false;
  }
}

/** Navigation away from the app is always refused (links open nowhere inside the window). */
export const isNavigationAllowed = (target: string): boolean => isTrustedSender(target);

/**
 * Map an app:// URL to a file inside the renderer folder. Anything that escapes the folder
 * (`..`, encoded slashes, absolute paths) resolves to null and is answered 404.
 */
export function resolveAppFile(root: string, requestUrl: string): string | null {
  let pathname: string;
  try {
    const url = new URL(requestUrl);
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== 'layerlab') return null;
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const base = resolve(root);
  const file = resolve(base, `.${pathname === '/' ? '/index.html' : pathname}`);
  return file === base || file.startsWith(base + sep) ? file : null;
}
