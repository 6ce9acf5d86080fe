import type { SweepStrategy } from './schema';

type Halving = Extract<SweepStrategy, { type: 'halving' }>;

/** Where a trial stands, as the scheduler sees it. Terminal: completed, failed, cancelled, stopped, skipped. */
export type TrialState =
  'queued' | 'running' | 'interrupted' | 'completed' | 'failed' | 'cancelled' | 'stopped' | 'skipped';

/** One trial in the run history: its rung (0-based), state, and validation metric at the end of that rung. */
export interface TrialRecord {
  id: string;
  rung: number;
  state: TrialState;
  /** Higher is better (validation accuracy); null when unknown. */
  metric: number | null;
}

/** What to do next: trials to stop, trials to continue to a later rung (with the epochs they train up to). */
export interface HalvingDecision {
  stop: string[];
  promote: { id: string; rung: number; epochs: number }[];
  /** No rung is left to run: the search is over. */
  done: boolean;
}

const TERMINAL: ReadonlySet<TrialState> = new Set(['completed', 'failed', 'cancelled', 'stopped', 'skipped']);
/** Is this state final (the trial will not train further unless promoted)? */
export const isTerminal = (s: TrialState) => TERMINAL.has(s);

/** Epochs per rung: minEpochs, ×eta each rung, the last one exactly maxEpochs. */
export function rungEpochs(s: Pick<Halving, 'eta' | 'minEpochs' | 'maxEpochs'>): number[] {
  const rungs = [s.minEpochs];
  while (rungs[rungs.length - 1] < s.maxEpochs)
    rungs.push(Math.min(s.maxEpochs, rungs[rungs.length - 1] * s.eta));
  return rungs;
}

/**
 * Successive halving as a pure function of the history. While any trial of the newest rung is still
 * queued or training, nothing happens. When the rung is finished, the best ⌊n/eta⌋ (at least one) of
 * its completed trials are promoted to the next rung and the rest of that rung are stopped; after
 * the last rung, the search is done. Ties keep the history's order.
 */
export function halvingDecision(
  strategy: Pick<Halving, 'eta' | 'minEpochs' | 'maxEpochs'>,
  history: readonly TrialRecord[],
): HalvingDecision {
  const wait: HalvingDecision = { stop: [], promote: [], done: false };
  if (history.length === 0) return { ...wait, done: true };
  const rungs = rungEpochs(strategy);
  const current = Math.max(...history.map((t) => t.rung));
  const atRung = history.filter((t) => t.rung === current && t.state !== 'stopped' && t.state !== 'skipped');
  if (atRung.some((t) => !isTerminal(t.state))) return wait;
  const finished = atRung.filter((t) => t.state === 'completed');
  if (current >= rungs.length - 1 || finished.length === 0) return { ...wait, done: true };
  const keep = Math.max(1, Math.floor(finished.length / strategy.eta));
  const ranked = finished
    .map((t, i) => ({ t, i }))
    .sort((a, b) => (b.t.metric ?? -Infinity) - (a.t.metric ?? -Infinity) || a.i - b.i)
    .map(({ t }) => t);
  return {
    stop: ranked.slice(keep).map((t) => t.id),
    promote: ranked.slice(0, keep).map((t) => ({ id: t.id, rung: current + 1, epochs: rungs[current + 1] })),
    done: false,
  };
}

/** The best trial: the furthest rung first, then the highest metric; null when none has a metric. */
export function bestTrial<T extends TrialRecord>(history: readonly T[]): T | null {
  let best: T | null = null;
  for (const t of history) {
    if (t.metric === null || (t.state !== 'completed' && t.state !== 'stopped')) continue;
    if (!best || t.rung > best.rung || (t.rung === best.rung && t.metric > (best.metric ?? -Infinity)))
      best = t;
  }
  return best;
}
