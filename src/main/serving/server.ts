import Fastify from 'fastify';
import type * as tf from '@tensorflow/tfjs';
import { hardenedFastifyOptions, type Timeouts } from '../transport/fastify-options';
import type { Preprocessing } from '../export/preprocessing';
import { allowedHosts, checkHostAndOrigin, tokenMatches } from '../transport/security';
import { AdaptiveBatcher, PredictError } from './batcher';
import { RequestError } from './errors';
import { stringifyLenient } from './json';
import { answer, parseRoute, type RouteContext } from './routes';
import { chooseRunner, type RuntimeChoice } from './runner';
import { inputSpecOf } from './signature';

export interface ModelServerOptions {
  model: tf.LayersModel;
  /** Model name in the URL (letters, digits, _ . -). */
  name: string;
  preprocessing: Preprocessing;
  /** Address to bind; 127.0.0.1 unless the user asks otherwise. */
  host?: string;
  /** 0 = any free port. */
  port?: number;
  /** When set, every request but /healthz needs `Authorization: Bearer <token>`. */
  token?: string | null;
  /** Largest accepted request body in bytes (default 4 MiB). */
  bodyLimit?: number;
  /** Most instances in one request (default 1024). */
  maxInstances?: number;
  /** Most samples in one model call; larger work is split, with the event loop free between calls (default 64). */
  chunk?: number;
  /** Who runs the model: the fastest that works ('auto', default), or one pinned (tests, bench). */
  runtime?: RuntimeChoice;
  /** Slow-client limits (defaults: 30 s per request, 60 s idle). */
  timeouts?: Timeouts;
}

/** Request counters, shown by /metrics and serving.status. */
export interface ServerCounters {
  requests: number;
  predictions: number;
  errors: number;
  batches: number;
  largestBatch: number;
  /** Samples accepted and not yet answered. */
  inFlight: number;
  /** Who computes the predictions, and why. */
  runtime: string;
  runtimeReason: string;
  /** Time the service took for its last (up to 1,024) :predict/:classify answers, from request to reply, in ms. */
  latencyMs: { p50: number; p95: number; count: number } | null;
}

export interface ModelServer {
  url: string;
  port: number;
  counters(): ServerCounters;
  close(): Promise<void>;
}

/**
 * One model behind TF Serving's REST surface (see routes.ts), plus /healthz. Errors are
 * {"error": message} with 400 (malformed), 401 (token), 403 (Host/Origin), 404, 405, 413 (too large).
 */
export async function startModelServer(opts: ModelServerOptions): Promise<ModelServer> {
  const { model, name, preprocessing: prep } = opts;
  const spec = inputSpecOf(model, prep.inputNames?.[0]);
  const runner = await chooseRunner(model, spec, opts.runtime);
  // The first call pays for kernel set-up and weight upload; pay it before the first client does.
  await runner.run(new Float32Array(spec.size), 1);
  const batcher = new AdaptiveBatcher(runner, spec.size, spec.outputSize, opts.chunk ?? 64);
  const counts = { requests: 0, predictions: 0, errors: 0 };
  const bodyLimit = opts.bodyLimit ?? 4 * 1024 * 1024;
  const bindHost = opts.host ?? '127.0.0.1';
  let hosts = new Set<string>();
  const latency = latencyWindow(1024);
  const counters = (): ServerCounters => ({
    ...counts,
    batches: batcher.stats.batches,
    largestBatch: batcher.stats.largestBatch,
    inFlight: batcher.stats.inFlight,
    runtime: runner.name,
    runtimeReason: runner.reason,
    latencyMs: latency.summary(),
  });
  const ctx: RouteContext = {
    name,
    spec,
    prep,
    batcher,
    maxInstances: opts.maxInstances ?? 1024,
    onPredicted: (n) => (counts.predictions += n),
    counters,
  };

  const app = Fastify(hardenedFastifyOptions(bodyLimit, opts.timeouts));
  const send = (reply: import('fastify').FastifyReply, status: number, body: unknown) => {
    if (status >= 400) counts.errors++;
    return reply.code(status).type('application/json; charset=utf-8').send(stringifyLenient(body));
  };
  // TF Serving reads every body as JSON whatever its content type (curl -d sends form encoding).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  // Measured here as well as by clients: a loaded client machine inflates what it sees.
  app.addHook('onResponse', async (req, reply) => {
    if (reply.statusCode === 200 && /:(predict|classify)$/.test(req.url.split('?')[0])) latency.add(reply.elapsedTime);
  });
  app.addHook('onRequest', async (req, reply) => {
    counts.requests++;
    const problem = checkHostAndOrigin({ host: req.headers.host, origin: req.headers.origin }, hosts);
    if (problem) return send(reply, 403, { error: problem });
    if (opts.token && req.url !== '/healthz') {
      const auth = req.headers.authorization ?? '';
      if (!tokenMatches(auth.startsWith('Bearer ') ? auth.slice(7) : null, opts.token))
        return send(reply, 401, { error: 'This model service needs "Authorization: Bearer <token>".' });
    }
  });
  app.setErrorHandler((err: { statusCode?: number }, _req, reply) => {
    const status = err.statusCode ?? 500;
    if (status === 413) return send(reply, 413, { error: `The request is larger than ${bodyLimit} bytes.` });
    return send(reply, status >= 400 && status < 500 ? status : 500, {
      error: status < 500 ? 'The request could not be read.' : 'The model service could not answer the request.',
    });
  });
  const nothingHere = (method: string, url: string) => ({
    error: `Nothing at ${method} ${url.split('?')[0]}. Try POST /v1/models/${name}:predict or GET /v1/models/${name}/metadata.`,
  });
  app.setNotFoundHandler((req, reply) => send(reply, 404, nothingHere(req.method, req.url)));

  app.get('/healthz', async (_req, reply) => send(reply, 200, { status: 'ok' }));
  app.route({
    method: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH'],
    url: '/v1/*',
    handler: async (req, reply) => {
      const route = parseRoute(req.url.split('?')[0]);
      if (!route) return send(reply, 404, nothingHere(req.method, req.url));
      try {
        const a = await answer(route, req.method, typeof req.body === 'string' ? req.body : undefined, ctx);
        return send(reply, a.status, a.body);
      } catch (err) {
        if (err instanceof RequestError) return send(reply, err.status, { error: err.message });
        if (err instanceof PredictError) return send(reply, 500, { error: err.message });
        throw err;
      }
    },
  });

  await app.listen({ host: bindHost, port: opts.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 0);
  hosts = allowedHosts(bindHost, port);
  const shown = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  return {
    url: `http://${shown}:${port}`,
    port,
    counters,
    async close() {
      batcher.close();
      await app.close();
      await runner.dispose();
    },
  };
}

/** The last `size` durations, summarised as median and 95th percentile. */
function latencyWindow(size: number) {
  const ring: number[] = [];
  let next = 0;
  return {
    add(ms: number) {
      ring[next] = ms;
      next = (next + 1) % size;
    },
    summary() {
      if (!ring.length) return null;
      const sorted = [...ring].sort((a, b) => a - b);
      const at = (q: number) => +sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(3);
      return { p50: at(0.5), p95: at(0.95), count: sorted.length };
    },
  };
}
