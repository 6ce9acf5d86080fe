/**
 * Explanations kept with an experiment: "Which columns matter" (permutation importance on the test split)
 * is stored as an artifact each time it is computed, tagged with the test evaluation it was computed
 * beside. A model trained again (a resumed run) gets a new test evaluation, and the old explanation, which
 * describes the old weights, is no longer shown.
 */
import type { PermutationImportance, StoredExplanations, StoredImportance } from '../../shared/api/predict-types';
import { evaluationsRepo } from '../db/repos/evaluations';
import type { ServiceContext } from './context';
import { requireExperiment } from './experiments';

const KIND = 'importance';

interface Stored {
  /** The test evaluation (evaluations.id) current when it was computed; null when there was none. */
  evaluationId: number | null;
  importance: PermutationImportance;
}

const currentEvaluation = (ctx: ServiceContext, id: string) => evaluationsRepo(ctx.repos.db).latest(id, 'test')?.id ?? null;

export function storeImportance(ctx: ServiceContext, id: string, importance: PermutationImportance): StoredImportance {
  const createdAt = ctx.now();
  const meta: Stored = { evaluationId: currentEvaluation(ctx, id), importance };
  ctx.repos.artifacts.insert({ experiment_id: id, kind: KIND, path: '', meta, created_at: createdAt });
  return { ...importance, createdAt };
}

/** The latest explanations computed on the experiment's current test evaluation. */
export function storedExplanations(ctx: ServiceContext, id: string): StoredExplanations {
  requireExperiment(ctx, id);
  const evaluationId = currentEvaluation(ctx, id);
  const latest = ctx.repos.artifacts.list(id, KIND)[0];
  const stored = latest ? (JSON.parse(latest.meta) as Stored) : null;
  return { importance: stored && stored.evaluationId === evaluationId ? { ...stored.importance, createdAt: latest!.created_at } : null };
}
