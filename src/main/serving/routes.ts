/**
 * TF Serving's REST surface (tensorflow_serving/g3doc/api_rest.md) for one model, independent of the
 * HTTP library: the path is parsed here, the body arrives as text (no content-type needed, as in TF
 * Serving's own curl examples) and the answer leaves as JSON text that may carry NaN/Infinity tokens.
 *
 *   GET  /v1/models/<m>[/versions/<v>|/labels/<l>]              status
 *   GET  /v1/models/<m>[/versions/<v>|/labels/<l>]/metadata     the signature
 *   POST /v1/models/<m>[/versions/<v>|/labels/<l>]:predict      instances → predictions, inputs → outputs
 *   POST /v1/models/<m>[/versions/<v>|/labels/<l>]:classify     examples (+ context) → result
 *   POST /v1/models/<m>[/versions/<v>|/labels/<l>]:regress      a plain 400: classifiers do not regress
 *   GET  /v1/models/<m>/metrics                                 LayerLab's request counters
 */
import type { Preprocessing } from '../export/preprocessing';
import type { AdaptiveBatcher } from './batcher';
import { RequestError } from './errors';
import { classifyResult, parseClassify } from './examples';
import { JsonSyntaxError, parseLenientJson } from './json';
import { parsePredict, type ModelInput } from './request';
import { LABELS, VERSION, metadataOf, statusOf, type InputSpec } from './signature';

type Resource = 'status' | 'metadata' | 'metrics' | 'predict' | 'classify' | 'regress';
export interface Route {
  model: string;
  version: string | null;
  label: string | null;
  resource: Resource;
}

const PATH =
  /^\/v1\/models\/([^/:]+)(?:\/versions\/([^/:]+)|\/labels\/([^/:]+))?(?:\/(metadata|metrics)|:(predict|classify|regress))?$/;

/** A /v1 path → what it asks for, or null when it is not one of TF Serving's paths. */
export function parseRoute(path: string): Route | null {
  const m = PATH.exec(path);
  if (!m) return null;
  const [, model, version, label, sub, verb] = m;
  if (sub === 'metrics' && (version || label)) return null;
  return {
    model: decodeURIComponent(model),
    version: version ? decodeURIComponent(version) : null,
    label: label ? decodeURIComponent(label) : null,
    resource: (sub ?? verb ?? 'status') as Resource,
  };
}

export interface RouteContext {
  name: string;
  spec: InputSpec;
  prep: Preprocessing;
  batcher: AdaptiveBatcher;
  maxInstances: number;
  /** Counted once a request's predictions are sent. */
  onPredicted(samples: number): void;
  counters(): object;
}

export interface Answer {
  status: number;
  body: unknown;
}

const POST_ONLY = new Set<Resource>(['predict', 'classify', 'regress']);

function checkTarget(route: Route, ctx: RouteContext, method: string): void {
  if (route.model !== ctx.name)
    throw new RequestError(`No model named "${route.model}" here; this service serves "${ctx.name}".`, 404);
  if (route.version !== null && route.version !== VERSION)
    throw new RequestError(`Version ${route.version} of "${ctx.name}" is not served; the only version is ${VERSION}.`, 404);
  if (route.label !== null && LABELS[route.label] === undefined)
    throw new RequestError(
      `No version of "${ctx.name}" is labelled "${route.label}"; the labels are ${Object.keys(LABELS).map((l) => `"${l}"`).join(', ')}.`,
      404,
    );
  const wants = POST_ONLY.has(route.resource) ? 'POST' : 'GET';
  if (method !== wants && !(wants === 'GET' && method === 'HEAD'))
    throw new RequestError(`Use ${wants} for ${route.resource === 'status' ? 'the model status' : route.resource}.`, 405);
}

function parseBody(text: string | undefined): unknown {
  try {
    return parseLenientJson(text ?? '');
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw new RequestError(`The request body is not valid JSON: ${err.message}.`);
    throw err;
  }
}

const rows = (y: Float32Array, n: number) => {
  const width = y.length / n;
  return Array.from({ length: n }, (_v, i) => Array.from(y.subarray(i * width, (i + 1) * width)));
};

/** Answers one request; RequestErrors become {"error": message} with their status. */
export async function answer(route: Route, method: string, text: string | undefined, ctx: RouteContext): Promise<Answer> {
  checkTarget(route, ctx, method);
  switch (route.resource) {
    case 'status':
      return { status: 200, body: statusOf() };
    case 'metadata':
      return { status: 200, body: metadataOf(ctx.name, ctx.spec) };
    case 'metrics':
      return { status: 200, body: { model: ctx.name, ...ctx.counters() } };
    case 'regress':
      throw new RequestError(
        `"${ctx.name}" is a classifier and has no regression signature: use :classify for labels with scores, or :predict for the probabilities.`,
      );
    case 'predict': {
      const input = parsePredict(parseBody(text), ctx.spec, ctx.maxInstances);
      const y = await predict(input, ctx);
      return { status: 200, body: input.columnar ? { outputs: rows(y, input.n) } : { predictions: rows(y, input.n) } };
    }
    case 'classify': {
      const input = await parseClassify(parseBody(text), ctx.spec, ctx.prep, ctx.maxInstances);
      return { status: 200, body: classifyResult(await predict(input, ctx), input.n, ctx.prep.labels) };
    }
  }
}

async function predict(input: ModelInput, ctx: RouteContext): Promise<Float32Array> {
  const y = await ctx.batcher.predict(input.x, input.n);
  ctx.onPredicted(input.n);
  return y;
}
