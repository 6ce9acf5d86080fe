import { ApiError } from '../../shared/api/errors';
import type { HandlerInput } from '../../shared/api/contract';
import type { ServedModel, ServingStarted } from '../../shared/api/types';
import { startModelServer, type ModelServer } from '../serving/server';
import type { Preprocessing } from '../export';
import { randomBytes } from 'node:crypto';
import { servableModel } from './export';
import type { ServiceContext } from './context';

interface Running {
  id: string;
  name: string;
  server: ModelServer;
  tokenRequired: boolean;
  startedAt: string;
}

/** URL-safe model name from a display name. */
export const modelSlug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64) || 'model';

/**
 * A curl line that works as pasted (no content-type needed, as with TF Serving): an image file for image
 * models, zeros of the right size otherwise.
 */
export function curlExample(url: string, name: string, prep: Preprocessing, token: string | null): string {
  const auth = token ? ` -H 'Authorization: Bearer ${token}'` : '';
  const head = `curl -s${auth}`;
  if (prep.kind === 'image')
    return `${head} -d "{\\"examples\\": [{\\"image\\": {\\"b64\\": \\"$(base64 -w0 image.png)\\"}}]}" ${url}/v1/models/${name}:classify`;
  const zeros = new Array<number>(prep.inputShape.reduce((a, b) => a * b, 1)).fill(0);
  return `${head} -d '${JSON.stringify({ instances: [zeros] })}' ${url}/v1/models/${name}:predict`;
}

/** Serving: one TF-Serving-shaped HTTP service per served model, stopped when the host closes. */
export function servingService(ctx: ServiceContext) {
  const running = new Map<string, Running>();
  const describe = (r: Running): ServedModel => {
    const c = r.server.counters();
    return {
      id: r.id,
      name: r.name,
      url: r.server.url,
      port: r.server.port,
      tokenRequired: r.tokenRequired,
      startedAt: r.startedAt,
      requests: c.requests,
      predictions: c.predictions,
      batches: c.batches,
      errors: c.errors,
      runtime: c.runtime,
      runtimeReason: c.runtimeReason,
    };
  };
  const handlers = {
    'serving.start': async ({ id, port, token }: HandlerInput<'serving.start'>): Promise<ServingStarted> => {
      if (running.has(id))
        throw new ApiError('conflict', `This model is already served at ${running.get(id)!.server.url}.`);
      const { name, model, preprocessing } = await servableModel(ctx, id);
      const slug = modelSlug(name);
      const secret = token ? randomBytes(32).toString('hex') : null;
      let server: ModelServer;
      try {
        server = await startModelServer({ model, name: slug, preprocessing, port: port ?? 0, token: secret });
      } catch (err) {
        model.dispose();
        const code = (err as { code?: string }).code;
        throw new ApiError(
          'unavailable',
          code === 'EADDRINUSE'
            ? `Port ${port} is already in use.`
            : `The model service could not start: ${(err as Error).message}`,
        );
      }
      const r: Running = { id, name: slug, server, tokenRequired: !!secret, startedAt: ctx.now() };
      const close = server.close;
      r.server = {
        ...server,
        close: async () => {
          await close();
          model.dispose();
        },
      };
      running.set(id, r);
      return { ...describe(r), token: secret, curl: curlExample(server.url, slug, preprocessing, secret) };
    },
    'serving.stop': async ({ id }: HandlerInput<'serving.stop'>) => {
      const r = running.get(id);
      if (!r) return { stopped: false };
      running.delete(id);
      await r.server.close();
      return { stopped: true };
    },
    'serving.status': (): ServedModel[] => [...running.values()].map(describe),
  };
  return {
    handlers,
    async dispose() {
      const all = [...running.values()];
      running.clear();
      await Promise.all(all.map((r) => r.server.close().catch(() => undefined)));
    },
  };
}
