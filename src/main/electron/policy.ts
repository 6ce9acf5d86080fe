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

/** webPreferences for every window: isolated, sandboxed, no Node, no webview; no DevTools when packaged. */
export function secureWebPreferences(preload: string, opts: { packaged?: boolean } = {}) {
  return {
    preload,
    devTools: !opts.packaged,
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

/** Sites the app may open in the user's browser: documentation only. Everything else is refused. */
export const EXTERNAL_HOSTS: readonly string[] = ['github.com', 'www.tensorflow.org', 'js.tensorflow.org', 'onnx.ai', 'keras.io'];

/** May `target` be handed to shell.openExternal? https, an allowlisted host, default port, no credentials. */
export function isExternalAllowed(target: string): boolean {
  try {
    const url = new URL(target);
    return url.protocol === 'https:' && !url.username && !url.password && !url.port && EXTERNAL_HOSTS.includes(url.hostname);
  } catch {
    return false;
  }
}

/**
 * Permission requests and checks (camera, notifications, geolocation, …) are denied by default. The one
 * exception: our own page may write to the clipboard (the Copy buttons of the code and serving panels).
 */
export function isPermissionAllowed(permission: string, requestingUrl: string | undefined | null): boolean {
  return permission === 'clipboard-sanitized-write' && isTrustedSender(requestingUrl);
}

const EXIT_SIGNALS: Record<number, string> = { 2: 'SIGINT', 9: 'SIGKILL', 15: 'SIGTERM', 129: 'SIGHUP', 130: 'SIGINT', 137: 'SIGKILL', 143: 'SIGTERM' };

/**
 * utilityProcess reports only an exit code. Tell a killed trainer (by us, the user or the OS: 128+signal
 * or the bare signal number) from one that crashed, so a kill ends the run `interrupted`, not `failed`.
 */
export function utilityExit(code: number, killedByUs: boolean): { code: number | null; signal: string | null } {
  if (killedByUs) return { code: null, signal: 'SIGKILL' };
  if (code === 0) return { code: 0, signal: null };
  const signal = EXIT_SIGNALS[code];
  return signal ? { code: null, signal } : { code, signal: null };
}
