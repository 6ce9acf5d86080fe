/**
 * :classify bodies (TF Serving's {"examples": [...], "context": {...}}) → one request's model input.
 * An example is a feature object: a table or text row (column → value), an image ({"image": {"b64":
 * "..."}}, any one feature name), or preprocessed numbers under the input's name. Context features are
 * shared by every example and must not repeat in one (as TF Serving requires).
 */
import type { Preprocessing } from '../export/preprocessing';
import { RequestError } from './errors';
import { decodeImage, encodeStrictRow, encoderOf } from './preprocess';
import { checkBody, checkCount, writeSample, type ModelInput } from './request';
import type { InputSpec } from './signature';

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isB64 = (v: unknown): v is { b64: string } => isObject(v) && typeof v.b64 === 'string';

/** The image of an example: its one {"b64": ...} feature (or the example itself in that shape). */
function imageOf(example: Record<string, unknown>): string | null {
  if (typeof example.b64 === 'string') return example.b64;
  const values = Object.values(example);
  return values.length === 1 && isB64(values[0]) ? values[0].b64 : null;
}

export async function parseClassify(
  raw: unknown,
  spec: InputSpec,
  prep: Preprocessing,
  maxExamples: number,
): Promise<ModelInput> {
  const body = checkBody(raw, 'classify');
  if (body.examples === undefined) throw new RequestError('The body needs "examples": a list of feature objects.');
  const list = checkCount(body.examples, 'examples', maxExamples);
  const context = body.context ?? {};
  if (!isObject(context)) throw new RequestError('"context" must be an object of features shared by every example.');
  const encoder = encoderOf(prep);
  const x = new Float32Array(list.length * spec.size);
  await Promise.all(
    list.map(async (item, i) => {
      const where = `Example ${i}`;
      if (!isObject(item)) throw new RequestError(`${where} must be an object of features, e.g. {"column": value}.`);
      const repeated = Object.keys(item).find((k) => k in context);
      if (repeated !== undefined)
        throw new RequestError(`${where} repeats "${repeated}", which is in "context"; a feature goes in one or the other.`);
      const example = { ...context, ...item };
      const image = imageOf(example);
      if (image !== null) {
        x.set(await decodeImage(prep, image, `${where}'s image`), i * spec.size);
        return;
      }
      const keys = Object.keys(example);
      if (keys.length === 1 && keys[0] === spec.name && !encoder?.recipe.columns.some((c) => c.name === spec.name)) {
        writeSample(example[spec.name], spec, x, i * spec.size, where);
        return;
      }
      if (!encoder)
        throw new RequestError(
          `${where}: this model has no column recipe; send {"image": {"b64": "..."}} for images or {"${spec.name}": [numbers]}.`,
        );
      if (encoder.recipe.features !== spec.size)
        throw new RequestError(`The stored column recipe gives ${encoder.recipe.features} features but the model takes ${spec.size}.`, 500);
      encodeStrictRow(encoder, example, x, i * spec.size, where);
    }),
  );
  return { x, n: list.length, columnar: false };
}

/** TF Serving's classify answer: per example, [label, score] pairs from the most to the least likely. */
export function classifyResult(probs: Float32Array, n: number, labels: readonly string[]) {
  const width = probs.length / n;
  return {
    result: Array.from({ length: n }, (_v, i) =>
      Array.from(probs.subarray(i * width, (i + 1) * width), (p, k) => [labels[k] ?? String(k), p] as [string, number]).sort(
        (a, b) => b[1] - a[1],
      ),
    ),
  };
}
