import type { Hyperparams } from '../../shared/api/schemas';
import type { EpochMetrics } from '../../shared/api/types';

/** What the epoch callbacks decide after the epochs so far. */
export interface CallbackState {
  /** The epoch with the lowest monitored loss (0 before any). */
  bestEpoch: number;
  bestLoss: number;
  /** Learning rate to use for the next epoch (reduce-on-plateau applied). */
  learningRate: number;
  /** Early stopping says stop now. */
  stop: boolean;
  /** Plain-words note for the user when a callback acted this epoch. */
  note: string | null;
}

/** The loss the callbacks watch: validation loss when there is a validation split, else training loss. */
export const monitored = (m: EpochMetrics): number => m.valLoss ?? m.loss;

/**
 * Early stopping and reduce-LR-on-plateau as a pure function of the metrics history. Recomputing from
 * the committed history (rather than keeping state in memory) makes a resumed run take exactly the
 * same decisions as an uninterrupted one.
 */
export function replayCallbacks(history: readonly EpochMetrics[], hp: Hyperparams): CallbackState {
  const state: CallbackState = { bestEpoch: 0, bestLoss: Infinity, learningRate: hp.learningRate, stop: false, note: null };
  let sinceBest = 0;
  let sincePlateauCut = 0;
  for (const m of history) {
    state.note = null;
    const loss = monitored(m);
    if (loss < state.bestLoss - 1e-12) {
      state.bestLoss = loss;
      state.bestEpoch = m.epoch;
      sinceBest = 0;
      sincePlateauCut = 0;
      continue;
    }
    sinceBest++;
    sincePlateauCut++;
    if (hp.reduceLrPatience > 0 && sincePlateauCut >= hp.reduceLrPatience && state.learningRate > hp.minLearningRate) {
      state.learningRate = Math.max(hp.minLearningRate, state.learningRate * hp.reduceLrFactor);
      sincePlateauCut = 0;
      state.note = `No improvement for ${hp.reduceLrPatience} epochs: learning rate lowered to ${state.learningRate.toPrecision(3)}.`;
    }
    if (hp.earlyStoppingPatience > 0 && sinceBest >= hp.earlyStoppingPatience) {
      state.stop = true;
      state.note = `No improvement for ${hp.earlyStoppingPatience} epochs: stopped early (best epoch ${state.bestEpoch}).`;
    }
  }
  return state;
}
