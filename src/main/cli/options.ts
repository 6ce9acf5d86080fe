import { ApiError } from '../../shared/api/errors';

/**
 * Option parsers for commander that check a value where the user typed it, so a mistake is answered with
 * the flag as typed ("--epochs must be a whole number ≥ 1, got "abc"") instead of reaching the contract's
 * schema, whose message names internal paths (hyperparams.epochs). The bounds mirror the contract's.
 */
const bad = (flag: string, want: string, got: string) => new ApiError('invalid_input', `${flag} must be ${want}, got "${got}"`);

/** A whole number within [min, max]. */
export function wholeNumber(flag: string, min: number, max?: number): (value: string) => number {
  const want = `a whole number ≥ ${min}${max === undefined ? '' : ` and ≤ ${max.toLocaleString('en-US')}`}`;
  return (value) => {
    const n = /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < min || (max !== undefined && n > max)) throw bad(flag, want, value);
    return n;
  };
}

/** A decimal number with the given bounds (`above`: strictly greater than). */
export function decimal(flag: string, bounds: { min?: number; above?: number; max?: number }): (value: string) => number {
  const parts = [
    bounds.above !== undefined ? `> ${bounds.above}` : bounds.min !== undefined ? `≥ ${bounds.min}` : '',
    bounds.max !== undefined ? `≤ ${bounds.max}` : '',
  ].filter(Boolean);
  const want = `a number${parts.length ? ` ${parts.join(' and ')}` : ''}`;
  return (value) => {
    const n = value.trim() === '' ? NaN : Number(value);
    const ok =
      Number.isFinite(n) &&
      (bounds.above === undefined || n > bounds.above) &&
      (bounds.min === undefined || n >= bounds.min) &&
      (bounds.max === undefined || n <= bounds.max);
    if (!ok) throw bad(flag, want, value);
    return n;
  };
}

/** A TCP port (0 = any free one where `allowAny`). */
export const port = (flag: string, allowAny = false) => wholeNumber(flag, allowAny ? 0 : 1, 65_535);

/**
 * The contract's input paths the CLI fills from a flag. A schema error that still gets through (a bound
 * changed in the contract but not here) is reported with the flag, never with the path.
 */
export const FLAG_OF_PATH: Record<string, string> = {
  'hyperparams.epochs': '--epochs',
  'hyperparams.batchSize': '--batch-size',
  'hyperparams.learningRate': '--lr',
  'hyperparams.optimizer': '--optimizer',
  'hyperparams.validationSplit': '--validation-split',
  'hyperparams.seed': '--seed',
  'hyperparams.trainLimit': '--train-limit',
  'hyperparams.testLimit': '--test-limit',
  name: '--name',
  port: '--port',
  seed: '--seed',
  width: '--width',
  height: '--height',
  'text.vocabSize': '--vocab',
  'text.length': '--length',
};
