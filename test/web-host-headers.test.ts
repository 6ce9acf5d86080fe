import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startWebServer } from '../src/main/transport/http-server';
import { newToken } from '../src/main/transport/security';
import { tempHost } from './helpers';

/**
 * Issue 14's web-host findings: pages carry a CSP header that lets them connect to this host only; an
 * Upgrade header no longer skips the Host/Origin check for static files under /events…; the token is
 * checked before a body is parsed.
 */
const env = tempHost();
const token = newToken();
const staticDir = join(env.dataDir, 'renderer');
mkdirSync(staticDir, { recursive: true });
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>LayerLab</title>');
writeFileSync(join(staticDir, 'events-secret.js'), 'const secret = 42;');
let web: Awaited<ReturnType<typeof startWebServer>>;

beforeAll(async () => {
  web = await startWebServer({ handlers: env.host.handlers, bus: env.host.bus, token, staticDir });
});
afterAll(async () => {
  await web.app.close();
  env.cleanup();
});

function raw(opts: { path: string; method?: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: web.port, path: opts.path, method: opts.method ?? 'GET', headers: opts.headers ?? {} }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('web host headers and checks', () => {
  it('every page carries a CSP whose connect-src is this host only (its origin and its ws://)', async () => {
    const r = await raw({ path: '/', headers: { host: `127.0.0.1:${web.port}` } });
    expect(r.status).toBe(200);
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${web.port};`);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/ws: |wss:|\*/);
    const other = await raw({ path: '/', headers: { host: `localhost:${web.port}` } });
    expect(String(other.headers['content-security-policy'])).toContain(`ws://localhost:${web.port}`);
  });

  it('an Upgrade header on a path starting with /events does not skip the Host/Origin check for a static file', async () => {
    const path = '/events-secret.js';
    // An Upgrade header without `Connection: upgrade` is an ordinary request to Node: it used to skip the check.
    const evil = await raw({ path, headers: { host: 'evil.example', upgrade: 'websocket' } });
    expect(evil.status).toBe(403);
    expect(evil.body).not.toContain('secret');
    const crossSite = await raw({ path, headers: { host: `127.0.0.1:${web.port}`, origin: 'http://evil.example', upgrade: 'websocket' } });
    expect(crossSite.status).toBe(403);
    const ours = await raw({ path, headers: { host: `127.0.0.1:${web.port}` } });
    expect(ours.status).toBe(200);
  });

  it('the events socket itself still works with the token, and refuses a foreign Origin', async () => {
    const open = (origin?: string) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${web.port}/events?token=${token}`, { headers: origin ? { origin } : {} });
        ws.on('open', () => (ws.close(), resolve('open')));
        ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
        ws.on('error', () => resolve('error'));
      });
    expect(await open()).toBe('open');
    expect(await open('http://evil.example')).toBe('403');
  });

  it('the token is checked before the body is parsed: no token + broken JSON is 401, not a parse error', async () => {
    const headers = { host: `127.0.0.1:${web.port}`, 'content-type': 'application/json' };
    const broken = await raw({ path: '/api/app.info', method: 'POST', headers, body: '{"not json' });
    expect(broken.status).toBe(401);
    expect(JSON.parse(broken.body)).toMatchObject({ error: { code: 'unauthorized' } });
    const big = await raw({ path: '/api/app.info', method: 'POST', headers, body: `{"x":"${'a'.repeat(2_000_000)}` }).catch((e: Error) => ({
      status: 401,
      headers: {},
      body: e.message, // the server may hang up before the client finished sending: still never parsed
    }));
    expect(big.status).toBe(401);
    const withToken = await raw({ path: '/api/app.info', method: 'POST', headers: { ...headers, 'x-layerlab-token': token }, body: '{"not json' });
    expect(withToken.status).toBe(400); // with the token, the parser is reached and says so
  });
});
