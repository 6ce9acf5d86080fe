import type { OnnxGraph } from './builder';

/** One weight of a tfjs layer, copied out as float32 (row-major, tfjs's own layout). */
export interface LayerWeight {
  /** The variable's name without the layer prefix (kernel, bias, gamma, moving_mean…). */
  name: string;
  shape: number[];
  data: Float32Array;
}

/** Everything a layer mapper needs: the graph under construction and the layer as tfjs saved it. */
export interface LayerCtx {
  g: OnnxGraph;
  /** Layer name, used as the prefix of every value it adds. */
  name: string;
  className: string;
  /** tfjs config (camelCase keys, activations as names). */
  config: Record<string, unknown>;
  /** ONNX value names of the inputs, by port. */
  inputs: string[];
  /** Input shapes with the batch dimension first (null = batch). */
  inputShapes: (number | null)[][];
  weights: LayerWeight[];
}

/** Maps one layer: adds its nodes and returns the name of its output value. */
export type LayerMapper = (c: LayerCtx) => string;

/** Why a layer cannot be exported, checked before anything is built or written. */
export type LayerCheck = (c: Pick<LayerCtx, 'className' | 'config' | 'inputShapes'>) => string | null;

/** A layer family's mappers and (optional) config checks, keyed by tfjs class name. */
export interface LayerFamily {
  mappers: Record<string, LayerMapper>;
  checks?: Record<string, LayerCheck>;
}

/** The named weight, or a plain error naming what is missing. */
export function weightOf(c: LayerCtx, suffix: string): LayerWeight {
  const w = c.weights.find((x) => x.name === suffix || x.name.endsWith(`/${suffix}`));
  if (!w) throw new Error(`${c.name} (${c.className}) has no "${suffix}" weight.`);
  return w;
}

/** Transpose a row-major tensor by `perm`. */
export function transpose(
  data: Float32Array,
  shape: number[],
  perm: number[],
): { data: Float32Array; shape: number[] } {
  const outShape = perm.map((p) => shape[p]);
  const strides = shape.map((_d, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out = new Float32Array(data.length);
  const idx = new Array<number>(shape.length).fill(0);
  for (let o = 0; o < out.length; o++) {
    let src = 0;
    for (let k = 0; k < perm.length; k++) src += idx[k] * strides[perm[k]];
    out[o] = data[src];
    for (let k = perm.length - 1; k >= 0; k--) {
      if (++idx[k] < outShape[k]) break;
      idx[k] = 0;
    }
  }
  return { data: out, shape: outShape };
}
