import { ApiError } from '../../../shared/api/errors';
import type { Db } from '../../db';
import { blobToFloat32, blobToInt32, datasetDataRepo, type SplitName } from '../../db/repos/dataset-data';
import { perSample } from './prepared';
import type { LoadedDataset, SampleSet } from './types';

/** A dataset id or a version id (`<id>@<n>`) → the version id stored in the database. */
export function resolveVersionId(db: Db, idOrVersion: string): string {
  const repo = datasetDataRepo(db);
  if (idOrVersion.includes('@') && repo.meta(idOrVersion)) return idOrVersion;
  const latest = repo.latestVersionId(idOrVersion);
  if (!latest) throw new ApiError('not_found', 'The chosen dataset no longer exists (it may have been deleted). Choose another dataset.');
  return latest;
}

/** Read one split back from its chunks (the first `limit` rows; 0 = all). */
export function readSplit(db: Db, versionId: string, split: SplitName, per: number, total: number, limit = 0): SampleSet {
  const count = limit > 0 ? Math.min(limit, total) : total;
  const x = new Float32Array(count * per);
  const y = new Int32Array(count);
  let at = 0;
  for (const c of datasetDataRepo(db).chunks(versionId, split)) {
    if (at >= count) break;
    const n = Math.min(c.count, count - at);
    x.set(blobToFloat32(c.x).subarray(0, n * per), at * per);
    y.set(blobToInt32(c.y).subarray(0, n), at);
    at += n;
  }
  if (at !== count) throw new ApiError('internal', `Dataset version ${versionId} is incomplete (${split}: ${at} of ${count} rows).`);
  return { x, y, count };
}

/** Load an imported dataset version from the database for training. */
export function loadStoredVersion(db: Db, idOrVersion: string, limits: { train: number; test: number }): LoadedDataset {
  const versionId = resolveVersionId(db, idOrVersion);
  const meta = datasetDataRepo(db).meta(versionId)!;
  const inputShape = JSON.parse(meta.input_shape) as number[];
  const per = perSample(inputShape);
  return {
    id: meta.dataset_id,
    inputShape,
    classes: JSON.parse(meta.classes) as string[],
    train: readSplit(db, versionId, 'train', per, meta.train_count, limits.train),
    val: readSplit(db, versionId, 'val', per, meta.val_count),
    test: readSplit(db, versionId, 'test', per, meta.test_count, limits.test),
  };
}
