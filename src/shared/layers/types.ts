import type { ParamValue, Shape } from '../graph/types';

/** A parameter's schema: drives the inspector form, validation and defaults. */
export type ParamSpec =
  | { type: 'int'; label: string; default: number; min?: number; max?: number; help?: string }
  | { type: 'float'; label: string; default: number; min?: number; max?: number; help?: string }
  | { type: 'enum'; label: string; default: string; options: readonly string[]; help?: string }
  | { type: 'bool'; label: string; default: boolean; help?: string }
  | {
      type: 'ints';
      label: string;
      default: number[];
      minLength?: number;
      maxLength?: number;
      min?: number;
      help?: string;
    };

/** Resolved params of one node: every key of the spec present, typed loosely as stored values. */
export type Params = Record<string, ParamValue>;

/** A one-click repair the checker can offer next to a diagnostic. */
export type FixSuggestion =
  | {
      kind: 'insertBefore';
      layerKind: string;
      params?: Params;
      label: string;
      /** Input port of the diagnosed node whose edge gets the new layer (default 0). */
      port?: number;
    }
  | { kind: 'setParam'; param: string; value: ParamValue; label: string };

/** Result of shape inference: the output shape, or a plain-words reason and maybe a fix. */
export type ShapeResult = { ok: true; shape: Shape } | { ok: false; message: string; fix?: FixSuggestion };

/** How the node compiles to a tfjs layer: class name and tfjs (camelCase) config. */
export interface CompiledLayer {
  className: string;
  config: Record<string, unknown>;
}

/** Catalog categories, in palette order. */
export const CATEGORIES = [
  'Input',
  'Core',
  'Convolution',
  'Pooling',
  'Normalization',
  'Recurrent',
  'Attention',
  'Merge',
  'Output',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** One layer kind: everything the palette, inspector, checker, compiler and exporters need. */
export interface LayerSpec {
  kind: string;
  label: string;
  category: Category;
  help: string;
  params: Record<string, ParamSpec>;
  /** Number of input ports: Input has 0, most layers 1, merges 2 or more (`variadic`). */
  inputs: { min: number; max: number };
  /** Output shape for the given input shapes (batch dimension excluded). Pure. */
  inferShape(inputs: Shape[], params: Params): ShapeResult;
  /** Trainable parameter count, given valid inputs. */
  paramCount(inputs: Shape[], params: Params, output: Shape): number;
  /** Multiply-accumulate count per sample for the forward pass (an estimate for the summary). */
  macs?(inputs: Shape[], params: Params, output: Shape): number;
  /** The tfjs layer this compiles to (also the Keras class the Python exporter writes). */
  compile(params: Params, inputs: Shape[]): CompiledLayer;
}
