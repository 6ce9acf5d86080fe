import type { ParamValue } from '../graph/types';
import type { ParamSpec, Params } from './types';

/** Defaults for every param of a spec. */
export function defaultParams(specs: Record<string, ParamSpec>): Params {
  const out: Params = {};
  for (const [key, spec] of Object.entries(specs))
    out[key] = Array.isArray(spec.default) ? [...spec.default] : spec.default;
  return out;
}

/** Fill missing params with defaults; unknown keys are dropped. */
export function resolveParams(specs: Record<string, ParamSpec>, given: Params): Params {
  const out = defaultParams(specs);
  for (const key of Object.keys(specs)) if (given[key] !== undefined) out[key] = given[key];
  return out;
}

/** Check one value against its spec; returns a plain-words problem or null. */
export function checkParam(spec: ParamSpec, value: ParamValue): string | null {
  switch (spec.type) {
    case 'int':
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${spec.label} must be a number`;
      if (spec.type === 'int' && !Number.isInteger(value)) return `${spec.label} must be a whole number`;
      if (spec.min !== undefined && value < spec.min) return `${spec.label} must be at least ${spec.min}`;
      if (spec.max !== undefined && value > spec.max) return `${spec.label} must be at most ${spec.max}`;
      return null;
    }
    case 'enum':
      return typeof value === 'string' && spec.options.includes(value)
        ? null
        : `${spec.label} must be one of ${spec.options.join(', ')}`;
    case 'bool':
      return typeof value === 'boolean' ? null : `${spec.label} must be on or off`;
    case 'ints': {
      if (!Array.isArray(value) || value.some((v) => !Number.isInteger(v)))
        return `${spec.label} must be a list of whole numbers`;
      if (spec.minLength !== undefined && value.length < spec.minLength)
        return `${spec.label} needs at least ${spec.minLength} values`;
      if (spec.maxLength !== undefined && value.length > spec.maxLength)
        return `${spec.label} takes at most ${spec.maxLength} values`;
      if (spec.min !== undefined && value.some((v) => v < spec.min!))
        return `${spec.label} values must be at least ${spec.min}`;
      return null;
    }
  }
}

/** Typed accessors: the catalog's shape functions read params through these. */
export const num = (p: Params, k: string): number => p[k] as number;
export const str = (p: Params, k: string): string => p[k] as string;
export const bool = (p: Params, k: string): boolean => p[k] as boolean;
export const ints = (p: Params, k: string): number[] => p[k] as number[];
