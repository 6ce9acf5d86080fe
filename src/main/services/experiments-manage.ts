import { randomUUID } from 'node:crypto';
import type { HandlerInput } from '../../shared/api/contract';
import type { ExperimentSummary } from '../../shared/api/types';
import type { ExperimentRow } from '../db/repos/experiments';
import type { ServiceContext } from './context';
import { requireExperiment, summaryOf } from './experiments';
import type { sweepsService } from './sweeps';

/**
 * Tags, notes, clone and repeat-with-seeds. A repeat is a grid sweep over `seed` (`createSweep`), so
 * its runs wait in the sweeps' SQLite queue and continue after a restart.
 */
export function experimentsManageService(ctx: ServiceContext, createSweep: ReturnType<typeof sweepsService>['create']) {
  const summary = (id: string) => summaryOf(ctx, id);

  /** A new draft with the row's graph, layout and settings, on the dataset's newest version. */
  const cloneRow = (row: ExperimentRow, name: string): string => {
    const id = randomUUID();
    const latest = ctx.repos.datasets.latestVersions().find((d) => d.dataset_id === row.dataset_id);
    ctx.repos.experiments.insert({
      id,
      name,
      dataset_id: row.dataset_id,
      dataset_version_id: latest?.id ?? row.dataset_version_id,
      graph: row.graph,
      layout: row.layout,
      hyperparams: row.hyperparams,
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
      const base = row.name.replace(/\s*·\s*seed\s*\d+\s*$/i, '') || row.name;
      const unique = [...new Set(seeds)];
      const sweep = createSweep(
        {
          name: `${base} × ${unique.length} seed${unique.length === 1 ? '' : 's'}`.slice(0, 200),
          baseExperimentId: row.id,
          space: [{ key: 'seed', kind: 'choice', values: unique }],
          strategy: { type: 'grid' },
          budget: { maxTrials: unique.length, maxMinutes: null, parallel: 1 },
        },
        { trialName: (params) => `${base} · seed ${String(params.seed)}`, tags: row.tags },
      );
      return sweep.trials.map((t) => summary(t.experimentId));
    },
  };
}
