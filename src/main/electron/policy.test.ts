import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import {
  CONTENT_SECURITY_POLICY,
  isExternalAllowed,
  isNavigationAllowed,
  isPermissionAllowed,
  isTrustedSender,
  resolveAppFile,
  secureWebPreferences,
  utilityExit,
} from './policy';

describe('Electron security policy (pure parts)', () => {
  it('every window is isolated, sandboxed, without Node or webview', () => {
    expect(secureWebPreferences('/p.cjs')).toMatchObject({
      preload: '/p.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
  });

  it('the CSP allows only our own scripts and no plugins, framing or forms', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });

  it('accepts IPC only from app://layerlab frames', () => {
    expect(isTrustedSender('app://layerlab/index.html')).toBe(true);
    for (const bad of ['https://evil.example/', 'file:///etc/passwd', 'app://other/index.html', '', null, undefined, 'not a url'])
      expect(isTrustedSender(bad)).toBe(false);
    expect(isNavigationAllowed('https://example.com')).toBe(false);
  });

  it('the app:// protocol refuses paths outside the renderer folder', () => {
    const root = '/opt/layerlab/renderer';
    expect(resolveAppFile(root, 'app://layerlab/')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://layerlab/assets/a.js')).toBe(join(root, 'assets/a.js'));
    for (const bad of [
      'app://layerlab/../../etc/passwd',
      'app://layerlab/%2e%2e/%2e%2e/etc/passwd',
      'app://layerlab/..%2f..%2fetc%2fpasswd',
      'app://layerlab/assets/%00.js',
      'app://elsewhere/index.html',
      'file:///etc/passwd',
    ]) {
      const file = resolveAppFile(root, bad);
      // Either refused, or (after URL normalisation removed the dots) still inside the folder.
      if (file !== null) expect(file.startsWith(root + '/'), `${bad} → ${file}`).toBe(true);
    }
    expect(resolveAppFile(root, 'app://layerlab/..%2f..%2fetc%2fpasswd')).toBeNull();
    expect(resolveAppFile(root, 'app://elsewhere/index.html')).toBeNull();
    expect(resolveAppFile(root, 'app://layerlab/assets/%00.js')).toBeNull();
  });

  it('DevTools exist in development builds only', () => {
    expect(secureWebPreferences('/p.cjs').devTools).toBe(true);
    expect(secureWebPreferences('/p.cjs', { packaged: true }).devTools).toBe(false);
  });

  it('openExternal takes only https links to the documentation allowlist', () => {
    expect(isExternalAllowed('https://github.com/some/repo')).toBe(true);
    expect(isExternalAllowed('https://www.tensorflow.org/js')).toBe(true);
    for (const bad of [
      'https://evil.example/',
      'http://github.com/',
      'https://github.com.evil.example/',
      'https://user:pw@github.com/',
      'https://github.com:8443/',
      'file:///etc/passwd',
      'smb://host/share',
      'javascript:alert(1)',
      'not a url',
    ])
      expect(isExternalAllowed(bad), bad).toBe(false);
  });

  it('permissions are denied by default; only our page may write the clipboard', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'hid', 'serial', 'fullscreen'])
      expect(isPermissionAllowed(p, 'app://layerlab/index.html'), p).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://layerlab/index.html')).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', undefined)).toBe(false);
  });

  it('a killed utility-process trainer reads as a signal (interrupted); a crash keeps its exit code (failed)', () => {
    expect(utilityExit(15, true)).toEqual({ code: null, signal: 'SIGKILL' });
    expect(utilityExit(137, false)).toEqual({ code: null, signal: 'SIGKILL' });
    expect(utilityExit(143, false)).toEqual({ code: null, signal: 'SIGTERM' });
    expect(utilityExit(9, false)).toEqual({ code: null, signal: 'SIGKILL' });
    expect(utilityExit(0, false)).toEqual({ code: 0, signal: null });
    expect(utilityExit(1, false)).toEqual({ code: 1, signal: null });
  });
});
