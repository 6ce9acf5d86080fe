import type * as tf from '@tensorflow/tfjs';
import type { Hyperparams } from '../../shared/api/schemas';
import { loadDataset } from '../engine/data/load';
import { openStreamedIfLarge } from '../engine/data/streamed';
import { gatherRows, splitIndices } from '../engine/training-data';
import type { NpyArray } from './npz';
import { fitSequences, vocabOf } from './parity';

/**
 * The arrays a LayerLab run trained on, for data.npz: the dataset version's preprocessed samples with the
 * run's limits, and the validation rows cut from train by the same seeded shuffle as the trainer
 * (training-data.ts), or the version's own validation split when it has one. Null when the samples are
 * not available (a bundle imported without its data).
 */
export async function kerasArrays(
  versionId: string,
  hp: Hyperparams,
  model: tf.LayersModel,
  dataDir?: string,
): Promise<Record<string, NpyArray> | null> {
  const limits = { train: hp.trainLimit, test: hp.testLimit };
  let data;
  let streamed: boolean;
  try {
    // A version large enough to stream trained on its stored validation split only, nothing cut from train.
    const large = dataDir ? openStreamedIfLarge(versionId, dataDir, limits) : null;
    streamed = large !== null;
    large?.close();
    data = await loadDataset(versionId, limits, { dataDir });
  } catch {
    return null;
  }
  const per = data.inputShape.reduce((a, b) => a * b, 1);
  const storedVal = data.val && data.val.count > 0 ? data.val : null;
  const rows = splitIndices(data.train.count, storedVal || streamed ? 0 : hp.validationSplit, hp.seed);
  const sets = {
    train: gatherRows(data.train, rows.train, per),
    val: storedVal ?? gatherRows(data.train, rows.val, per),
    test: data.test,
  };
  // A text model taking fewer tokens than the version encodes gets each text's first ids (as parity does).
  const want = model.inputs[0].shape.slice(1).map((d) => d ?? 1);
  const vocab = vocabOf(model);
  const cut = data.inputShape.length === 1 && want.length === 1 && want[0] < per && vocab !== null;
  const out: Record<string, NpyArray> = {};
  for (const [name, s] of Object.entries(sets)) {
    out[`x_${name}`] = cut
      ? { data: fitSequences(s.x, s.count, per, want[0], vocab), shape: [s.count, want[0]] }
      : { data: s.x.subarray(0, s.count * per), shape: [s.count, ...data.inputShape] };
    out[`y_${name}`] = { data: s.y.subarray(0, s.count), shape: [s.count] };
  }
  return out;
}
