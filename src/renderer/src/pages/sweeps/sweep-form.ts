import type { ModelGraph } from '../../../../shared/graph/types';
import type { SweepParam, SweepStrategy } from '../../../../shared/sweeps';

/** A parameter the form offers to vary, with a starting suggestion of values. */
export interface Candidate {
  key: string;
  label: string;
  integer: boolean;
  suggestion: string;
}

const HYPER: Candidate[] = [
  { key: 'learningRate', label: 'Learning rate', integer: false, suggestion: '0.0003, 0.001, 0.003, 0.01' },
  { key: 'batchSize', label: 'Batch size', integer: true, suggestion: '32, 64, 128' },
  { key: 'epochs', label: 'Epochs', integer: true, suggestion: '2, 5' },
  { key: 'optimizer', label: 'Optimizer', integer: false, suggestion: 'adam, sgd, rmsprop' },
  { key: 'validationSplit', label: 'Validation split', integer: false, suggestion: '0.1, 0.2' },
];

const LAYER_PARAMS: Record<string, { integer: boolean; suggest: (v: number) => string }> = {
  units: { integer: true, suggest: (v) => [v / 2, v, v * 2].map(Math.round).join(', ') },
  filters: { integer: true, suggest: (v) => [v / 2, v, v * 2].map(Math.round).join(', ') },
  rate: { integer: false, suggest: () => '0, 0.2, 0.5' },
};

/** What the draft lets a sweep vary: the usual hyperparameters, then units, filters and dropout rates by layer. */
export function candidates(graph: ModelGraph): Candidate[] {
  const layer = graph.nodes.flatMap((n) =>
    Object.entries(n.params)
      .filter(([k, v]) => k in LAYER_PARAMS && typeof v === 'number')
      .map(([k, v]) => ({
        key: `${n.name}.${k}`,
        label: `${n.name} · ${k}`,
        integer: LAYER_PARAMS[k].integer,
        suggestion: LAYER_PARAMS[k].suggest(v as number),
      })),
  );
  return [...HYPER, ...layer];
}

const RANGE = /^\s*(-?[\d.]+(?:e-?\d+)?)\s*(?:\.\.|–|to)\s*(-?[\d.]+(?:e-?\d+)?)\s*(log)?\s*$/i;

/**
 * Read what the analyst typed: `0.001, 0.01` (a list: each value in a grid, a choice in random search)
 * or `0.0001 .. 0.1 log` (a range; a grid takes `steps` points). Returns an error message instead
 * when the text is not usable.
 */
export function parseValues(c: Candidate, text: string, steps = 3): SweepParam | string {
  const range = RANGE.exec(text);
  if (range) {
    const [min, max] = [Number(range[1]), Number(range[2])];
    if (!(min <= max)) return 'The range needs min ≤ max.';
    if (range[3] && min <= 0) return 'A log range needs min > 0.';
    return {
      key: c.key,
      kind: 'range',
      min,
      max,
      scale: range[3] ? 'log' : 'linear',
      integer: c.integer,
      steps,
    };
  }
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0) return 'Give at least one value.';
  const numeric = parts.every((p) => p !== '' && Number.isFinite(Number(p)));
  if (c.key === 'optimizer') return { key: c.key, kind: 'choice', values: parts };
  if (!numeric) return 'Use numbers separated by commas, or a range such as 0.0001 .. 0.1 log.';
  const values = parts.map(Number);
  if (c.integer && values.some((v) => !Number.isInteger(v))) return 'Use whole numbers.';
  return { key: c.key, kind: 'choice', values };
}

/** The strategy part of the form. */
export interface StrategyForm {
  type: SweepStrategy['type'];
  seed: number;
  eta: number;
  minEpochs: number;
  maxEpochs: number;
}

export function toStrategy(f: StrategyForm): SweepStrategy {
  if (f.type === 'grid') return { type: 'grid' };
  if (f.type === 'random') return { type: 'random', seed: f.seed };
  return {
    type: 'halving',
    seed: f.seed,
    eta: f.eta,
    minEpochs: f.minEpochs,
    maxEpochs: f.maxEpochs,
    sampler: 'random',
  };
}

/** How many trials a grid of these parameters has (before the budget cuts it). */
export function gridSize(params: SweepParam[]): number {
  return params.reduce((n, p) => n * (p.kind === 'choice' ? p.values.length : p.steps), 1);
}
