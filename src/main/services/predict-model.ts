/**
 * Trained models kept loaded for Try it and file scoring: the first answer pays for reading the model,
 * the next ones (a form being edited) only for preprocessing and one predict call.
 */
import type * as tf from '@tensorflow/tfjs';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Preprocessing } from '../export';
import { modelInputs, type ModelInputs } from '../predict/features';
import type { ServiceContext } from './context';
import { requireExperiment, runDirOf } from './experiments';
import { experimentModel, experimentPreprocessing } from './export';

/** A loaded model with everything needed to read raw input for it. */
export interface Predictor {
  id: string;
  name: string;
  model: tf.LayersModel;
  prep: Preprocessing;
  inputs: ModelInputs;
  classes: string[];
  kind: 'image' | 'table' | 'text';
  datasetId: string;
  versionId: string;
  /** The label column of a table/text dataset (a scored file that holds it is evaluated). */
  label: string | null;
}

const KEEP = 3;

export function predictorCache(ctx: ServiceContext) {
  const cache = new Map<string, { stamp: number; value: Promise<Predictor> }>();
  const evict = (id: string) => {
    const hit = cache.get(id);
    cache.delete(id);
    void hit?.value.then((p) => p.model.dispose()).catch(() => undefined);
  };
  async function load(id: string): Promise<Predictor> {
    const row = requireExperiment(ctx, id);
    const model = await experimentModel(ctx, row);
    const prep = experimentPreprocessing(ctx, row, model);
    const kind = prep.kind === 'unknown' ? 'table' : prep.kind;
    return {
      id,
      name: row.name,
      model,
      prep,
      inputs: modelInputs(prep),
      classes: prep.labels,
      kind,
      datasetId: row.dataset_id,
      versionId: row.dataset_version_id,
      label: typeof prep.recipe.label === 'string' ? prep.recipe.label : null,
    };
  }
  return {
    /** The experiment's model, loaded once (reloaded when its files change: a resumed run). */
    get(id: string): Promise<Predictor> {
      const row = requireExperiment(ctx, id);
      let stamp = 0;
      try {
        stamp = statSync(join(runDirOf(ctx, row.id), 'model', 'model.json')).mtimeMs;
      } catch {
        /* no model yet: load() says so in plain words */
      }
      const hit = cache.get(id);
      if (hit && hit.stamp === stamp) {
        cache.delete(id);
        cache.set(id, hit);
        return hit.value;
      }
      if (hit) evict(id);
      const value = load(id);
      value.catch(() => cache.delete(id));
      cache.set(id, { stamp, value });
      while (cache.size > KEEP) evict(cache.keys().next().value!);
      return value;
    },
    dispose() {
      for (const id of [...cache.keys()]) evict(id);
    },
  };
}
export type PredictorCache = ReturnType<typeof predictorCache>;
