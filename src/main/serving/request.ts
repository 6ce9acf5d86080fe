/**
 * :predict bodies → one request's model input, validated on their own before they meet any other
 * request in a batch: a value the model cannot take (a count, a non-number, a token id past the
 * vocabulary) is this request's 400, and never a failed batch for its neighbours.
 */
import { RequestError } from './errors';
import { SIGNATURE, type InputSpec } from './signature';

/** One request's samples, flat (n × spec.size), and the format its answer takes. */
export interface ModelInput {
  x: Float32Array;
  n: number;
  /** Columnar ("inputs") requests are answered under "outputs", row ones under "predictions". */
  columnar: boolean;
}

type Verb = 'predict' | 'classify';
const KEYS: Record<Verb, readonly string[]> = {
  predict: ['signature_name', 'instances', 'inputs'],
  classify: ['signature_name', 'examples', 'context'],
};

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const quoteList = (xs: readonly string[]) => xs.map((x) => `"${x}"`).join(', ');

/** The body as an object with only the keys the verb knows, and the default signature (or none) asked for. */
export function checkBody(body: unknown, verb: Verb): Record<string, unknown> {
  if (!isObject(body))
    throw new RequestError(
      verb === 'predict'
        ? 'The body must be a JSON object: {"instances": [...]} or {"inputs": ...}.'
        : 'The body must be a JSON object: {"examples": [{...}, ...]}.',
    );
  for (const key of Object.keys(body)) {
    if (KEYS[verb].includes(key)) continue;
    const hint =
      key === 'instances' && verb === 'classify'
        ? ' :classify takes "examples" (a list of feature objects), as TF Serving does; "instances" goes to :predict.'
        : '';
    throw new RequestError(`Unknown key "${key}" in the body; :${verb} takes ${quoteList(KEYS[verb])}.${hint}`);
  }
  const sig = body.signature_name;
  if (sig !== undefined && sig !== '' && sig !== SIGNATURE)
    throw new RequestError(
      `This model has no signature ${JSON.stringify(sig)}; its only signature is "${SIGNATURE}" (or leave "signature_name" out).`,
    );
  return body;
}

/** The samples of a list, at most `max` of them. */
export function checkCount(list: unknown, what: string, max: number): unknown[] {
  if (!Array.isArray(list)) throw new RequestError(`"${what}" must be a list.`);
  if (list.length === 0) throw new RequestError(`"${what}" is empty.`);
  if (list.length > max) throw new RequestError(`At most ${max} ${what} per request (got ${list.length}).`, 413);
  return list;
}

const MAX_DEPTH = 16;

/**
 * Writes one sample (a number or nested lists of numbers, any nesting with the right count) at `base`.
 * `where` names the sample in messages ("Instance 3").
 */
export function writeSample(value: unknown, spec: InputSpec, x: Float32Array, base: number, where: string): void {
  let count = 0;
  const visit = (v: unknown, depth: number): void => {
    if (Array.isArray(v)) {
      if (depth >= MAX_DEPTH) throw new RequestError(`${where} is nested more than ${MAX_DEPTH} lists deep.`);
      for (const item of v) visit(item, depth + 1);
      return;
    }
    if (isObject(v) && typeof v.b64 === 'string')
      throw new RequestError(`${where}: :predict takes numbers; send base64 images to :classify as {"examples": [{"image": {"b64": "..."}}]}.`);
    if (typeof v !== 'number')
      throw new RequestError(`${where} must be numbers only (got ${JSON.stringify(v)?.slice(0, 40)} at position ${count}).`);
    if (spec.vocab !== null && !(Number.isInteger(v) && v >= 0 && v < spec.vocab))
      throw new RequestError(
        `${where}: ${v} at position ${count} is not a token id this model knows (ids are whole numbers from 0 to ${spec.vocab - 1}).`,
      );
    if (count < spec.size) x[base + count] = v;
    count++;
  };
  visit(value, 0);
  if (count !== spec.size)
    throw new RequestError(`${where} needs ${spec.size} numbers (shape [${spec.shape.join(', ')}]); got ${count}.`);
}

/** One row-format instance: the value itself, or an object keyed by the input's name. */
function unwrapNamed(instance: unknown, spec: InputSpec, where: string): unknown {
  if (!isObject(instance) || typeof instance.b64 === 'string') return instance;
  const keys = Object.keys(instance);
  const other = keys.find((k) => k !== spec.name);
  if (other !== undefined || keys.length === 0)
    throw new RequestError(
      `${where} is an object${other !== undefined ? ` with "${other}"` : ' with no keys'}; this model has one input, "${spec.name}": send {"${spec.name}": [...]} or the numbers alone.`,
    );
  return instance[spec.name];
}

/** A :predict body (row "instances" or columnar "inputs") → this request's model input. */
export function parsePredict(raw: unknown, spec: InputSpec, maxInstances: number): ModelInput {
  const body = checkBody(raw, 'predict');
  const hasRows = body.instances !== undefined;
  const hasColumns = body.inputs !== undefined;
  if (hasRows && hasColumns)
    throw new RequestError('Send either "instances" (row format) or "inputs" (columnar format), not both.');
  if (!hasRows && !hasColumns)
    throw new RequestError('The body needs "instances" (a list, one item per sample) or "inputs" (columnar).');
  let list: unknown[];
  if (hasRows) {
    list = checkCount(body.instances, 'instances', maxInstances).map((inst, i) => unwrapNamed(inst, spec, `Instance ${i}`));
  } else {
    let columns = body.inputs;
    if (isObject(columns)) {
      const keys = Object.keys(columns);
      const other = keys.find((k) => k !== spec.name);
      if (other !== undefined || keys.length === 0)
        throw new RequestError(
          `"inputs" names ${other !== undefined ? `"${other}"` : 'no input'}; this model has one input, "${spec.name}".`,
        );
      columns = columns[spec.name];
    }
    list = checkCount(columns, 'inputs', maxInstances);
  }
  const x = new Float32Array(list.length * spec.size);
  list.forEach((v, i) => writeSample(v, spec, x, i * spec.size, hasRows ? `Instance ${i}` : `Input ${i}`));
  return { x, n: list.length, columnar: hasColumns };
}
