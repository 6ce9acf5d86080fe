import type { DatasetSummary, ExperimentSummary } from '../../../../shared/api/types';
import { elapsed } from '../../ui/format';

/**
 * The run's dataset as people know it: its name and version ("Iris flowers v1"), never the internal
 * "ds-…@1" id. A dataset deleted since (or a run imported from a bundle whose data is elsewhere) has no
 * name here: it says so.
 */
export function datasetLabel(e: ExperimentSummary, datasets: Pick<DatasetSummary, 'id' | 'name'>[]): string {
  const version = /@(\d+)$/.exec(e.datasetVersionId)?.[1];
  const name = datasets.find((d) => d.id === e.datasetId)?.name ?? 'dataset not in this data folder';
  return version ? `${name} v${version}` : name;
}

/** Sortable columns of the experiments table. */
export type SortKey =
  | 'name'
  | 'status'
  | 'dataset'
  | 'learningRate'
  | 'batchSize'
  | 'optimizer'
  | 'backend'
  | 'bestVal'
  | 'lastVal'
  | 'testAccuracy'
  | 'duration'
  | 'createdAt';

export interface SortState {
  key: SortKey;
  dir: 'asc' | 'desc';
}

/** The value a column sorts by (null sorts last either way). */
export function sortValue(e: ExperimentSummary, key: SortKey): string | number | null {
  switch (key) {
    case 'name':
      return e.name.toLowerCase();
    case 'status':
      return e.status;
    case 'dataset':
      return e.datasetVersionId;
    case 'learningRate':
      return e.hyperparams.learningRate;
    case 'batchSize':
      return e.hyperparams.batchSize;
    case 'optimizer':
      return e.hyperparams.optimizer;
    case 'backend':
      return e.backend;
    case 'bestVal':
      return e.bestValAccuracy;
    case 'lastVal':
      return e.lastValAccuracy;
    case 'testAccuracy':
      return e.testAccuracy;
    case 'duration':
      return elapsed(e.startedAt, e.finishedAt);
    case 'createdAt':
      return e.createdAt;
  }
}

/** Sort a copy of the list; ties keep the incoming (newest-first) order. */
export function sortExperiments(list: ExperimentSummary[], s: SortState): ExperimentSummary[] {
  const sign = s.dir === 'asc' ? 1 : -1;
  return list
    .map((e, i) => ({ e, i, v: sortValue(e, s.key) }))
    .sort((a, b) => {
      if (a.v == null || b.v == null) return a.v == null && b.v == null ? a.i - b.i : a.v == null ? 1 : -1;
      if (a.v < b.v) return -sign;
      if (a.v > b.v) return sign;
      return a.i - b.i;
    })
    .map((x) => x.e);
}

/** Filter by free text over name, tags, dataset, status, backend and key params; `tag:x` and `status:x` narrow exactly. */
export function filterExperiments(list: ExperimentSummary[], query: string, datasets: Pick<DatasetSummary, 'id' | 'name'>[] = []): ExperimentSummary[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return list;
  return list.filter((e) => {
    const hay = [
      e.name,
      e.datasetVersionId,
      datasetLabel(e, datasets),
      e.status,
      e.backend ?? '',
      e.hyperparams.optimizer,
      `lr=${e.hyperparams.learningRate}`,
      `batch=${e.hyperparams.batchSize}`,
      e.notes,
      ...e.tags.map((t) => `#${t}`),
    ]
      .join(' ')
      .toLowerCase();
    return terms.every((t) => {
      if (t.startsWith('tag:')) return e.tags.some((x) => x.toLowerCase() === t.slice(4));
      if (t.startsWith('status:')) return e.status === t.slice(7);
      return hay.includes(t);
    });
  });
}
