/**
 * Alternating rounds for the speed cases: a single run on a shared, noisy machine says little, so the
 * bench runs ours and the anchor in turn (ours, anchor, ours, anchor, …) N times and reports, for each
 * configuration, the median and the range over the rounds; the ratio against the anchor compares each
 * side's best configuration (the thread count with the highest median), round by round, so a slow
 * moment of the machine hits both sides of one ratio alike.
 */
import type { BenchFigure } from './types';

/** A figure with the round (0-based) it was measured in. */
export type RoundFigure = BenchFigure & { round: number };

export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function spread(values: number[]): Spread {
  if (!values.length) throw new Error('spread of no values');
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s[s.length - 1]!, n: s.length };
}

/** The anchors are PyTorch; every TensorFlow.js engine and the fused Dense trainer (js-fused-dense) are ours. */
export const isAnchor = (f: BenchFigure): boolean => f.engine.startsWith('pytorch');
export const isOurs = (f: BenchFigure): boolean => f.engine.startsWith('tfjs-') || f.engine.startsWith('js-');

/** One configuration: engine and thread count, on one task. */
export const configOf = (f: BenchFigure): string => `${f.engine} x${f.threads ?? 1}`;

export interface ConfigSummary {
  task: string;
  config: string;
  samplesPerSec: Spread;
}

/** Median and range of samples/s per task and configuration, in first-seen order. */
export function summarize(figures: RoundFigure[]): ConfigSummary[] {
  const groups = new Map<string, { task: string; config: string; values: number[] }>();
  for (const f of figures) {
    const key = `${f.task}\u0000${configOf(f)}`;
    const g = groups.get(key) ?? { task: f.task, config: configOf(f), values: [] };
    g.values.push(f.samplesPerSec);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => ({ task: g.task, config: g.config, samplesPerSec: spread(g.values) }));
}

export interface AnchorComparison {
  task: string;
  ours: string;
  anchor: string;
  oursMedian: number;
  anchorMedian: number;
  /** ours / anchor per round where both best configurations ran; median and range. */
  ratio: Spread;
}

function bestConfig(summaries: ConfigSummary[]): ConfigSummary | undefined {
  return summaries.reduce<ConfigSummary | undefined>(
    (best, s) => (!best || s.samplesPerSec.median > best.samplesPerSec.median ? s : best),
    undefined,
  );
}

/**
 * For every task measured by both sides: our best configuration against the anchor's best, with the
 * ratio computed per round (paired) and summarised. Tasks without an anchor figure are left out.
 */
export function compareWithAnchor(figures: RoundFigure[]): AnchorComparison[] {
  const summaries = summarize(figures);
  const out: AnchorComparison[] = [];
  for (const task of new Set(figures.filter(isAnchor).map((f) => f.task))) {
    const ofTask = (pred: (f: BenchFigure) => boolean) =>
      summaries.filter((s) => s.task === task && figures.some((f) => f.task === task && configOf(f) === s.config && pred(f)));
    const ours = bestConfig(ofTask(isOurs));
    const anchor = bestConfig(ofTask(isAnchor));
    if (!ours || !anchor) continue;
    const perRound = (config: string) =>
      new Map(figures.filter((f) => f.task === task && configOf(f) === config).map((f) => [f.round, f.samplesPerSec]));
    const o = perRound(ours.config);
    const a = perRound(anchor.config);
    const ratios = [...o].filter(([r]) => a.has(r)).map(([r, v]) => v / a.get(r)!);
    if (!ratios.length) continue;
    out.push({
      task,
      ours: ours.config,
      anchor: anchor.config,
      oursMedian: ours.samplesPerSec.median,
      anchorMedian: anchor.samplesPerSec.median,
      ratio: spread(ratios),
    });
  }
  return out;
}

/** One of our configurations against the anchor's best on the same task (see compareEachWithAnchor). */
export interface ConfigVsAnchor {
  task: string;
  config: string;
  samplesPerSec: Spread;
  /** The anchor's best configuration on the task, absent when the anchor did not run. */
  anchor?: string;
  /** This configuration / the anchor's best, per round where both ran; absent without an anchor. */
  ratio?: Spread;
}

/**
 * Every one of our configurations (not only the best, as compareWithAnchor) against the anchor's best
 * configuration of its task, paired by round: the table of a case that compares backends with each other
 * (the webgpu case puts webgpu and wasm side by side). A task without an anchor figure keeps its rows,
 * without a ratio.
 */
export function compareEachWithAnchor(figures: RoundFigure[]): ConfigVsAnchor[] {
  const summaries = summarize(figures);
  const has = (s: ConfigSummary, pred: (f: BenchFigure) => boolean) =>
    figures.some((f) => f.task === s.task && configOf(f) === s.config && pred(f));
  const perRound = (task: string, config: string) =>
    new Map(figures.filter((f) => f.task === task && configOf(f) === config).map((f) => [f.round, f.samplesPerSec]));
  return summaries
    .filter((s) => has(s, isOurs))
    .map((s) => {
      const anchor = bestConfig(summaries.filter((a) => a.task === s.task && has(a, isAnchor)));
      if (!anchor) return { task: s.task, config: s.config, samplesPerSec: s.samplesPerSec };
      const o = perRound(s.task, s.config);
      const a = perRound(s.task, anchor.config);
      const ratios = [...o].filter(([r]) => a.has(r)).map(([r, v]) => v / a.get(r)!);
      return {
        task: s.task,
        config: s.config,
        samplesPerSec: s.samplesPerSec,
        anchor: anchor.config,
        ...(ratios.length ? { ratio: spread(ratios) } : {}),
      };
    });
}

/**
 * The order to run the named cases in: every speed case (`rounds: true`) N times, ours before its
 * anchor in each round, so the two alternate; the other cases once, after the rounds.
 */
export function schedule<T extends { name: string; rounds?: boolean }>(cases: T[], rounds: number): { case: T; round: number }[] {
  const speed = cases.filter((c) => c.rounds);
  const once = cases.filter((c) => !c.rounds);
  const ordered = [...speed].sort(
    (a, b) => pairOf(a.name).localeCompare(pairOf(b.name)) || sideRank(a.name) - sideRank(b.name),
  );
  const out: { case: T; round: number }[] = [];
  for (let r = 0; r < rounds; r++) for (const c of ordered) out.push({ case: c, round: r });
  for (const c of once) out.push({ case: c, round: 0 });
  return out;
}

/**
 * How many rounds to run: the user's count when given; otherwise, when every selected speed case names
 * a `defaultRounds`, the largest of those; otherwise `rounds` (the general default).
 */
export function roundsToRun(
  cases: { rounds?: boolean; defaultRounds?: number }[],
  rounds: number,
  roundsGiven: boolean,
): number {
  const speed = cases.filter((c) => c.rounds);
  if (roundsGiven || !speed.length || speed.some((c) => !c.defaultRounds)) return rounds;
  return Math.max(...speed.map((c) => c.defaultRounds!));
}

/** `seed-cnn-tfjs` and `seed-cnn-torch` are one pair; within it ours runs first, then the anchor. */
const pairOf = (name: string): string => name.replace(/-(tfjs|torch)$/, '');
const sideRank = (name: string): number => (name.endsWith('-torch') ? 1 : 0);

/** "3,120 (2,870–3,300, 5 runs)" */
export function formatSpread(s: Spread, digits = 0): string {
  const f = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return s.n === 1 ? `${f(s.median)} (1 run)` : `${f(s.median)} (${f(s.min)}–${f(s.max)}, ${s.n} runs)`;
}
