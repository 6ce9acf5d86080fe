import type { ApiClient } from '../../shared/api/client';
import { ApiError } from '../../shared/api/errors';
import type { DatasetSummary, ExperimentSummary } from '../../shared/api/types';
import type { ModelGraph } from '../../shared/graph/types';

/**
 * Names the user may type for datasets and experiments. Built-in datasets answer to their short name
 * (`mnist` for `builtin:mnist`) and any dataset to its full id or (case-insensitively) its name;
 * experiments to their id or an unambiguous prefix of it. An unknown name is answered with the valid ones.
 */
export const shortName = (d: Pick<DatasetSummary, 'id'>) => (d.id.startsWith('builtin:') ? d.id.slice('builtin:'.length) : d.id);

/** Find the dataset the user meant among `list`; throws not_found listing what can be typed. */
export function matchDataset(list: readonly DatasetSummary[], typed: string): DatasetSummary {
  const t = typed.trim();
  const lower = t.toLowerCase();
  const hit =
    list.find((d) => d.id === t) ??
    list.find((d) => d.id === `builtin:${t}`) ??
    list.find((d) => shortName(d).toLowerCase() === lower);
  if (hit) return hit;
  const byName = list.filter((d) => d.name.toLowerCase() === lower);
  if (byName.length === 1) return byName[0]!;
  const valid = list.map((d) => (d.id.startsWith('builtin:') ? shortName(d) : `${d.id} (${d.name})`));
  throw new ApiError(
    'not_found',
    byName.length > 1
      ? `More than one dataset is named "${t}": use its id, one of ${byName.map((d) => d.id).join(', ')}.`
      : `There is no dataset "${t}". Choose one of: ${valid.join(', ')}.`,
  );
}

export async function resolveDataset(api: ApiClient, typed: string): Promise<DatasetSummary> {
  return matchDataset(await api.call('datasets.list', {}), typed);
}

/** An experiment id, or a prefix of one that matches exactly one experiment (at least 4 characters). */
export function matchExperiment(list: readonly ExperimentSummary[], typed: string): string {
  const t = typed.trim();
  if (list.some((e) => e.id === t)) return t;
  const byPrefix = t.length >= 4 ? list.filter((e) => e.id.startsWith(t)) : [];
  if (byPrefix.length === 1) return byPrefix[0]!.id;
  if (byPrefix.length > 1)
    throw new ApiError('not_found', `"${t}" starts ${byPrefix.length} experiment ids; type more of it: ${byPrefix.slice(0, 5).map((e) => e.id).join(', ')}.`);
  if (list.length === 0) throw new ApiError('not_found', `There is no experiment "${t}": this data folder has no experiments yet (layerlab train creates one).`);
  const shown = list.slice(0, 10).map((e) => `${e.id} (${e.name}, ${e.status})`);
  const more = list.length > shown.length ? `, and ${list.length - shown.length} more (layerlab experiments lists them all)` : '';
  throw new ApiError('not_found', `There is no experiment "${t}". Experiments here: ${shown.join('; ')}${more}.`);
}

export async function resolveExperiment(api: ApiClient, typed: string): Promise<string> {
  return matchExperiment(await api.call('experiments.list', {}), typed);
}

const KIND_OF_INPUT: Record<string, DatasetSummary['kind']> = {
  InputImage: 'image',
  InputVector: 'table',
  InputSequence: 'text',
};
const WORDS: Record<DatasetSummary['kind'], string> = { image: 'images', table: 'table rows', text: 'texts' };

/**
 * Refuse a graph whose input takes another kind of sample than the dataset holds (a CNN on a table),
 * before an experiment is created: otherwise the run would start and fail inside tfjs.
 */
export function checkGraphTakesDataset(graph: ModelGraph, graphName: string, dataset: DatasetSummary, suggestions: string[]): void {
  const inputs = graph.nodes.map((n) => KIND_OF_INPUT[n.kind]).filter((k): k is DatasetSummary['kind'] => k !== undefined);
  if (inputs.length === 0 || inputs.includes(dataset.kind)) return;
  const recommended = 'leave --template out to train the model recommended for this dataset';
  const hint = suggestions.length
    ? ` For ${WORDS[dataset.kind]}, try --template ${suggestions.join(' or --template ')}, or ${recommended}.`
    : ` ${recommended[0]!.toUpperCase()}${recommended.slice(1)}.`;
  throw new ApiError(
    'invalid_input',
    `${graphName} takes ${WORDS[inputs[0]!]}, but the dataset ${dataset.name} (${shortName(dataset)}) holds ${WORDS[dataset.kind]}.${hint}`,
  );
}

/** Ids of the templates whose input takes the given kind of sample. */
export function templatesFor(templates: readonly { id: string; graph: ModelGraph }[], kind: DatasetSummary['kind']): string[] {
  return templates.filter((t) => t.graph.nodes.some((n) => KIND_OF_INPUT[n.kind] === kind)).map((t) => t.id);
}
