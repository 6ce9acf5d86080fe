import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { hardenedFastifyOptions, type Timeouts } from '../transport/fastify-options';
import type * as tf from '@tensorflow/tfjs';
import type { Preprocessing } from '../export/preprocessing';
import { allowedHosts, checkHostAndOrigin, tokenMatches } from '../transport/security';
import { MicroBatcher } from './batcher';
import { RequestError, flatNumbers, toFeatures } from './preprocess';

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
  /** Micro-batch window in ms (default 2). */
  batchWindowMs?: number;
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
}

export interface ModelServer {
  url: string;
  port: number;
  counters(): ServerCounters;
  close(): Promise<void>;
}

/**
 * One model behind TF Serving's REST shape: GET /v1/models/{name}, POST /v1/models/{name}:predict
 * ({"instances": [...]} → {"predictions": [...]}) and :classify (raw rows or base64 images, preprocessed as
 * in training → labels and probabilities), plus /healthz and /v1/models/{name}/metrics. Errors are
 * {"error": message} with 400 (malformed), 401 (token), 403 (Host/Origin), 404, 413 (too large).
 */
export async function startModelServer(opts: ModelServerOptions): Promise<ModelServer> {
  const { model, name, preprocessing: prep } = opts;
  if (model.inputs.length !== 1) throw new Error('Only single-input models can be served.');
  const shape = model.inputs[0].shape.slice(1).map((d) => d ?? 1);
  const per = shape.reduce((a, b) => a * b, 1);
  const maxInstances = opts.maxInstances ?? 1024;
  const batcher = new MicroBatcher(model, shape, opts.batchWindowMs ?? 2);
  const counts = { requests: 0, predictions: 0, errors: 0 };
  const bindHost = opts.host ?? '127.0.0.1';
  let hosts = new Set<string>();

  const app = Fastify(hardenedFastifyOptions(opts.bodyLimit ?? 4 * 1024 * 1024, opts.timeouts));
  const fail = (reply: FastifyReply, status: number, error: string) => {
    counts.errors++;
    return reply.code(status).send({ error });
  };
  app.addHook('onRequest', async (req, reply) => {
    counts.requests++;
    const problem = checkHostAndOrigin({ host: req.headers.host, origin: req.headers.origin }, hosts);
    if (problem) return fail(reply, 403, problem);
    if (opts.token && req.url !== '/healthz') {
      const auth = req.headers.authorization ?? '';
      if (!tokenMatches(auth.startsWith('Bearer ') ? auth.slice(7) : null, opts.token))
        return fail(reply, 401, 'This model service needs "Authorization: Bearer <token>".');
    }
  });
  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
    const status = err.statusCode ?? 500;
    if (status === 413)
      return fail(reply, 413, `The request is larger than ${opts.bodyLimit ?? 4 * 1024 * 1024} bytes.`);
    if (status === 400) return fail(reply, 400, `The request body is not valid JSON: ${err.message}`);
    if (status === 415) return fail(reply, 415, 'Send the request as application/json.');
    return fail(
      reply,
      status >= 400 && status < 500 ? status : 500,
      status < 500 ? err.message : 'The model could not answer the request.',
    );
  });
  app.setNotFoundHandler((req, reply) =>
    fail(reply, 404, `Nothing at ${req.method} ${req.url}. Try POST /v1/models/${name}:predict.`),
  );

  /** The body's instances (or TF Serving's columnar "inputs"), checked for shape and count. */
  const instancesOf = (req: FastifyRequest): unknown[] => {
    const body = req.body as Record<string, unknown> | null;
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw new RequestError('The body must be a JSON object: {"instances": [...]}.');
    const list = body.instances ?? body.inputs;
    if (!Array.isArray(list))
      throw new RequestError('The body needs an "instances" list: {"instances": [...]}.');
    if (list.length === 0) throw new RequestError('"instances" is empty.');
    if (list.length > maxInstances)
      throw new RequestError(`At most ${maxInstances} instances per request (got ${list.length}).`, 413);
    return list;
  };
  const checkName = (req: FastifyRequest) => {
    const asked = (req.params as { name: string }).name;
    if (asked !== name)
      throw new RequestError(`No model named "${asked}" here; this service serves "${name}".`, 404);
  };
  const answer = async (
    req: FastifyRequest,
    reply: FastifyReply,
    toRows: (list: unknown[]) => Promise<Float32Array[]>,
    shapeOut: (p: Float32Array[]) => unknown,
  ) => {
    try {
      checkName(req);
      const rows = await toRows(instancesOf(req));
      const probs = await batcher.predict(rows);
      counts.predictions += rows.length;
      return reply.send(shapeOut(probs));
    } catch (err) {
      if (err instanceof RequestError) return fail(reply, err.status, err.message);
      throw err;
    }
  };

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/v1/models/:name(^[\\w.-]+)', async (req, reply) => {
    if ((req.params as { name: string }).name !== name)
      return fail(reply, 404, `No model named "${(req.params as { name: string }).name}".`);
    return {
      model_version_status: [
        { version: '1', state: 'AVAILABLE', status: { error_code: 'OK', error_message: '' } },
      ],
    };
  });
  app.get('/v1/models/:name(^[\\w.-]+)/metrics', async () => ({ model: name, ...counters() }));
  app.post('/v1/models/:name(^[\\w.-]+)::predict', (req, reply) =>
    answer(
      req,
      reply,
      async (list) => list.map((i) => flatNumbers(i, per)),
      (p) => ({ predictions: p.map((r) => Array.from(r)) }),
    ),
  );
  app.post('/v1/models/:name(^[\\w.-]+)::classify', (req, reply) =>
    answer(
      req,
      reply,
      (list) => Promise.all(list.map((i) => toFeatures(prep, i))),
      (p) => ({
        results: p.map((r) => {
          const scored = Array.from(r, (v, i) => [prep.labels[i] ?? String(i), v] as [string, number]);
          return scored.sort((a, b) => b[1] - a[1]);
        }),
      }),
    ),
  );

  function counters(): ServerCounters {
    return { ...counts, batches: batcher.stats.batches, largestBatch: batcher.stats.largestBatch };
  }

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
    },
  };
}
