import type { DatasetSummary } from '../../shared/api/types';
import type { DatasetVersionRow } from '../db/repos/datasets';
import { findBuiltin } from '../engine/data/builtins';

/**
 * A text version's token-id count: a built-in says it in its catalog entry; an imported one stores its
 * vocabulary in the recipe, and ids run from 0 (padding) and 1 (unknown) to vocabulary length + 1.
 */
function vocabSizeOf(v: DatasetVersionRow): number | undefined {
  if (v.kind !== 'text') return undefined;
  const builtin = findBuiltin(v.dataset_id);
  if (builtin) return builtin.vocabSize;
  try {
    const recipe = JSON.parse(v.recipe) as { text?: { vocabulary?: unknown } | null };
    const words = recipe.text?.vocabulary;
    return Array.isArray(words) ? words.length + 2 : undefined;
  } catch {
    return undefined;
  }
}

/** One stored dataset version as the contract describes it (the list, the fit check and the recommender read this). */
export function datasetSummaryOf(v: DatasetVersionRow): DatasetSummary {
  const vocabSize = vocabSizeOf(v);
  return {
    id: v.dataset_id,
    name: v.name,
    description: v.description,
    kind: v.kind,
    inputShape: JSON.parse(v.input_shape) as number[],
    classes: JSON.parse(v.classes) as string[],
    trainCount: v.train_count,
    testCount: v.test_count,
    versionId: v.id,
    ...(vocabSize ? { vocabSize } : {}),
  };
}
