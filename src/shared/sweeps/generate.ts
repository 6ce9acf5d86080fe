import { hyperparamsSchema, type Hyperparams } from '../api/schemas';
import type { ModelGraph } from '../graph/types';
import { seededRandom } from '../random';
import type { SweepParam, SweepPlan, SweepValue } from './schema';

/** One trial's chosen values, by sweep key (`learningRate`, `dense_1.units`). */
export type TrialParams = Record<string, SweepValue>;

/** Numbers shown and stored with 6 significant digits (0.0031622776 → 0.00316228). */
const tidy = (x: number) => Number(x.toPrecision(6));

/** The grid points of one parameter: its listed values, or `steps` evenly spaced points of its range. */
export function gridValues(p: SweepParam): SweepValue[] {
  if (p.kind === 'choice') return [...p.values];
  const out: number[] = [];
  for (let i = 0; i < p.steps; i++) {
    const t = i / (p.steps - 1);
    const x =
      p.scale === 'log'
        ? Math.exp(Math.log(p.min) + t * (Math.log(p.max) - Math.log(p.min)))
        : p.min + t * (p.max - p.min);
    const v = p.integer ? Math.round(x) : tidy(x);
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

/** The cartesian product of every parameter's grid values (first parameter varies slowest), at most `limit`. */
export function gridTrials(space: readonly SweepParam[], limit = Infinity): TrialParams[] {
  let trials: TrialParams[] = [{}];
  for (const p of space) trials = trials.flatMap((t) => gridValues(p).map((v) => ({ ...t, [p.key]: v })));
  return trials.slice(0, limit);
}

/** One seeded draw of a parameter: uniform choice, uniform or log-uniform range, rounded when integer. */
function draw(p: SweepParam, rand: () => number): SweepValue {
  const r = rand();
  if (p.kind === 'choice') return p.values[Math.min(p.values.length - 1, Math.floor(r * p.values.length))];
  const x =
    p.scale === 'log'
      ? Math.exp(Math.log(p.min) + r * (Math.log(p.max) - Math.log(p.min)))
      : p.min + r * (p.max - p.min);
  return p.integer ? Math.min(Math.floor(p.max), Math.max(Math.ceil(p.min), Math.round(x))) : tidy(x);
}

/** `count` random trials; the same seed gives the same trials. */
export function randomTrials(space: readonly SweepParam[], count: number, seed: number): TrialParams[] {
  const rand = seededRandom(seed);
  return Array.from({ length: count }, () => Object.fromEntries(space.map((p) => [p.key, draw(p, rand)])));
}

/** Every trial a plan starts with (for halving: rung 0), within the trial budget. */
export function planTrials(plan: SweepPlan): TrialParams[] {
  const { space, strategy, budget } = plan;
  if (strategy.type === 'grid') return gridTrials(space, budget.maxTrials);
  if (strategy.type === 'halving' && strategy.sampler === 'grid') return gridTrials(space, budget.maxTrials);
  return randomTrials(space, budget.maxTrials, strategy.seed);
}

/** Split a sweep key into a layer target, or null for a hyperparameter. */
export function layerTarget(key: string): { node: string; param: string } | null {
  const dot = key.lastIndexOf('.');
  return dot < 0 ? null : { node: key.slice(0, dot), param: key.slice(dot + 1) };
}

/**
 * The graph and settings of one trial: hyperparameters replaced, layer params set on the node with
 * that name (or id). Throws an Error naming the problem when a node or param does not exist or the
 * settings are invalid.
 */
export function applyTrial(
  graph: ModelGraph,
  hyperparams: Hyperparams,
  params: TrialParams,
): { graph: ModelGraph; hyperparams: Hyperparams } {
  const hp: Record<string, unknown> = { ...hyperparams };
  let nodes = graph.nodes;
  for (const [key, value] of Object.entries(params)) {
    const target = layerTarget(key);
    if (!target) {
      hp[key] = value;
      continue;
    }
    const node = nodes.find((n) => n.name === target.node) ?? nodes.find((n) => n.id === target.node);
    if (!node) throw new Error(`The model has no layer named "${target.node}".`);
    if (!Object.hasOwn(node.params, target.param))
      throw new Error(`Layer "${target.node}" has no parameter "${target.param}".`);
    nodes = nodes.map((n) => (n === node ? { ...n, params: { ...n.params, [target.param]: value } } : n));
  }
  const parsed = hyperparamsSchema.safeParse(hp);
  if (!parsed.success)
    throw new Error(
      `Invalid settings for a trial: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return { graph: { ...graph, nodes }, hyperparams: parsed.data };
}

/** A short label of a trial's values: `learningRate=0.001, dense_1.units=32`. */
export const trialLabel = (params: TrialParams) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
