import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import { existsSync } from 'node:fs';
import type { Handlers } from '../../shared/api/contract';
import type { EventBus } from '../services/event-bus';
import { dispatch } from './dispatch';
import { hardenedFastifyOptions, type Timeouts } from './fastify-options';
import { registerFileRoutes } from './file-routes';
import { allowedHosts, checkHostAndOrigin, tokenMatches, webContentSecurityPolicy } from './security';

export interface WebServerOptions {
  handlers: Handlers;
  bus: EventBus;
  token: string;
  /** Address to bind: 127.0.0.1 unless the user asks otherwise. */
  host?: string;
  port?: number;
  /** Built renderer folder to serve at / (optional: API-only when absent). */
  staticDir?: string;
  /** Largest accepted request body in bytes. */
  bodyLimit?: number;
  /**
   * Slow-client limits (ms): a request's headers and body must arrive within `requestMs` (Node checks
   * every `checkEveryMs`), `connectionMs` is the socket inactivity timeout. Small values only in tests.
   */
  timeouts?: Timeouts;
  /** Uploads into and downloads from this data folder (the web host; absent: no /files routes). */
  files?: { dataDir: string; maxUploadBytes?: number };
}

/**
 * The web host: the built renderer at /, the contract at POST /api/<method>, events on the /events
 * WebSocket. Every API and WebSocket request needs the token; every request needs our Host/Origin.
 */
export async function startWebServer(opts: WebServerOptions): Promise<{ app: FastifyInstance; url: string; port: number }> {
  const bindHost = opts.host ?? '127.0.0.1';
  const app = Fastify(hardenedFastifyOptions(opts.bodyLimit ?? 8 * 1024 * 1024, opts.timeouts));
  let hosts = new Set<string>();
  app.addHook('onRequest', async (req, reply) => {
    // WebSocket upgrades of the events route are checked in its preValidation (a reply here would leave the
    // socket open). Only that route: an Upgrade header on any other path (static files) is checked here.
    if (req.headers.upgrade && req.method === 'GET' && req.routeOptions.url === '/events') return;
    const problem = checkHostAndOrigin({ host: req.headers.host, origin: req.headers.origin }, hosts);
    if (problem) return reply.code(403).send({ ok: false, error: { code: 'forbidden', message: problem } });
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    // The Host was just checked against ours, so the page may talk to this host only.
    reply.header('content-security-policy', webContentSecurityPolicy(req.headers.host!));
  });
  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
    const status = err.statusCode ?? 500;
    const message =
      status === 413
        ? 'The request is too large.'
        : status === 400
          ? `The request body is not valid JSON: ${err.message}`
          : 'The server could not handle the request.';
    reply.code(status).send({ ok: false, error: { code: status === 500 ? 'internal' : 'invalid_input', message } });
  });

  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  // Open event sockets would otherwise keep close() waiting forever.
  app.addHook('preClose', async () => {
    for (const client of app.websocketServer.clients) client.terminate();
  });
  const wsAuth = async (
    req: { url: string; headers: { host?: string; origin?: string } },
    reply: { code(n: number): { send(b: unknown): unknown } },
  ) => {
    const problem = checkHostAndOrigin({ host: req.headers.host, origin: req.headers.origin }, hosts);
    if (problem) return reply.code(403).send({ ok: false, error: { code: 'forbidden', message: problem } });
    const token = new URL(req.url, 'http://x').searchParams.get('token');
    if (!tokenMatches(token, opts.token))
      return reply.code(401).send({ ok: false, error: { code: 'unauthorized', message: 'A valid token is required.' } });
  };
  app.get('/events', { websocket: true, preValidation: wsAuth }, (socket) => {
    const off = opts.bus.subscribe((event, payload) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ event, payload }));
    });
    socket.on('close', off);
  });

  app.post<{ Params: { method: string } }>(
    '/api/:method',
    {
      // The token is checked before the body is read or parsed: a stranger's 8 MB body costs us nothing.
      onRequest: async (req, reply) => {
        if (!tokenMatches(req.headers['x-layerlab-token'] as string | undefined, opts.token))
          return reply.code(401).send({ ok: false, error: { code: 'unauthorized', message: 'A valid token is required.' } });
      },
    },
    async (req) => dispatch(opts.handlers, req.params.method, req.body),
  );

  if (opts.files) await registerFileRoutes(app, { token: opts.token, ...opts.files });

  if (opts.staticDir && existsSync(opts.staticDir)) await app.register(fastifyStatic, { root: opts.staticDir, index: 'index.html' });

  await app.listen({ host: bindHost, port: opts.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 0);
  hosts = allowedHosts(bindHost, port);
  const shownHost = bindHost === '0.0.0.0' || bindHost === '::' ? '127.0.0.1' : bindHost;
  return { app, port, url: `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}/?token=${opts.token}` };
}
