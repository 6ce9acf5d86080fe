import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import WebSocket from 'ws';
import { startWebServer } from '../src/main/transport/http-server';
import { newToken, tokenMatches } from '../src/main/transport/security';
import { tempHost } from './helpers';

const env = tempHost();
const token = newToken();
let server: Awaited<ReturnType<typeof startWebServer>>;

beforeAll(async () => {
  server = await startWebServer({ handlers: env.host.handlers, bus: env.host.bus, token, bodyLimit: 64 * 1024 });
});
afterAll(async () => {
  await server.app.close();
  env.cleanup();
});

/** A raw HTTP request, so the Host and Origin headers are exactly what a hostile page would send. */
function raw(opts: { path: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path: opts.path, method: opts.method ?? 'POST', headers: { 'content-type': 'application/json', ...opts.headers } },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body ?? '{}');
  });
}

describe('web host security, over real HTTP', () => {
  it('binds 127.0.0.1 by default and prints a URL carrying a 256-bit token', () => {
    expect(server.app.server.address()).toMatchObject({ address: '127.0.0.1' });
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[0-9a-f]{64}$`));
  });

  it('answers 200 with the token, 401 without it or with a wrong one', async () => {
    expect((await raw({ path: '/api/app.info', headers: { 'x-layerlab-token': token } })).status).toBe(200);
    expect((await raw({ path: '/api/app.info' })).status).toBe(401);
    expect((await raw({ path: '/api/app.info', headers: { 'x-layerlab-token': token.slice(0, -1) + (token.endsWith('0') ? '1' : '0') } })).status).toBe(401);
  });

  it('answers 403 to a foreign Host (DNS rebinding) or a foreign Origin', async () => {
    const foreignHost = await raw({ path: '/api/app.info', headers: { 'x-layerlab-token': token, host: 'evil.example:80' } });
    expect(foreignHost.status).toBe(403);
    const foreignOrigin = await raw({ path: '/api/app.info', headers: { 'x-layerlab-token': token, origin: 'http://evil.example' } });
    expect(foreignOrigin.status).toBe(403);
    const ownOrigin = await raw({ path: '/api/app.info', headers: { 'x-layerlab-token': token, origin: `http://127.0.0.1:${server.port}` } });
    expect(ownOrigin.status).toBe(200);
  });

  it('answers 413 past the body limit, 400 to broken JSON, and sends no CORS headers', async () => {
    const big = await raw({ path: '/api/app.info', headers: { 'x-layerlab-token': token }, body: JSON.stringify({ pad: 'x'.repeat(100_000) }) });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body).error.message).toMatch(/too large/);
    const broken = await raw({ path: '/api/app.info', headers: { 'x-layerlab-token': token }, body: '{"a":' });
    expect(broken.status).toBe(400);
    const res = await fetch(`http://127.0.0.1:${server.port}/api/app.info`, { method: 'POST', headers: { 'x-layerlab-token': token, 'content-type': 'application/json' }, body: '{}' });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('WebSocket: refuses a missing token and a foreign Origin, accepts our own', async () => {
    const open = (url: string, origin?: string) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url, origin ? { origin } : {});
        ws.on('open', () => {
          resolve('open');
          ws.close();
        });
        ws.on('close', (code) => resolve(`closed ${code}`));
        ws.on('unexpected-response', (req, res) => {
          resolve(`http ${res.statusCode}`);
          req.destroy();
        });
        ws.on('error', () => undefined);
      });
    const base = `ws://127.0.0.1:${server.port}/events`;
    expect(await open(base)).toBe('http 401');
    expect(await open(`${base}?token=wrong`)).toBe('http 401');
    expect(await open(`${base}?token=${token}`, 'http://evil.example')).toBe('http 403');
    expect(await open(`${base}?token=${token}`, `http://127.0.0.1:${server.port}`)).toBe('open');
  });

  it('compares tokens in constant time and only exact matches pass', () => {
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(undefined, token)).toBe(false);
    expect(tokenMatches(token + 'x', token)).toBe(false);
  });
});
