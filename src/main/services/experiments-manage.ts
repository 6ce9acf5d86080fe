import { randomUUID } from 'node:crypto';
import type { HandlerInput } from '../../shared/api/contract';
import type { ExperimentSummary } from '../../shared/api/types';
import type { ExperimentRow } from '../db/repos/experiments';
import type { ServiceContext } from './context';
import { requireExperiment, toSummary } from './experiments';

/** Tags, notes, clone and repeat-with-seeds. `enqueue` hands drafts to the training queue. */
export function experimentsManageService(ctx: ServiceContext, enqueue: (ids: string[]) => void) {
  const summary = (id: string) => toSummary(requireExperiment(ctx, id), ctx.repos.experiments.aggregate(id));

  /** A new draft with the row's graph, layout and settings, on the dataset's newest version. */
  const cloneRow = (row: ExperimentRow, name: string, hyperparams: string = row.hyperparams): string => {
    const id = randomUUID();
    const latest = ctx.repos.datasets.latestVersions().find((d) => d.dataset_id === row.dataset_id);
    ctx.repos.experiments.insert({
      id,
      name,
      dataset_id: row.dataset_id,
      dataset_version_id: latest?.id ?? row.dataset_version_id,
      graph: row.graph,
      layout: row.layout,
      hyperparams,
      param_count: row.param_count,
      created_at: ctx.now(),
    });
    ctx.repos.experiments.updateMeta(id, row.tags, null);
    return id;
  };

  return {
    'experiments.update': ({ id, tags, notes }: HandlerInput<'experiments.update'>): ExperimentSummary => {
      requireExperiment(ctx, id);
      const clean = tags ? JSON.stringify([...new Set(tags)]) : null;
      ctx.repos.experiments.updateMeta(id, clean, notes ?? null);
      return summary(id);
    },
    'experiments.clone': ({ id }: HandlerInput<'experiments.clone'>): ExperimentSummary => {
      const row = requireExperiment(ctx, id);
      return summary(cloneRow(row, `${row.name} (copy)`.slice(0, 200)));
    },
    'experiments.repeat': ({ id, seeds }: HandlerInput<'experiments.repeat'>): ExperimentSummary[] => {
      const row = requireExperiment(ctx, id);
      const base = row.name.replace(/\s*·\s*seed\s*\d+\s*$/i, '');
      const hp = JSON.parse(row.hyperparams) as Record<string, unknown>;
      const ids = [...new Set(seeds)].map((seed) =>
        cloneRow(row, `${base} · seed ${seed}`.slice(0, 200), JSON.stringify({ ...hp, seed })),
      );
      enqueue(ids);
      return ids.map(summary);
    },
  };
}
