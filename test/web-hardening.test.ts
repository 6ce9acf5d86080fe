import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { startWebServer } from '../src/main/transport/http-server';
import { newToken } from '../src/main/transport/security';
import { startModelServer, type ModelServer } from '../src/main/serving/server';
import { buildPreprocessing } from '../src/main/export/preprocessing';
import { tempHost } from './helpers';

/**
 * The web host and the model service under hostile clients: slow requests are cut off, every route
 * (static files included) checks Host and Origin and sends no CORS headers, /api answers POST only; and
 * a loopback load test of the model service (5 s; 60 s under SOAK=1) with flat memory.
 */
const env = tempHost();
const token = newToken();
const staticDir = join(env.dataDir, 'renderer');
mkdirSync(staticDir, { recursive: true });
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>LayerLab</title>');
writeFileSync(join(staticDir, 'app.js'), 'console.log(1)');
let web: Awaited<ReturnType<typeof startWebServer>>;
let served: ModelServer;
const SLOW = { requestMs: 800, connectionMs: 1500, checkEveryMs: 100 };

beforeAll(async () => {
  web = await startWebServer({ handlers: env.host.handlers, bus: env.host.bus, token, staticDir, timeouts: SLOW });
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3, activation: 'softmax' })] });
  const preprocessing = buildPreprocessing({ inputNames: ['x'], inputShape: [4], kind: 'table', labels: ['a', 'b', 'c'], recipe: {} });
  served = await startModelServer({ model, name: 'tiny', preprocessing, timeouts: SLOW });
});
afterAll(async () => {
  await web.app.close();
  await served.close();
  env.cleanup();
});

function raw(port: number, opts: { path: string; method?: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: opts.path, method: opts.method ?? 'GET', headers: opts.headers ?? {} }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** A client that sends `head` and then one byte every `everyMs`; resolves with what it saw when the server hung up. */
function trickle(port: number, head: string, everyMs = 100, giveUpMs = 10_000) {
  return new Promise<{ closedAfterMs: number; response: string }>((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let response = '';
    let timer: NodeJS.Timeout | undefined;
    const done = () => {
      clearInterval(timer);
      socket.destroy();
      resolve({ closedAfterMs: Date.now() - started, response });
    };
    socket.on('connect', () => {
      socket.write(head);
      timer = setInterval(() => (Date.now() - started > giveUpMs ? done() : socket.write('x')), everyMs);
    });
    socket.on('data', (d) => (response += d.toString()));
    socket.on('close', done);
    socket.on('error', done);
  });
}

describe('web host: slow clients', () => {
  it('a client that sends headers and then trickles the body is cut off (request timeout)', async () => {
    const port = web.port;
    const r = await trickle(port, `POST /api/app.info HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nx-layerlab-token: ${token}\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{"a":"`);
    expect(r.closedAfterMs).toBeLessThan(SLOW.requestMs + 1500);
    expect(r.response).not.toMatch(/"ok":true/);
  });

  it('the model service cuts off a client that trickles its :predict body, too', async () => {
    const port = served.port;
    const r = await trickle(port, `POST /v1/models/tiny:predict HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{"instances":[`);
    expect(r.closedAfterMs).toBeLessThan(SLOW.requestMs + 1500);
    expect(r.response).not.toMatch(/predictions/);
  });

  it('a client that trickles its headers is cut off too (headers timeout)', async () => {
    const port = web.port;
    const headers = await trickle(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: `);
    expect(headers.closedAfterMs).toBeLessThan(SLOW.requestMs + 1500);
  });
  // Known gap: a socket that never sends a byte is not closed after connectionMs while Node's request
  // timeout checks run more often than that (they keep its idle timer from firing; Node 20).
});

describe('web host: every route checks Host and Origin, no CORS, POST-only API', () => {
  const own = () => ({ host: `127.0.0.1:${web.port}` });

  it('static files: 200 for our Host, 403 for a foreign Host or Origin, never a CORS header', async () => {
    for (const path of ['/', '/index.html', '/app.js']) {
      const ok = await raw(web.port, { path, headers: own() });
      expect(ok.status, path).toBe(200);
      expect(ok.headers['access-control-allow-origin'], path).toBeUndefined();
      expect(ok.headers['x-content-type-options']).toBe('nosniff');
      expect((await raw(web.port, { path, headers: { host: 'evil.example' } })).status, path).toBe(403);
      expect((await raw(web.port, { path, headers: { ...own(), origin: 'http://evil.example' } })).status, path).toBe(403);
      expect((await raw(web.port, { path, headers: { ...own(), origin: 'null' } })).status, path).toBe(403);
    }
    const traversal = await raw(web.port, { path: '/..%2f..%2fpackage.json', headers: own() });
    expect([403, 404]).toContain(traversal.status);
  });

  it('a CORS preflight gets no allow headers; /api answers POST only', async () => {
    const preflight = await raw(web.port, {
      path: '/api/app.info',
      method: 'OPTIONS',
      headers: { ...own(), origin: `http://127.0.0.1:${web.port}`, 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-headers']).toBeUndefined();
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const res = await raw(web.port, { path: '/api/app.info', method, headers: { ...own(), 'x-layerlab-token': token } });
      expect([404, 405], method).toContain(res.status);
      expect(res.body).not.toMatch(/"ok":true/);
    }
    const post = await raw(web.port, { path: '/api/app.info', method: 'POST', headers: { ...own(), 'x-layerlab-token': token, 'content-type': 'application/json' }, body: '{}' });
    expect(post.status).toBe(200);
  });

  it('tokens carry at least 128 random bits and differ each time', () => {
    const a = newToken();
    expect(a).toMatch(/^[0-9a-f]{32,}$/);
    expect(a.length * 4).toBeGreaterThanOrEqual(128);
    expect(newToken()).not.toBe(a);
  });
});

describe('model service: the same checks, and load', () => {
  const port = () => Number(new URL(served.url).port);
  const own = () => ({ host: `127.0.0.1:${port()}` });

  it('403 for a foreign Host or Origin on every route, no CORS headers, other methods refused', async () => {
    for (const path of ['/healthz', '/v1/models/tiny', '/v1/models/tiny/metrics']) {
      const ok = await raw(port(), { path, headers: own() });
      expect(ok.status, path).toBe(200);
      expect(ok.headers['access-control-allow-origin']).toBeUndefined();
      expect((await raw(port(), { path, headers: { host: 'evil.example' } })).status, path).toBe(403);
      expect((await raw(port(), { path, headers: { ...own(), origin: 'http://evil.example' } })).status, path).toBe(403);
    }
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      // Refused: a 4xx, or the connection closed without an answer — never a prediction.
      const res = await raw(port(), { path: '/v1/models/tiny:predict', method, headers: { ...own(), 'content-type': 'application/json' }, body: '{"instances":[[1,2,3,4]]}' }).catch(
        (err: Error) => ({ status: 0, body: err.message }),
      );
      expect(res.status === 0 || (res.status >= 400 && res.status < 500), `${method} → ${res.status}`).toBe(true);
      expect(res.body).not.toMatch(/predictions/);
    }
    const preflight = await raw(port(), { path: '/v1/models/tiny:predict', method: 'OPTIONS', headers: { ...own(), origin: 'http://evil.example' } });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it(`${process.env.SOAK ? 60 : 5} s of 16 concurrent clients on loopback: no errors, memory flat`, async () => {
    const seconds = process.env.SOAK ? 60 : 5;
    const clients = 16;
    const agent = new Agent({ keepAlive: true, maxSockets: clients });
    const body = JSON.stringify({ instances: [[0.1, 0.2, 0.3, 0.4], [1, 0, 1, 0]] });
    const predict = () =>
      new Promise<number>((resolve) => {
        const req = request(
          { agent, host: '127.0.0.1', port: port(), path: '/v1/models/tiny:predict', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
          (res) => {
            let text = '';
            res.on('data', (c) => (text += c));
            res.on('end', () => resolve(res.statusCode === 200 && text.includes('predictions') ? 200 : (res.statusCode ?? 0)));
          },
        );
        req.on('error', () => resolve(-1));
        req.end(body);
      });
    const run = async (ms: number) => {
      const until = Date.now() + ms;
      let ok = 0;
      let failed = 0;
      await Promise.all(
        Array.from({ length: clients }, async () => {
          while (Date.now() < until) {
            if ((await predict()) === 200) ok++;
            else failed++;
          }
        }),
      );
      return { ok, failed };
    };
    await run(1000); // warm-up: JIT, pools, first batches
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const t0 = performance.now();
    const { ok, failed } = await run(seconds * 1000);
    const elapsed = (performance.now() - t0) / 1000;
    global.gc?.();
    const rssAfter = process.memoryUsage().rss;
    agent.destroy();
    const rate = ok / elapsed;
    console.log(
      `[load] ${clients} clients × ${elapsed.toFixed(1)} s: ${ok} requests, ${rate.toFixed(0)} req/s, ${failed} errors; ` +
        `RSS ${(rssBefore / 2 ** 20).toFixed(0)} → ${(rssAfter / 2 ** 20).toFixed(0)} MB; server counters ${JSON.stringify(served.counters())}`,
    );
    expect(failed).toBe(0);
    expect(ok).toBeGreaterThan(seconds * 20);
    expect((rssAfter - rssBefore) / 2 ** 20).toBeLessThan(150);
  });
});
