import { randomUUID } from 'node:crypto';
import { ApiError } from '../../shared/api/errors';
import { hyperparamsSchema, type Hyperparams } from '../../shared/api/schemas';
import type { HandlerInput } from '../../shared/api/contract';
import type { SweepDetail, SweepSummary } from '../../shared/api/types';
import type { GraphLayout, ModelGraph } from '../../shared/graph/types';
import {
  applyTrial,
  planTrials,
  rungEpochs,
  sweepPlanSchema,
  trialLabel,
  type TrialParams,
} from '../../shared/sweeps';
import { analyzeGraph } from '../../shared/validate/analyze';
import { adaptGraph } from '../../shared/validate/dataset-fit';
import { datasetSummaryOf } from './dataset-facts';
import { sweepsRepo } from '../db/repos/sweeps';
import type { ServiceContext } from './context';
import { experimentsService, requireExperiment } from './experiments';
import { toDetail, toSummary, toTrial } from './sweeps-model';
import { sweepQueue, type TrainingPort } from './sweeps-queue';

/** The base a sweep varies: a graph, its dataset and settings. */
interface SweepBase {
  graph: ModelGraph;
  layout: GraphLayout;
  datasetId: string;
  hyperparams: Hyperparams;
}

function resolveBase(ctx: ServiceContext, input: HandlerInput<'sweeps.create'>): SweepBase {
  let base: Omit<SweepBase, 'hyperparams'> & { hyperparams: unknown };
  if (input.baseExperimentId) {
    const row = requireExperiment(ctx, input.baseExperimentId);
    base = {
      graph: JSON.parse(row.graph) as ModelGraph,
      layout: JSON.parse(row.layout) as GraphLayout,
      datasetId: input.datasetId ?? row.dataset_id,
      hyperparams: JSON.parse(row.hyperparams),
    };
  } else if (input.graph && input.datasetId) {
    base = { graph: input.graph, layout: { positions: {} }, datasetId: input.datasetId, hyperparams: {} };
  } else throw new ApiError('invalid_input', 'Give baseExperimentId, or graph and datasetId.');
  const hp = hyperparamsSchema.safeParse({ ...(base.hyperparams as object), ...input.hyperparams });
  if (!hp.success)
    throw new ApiError(
      'invalid_input',
      `Invalid settings: ${hp.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return { ...base, graph: adaptedToDataset(ctx, base.graph, base.datasetId), hyperparams: hp.data };
}

/**
 * A sweep trains its base graph on the chosen dataset: fit the input and output to it first (as choosing a
 * dataset on the Train page does), and refuse a model made for another kind of data before any trial.
 */
function adaptedToDataset(ctx: ServiceContext, graph: ModelGraph, datasetId: string): ModelGraph {
  const version = ctx.repos.datasets.latestVersions().find((v) => v.dataset_id === datasetId);
  if (!version) return graph;
  const adapted = adaptGraph(graph, { ...datasetSummaryOf(version), name: `“${version.name}”` });
  if (adapted.remaining.length) throw new ApiError('invalid_graph', `The model does not fit the dataset: ${adapted.remaining.map((p) => p.message).join(' ')}`);
  return adapted.graph;
}

/** What other services may set on a sweep they create (experiments.repeat). */
export interface SweepCreateOptions {
  /** The name of trial `index` (0-based); default `<sweep name> #<n> (<values>)`. */
  trialName?: (params: TrialParams, index: number) => string;
  /** Tags (stored JSON) every trial experiment gets. */
  tags?: string | null;
}

/** The sweeps domain: create, list, get, cancel; its queue runs the trials and survives restarts. */
export function sweepsService(ctx: ServiceContext, training: TrainingPort) {
  const repo = sweepsRepo(ctx.repos.db);
  const experiments = experimentsService(ctx);
  const queue = sweepQueue(ctx, repo, training);
  const detail = (id: string): SweepDetail => {
    const row = repo.get(id);
    if (!row) throw new ApiError('not_found', `No sweep with id ${id}.`);
    return toDetail(row, repo.trials(id).map(toTrial));
  };

  const create = (input: HandlerInput<'sweeps.create'>, options: SweepCreateOptions = {}): SweepDetail => {
    const base = resolveBase(ctx, input);
    const plan = sweepPlanSchema.parse({
      space: input.space,
      strategy: input.strategy,
      budget: input.budget,
    });
    if (plan.strategy.type === 'halving' && plan.space.some((p) => p.key === 'epochs'))
      throw new ApiError(
        'invalid_input',
        'Successive halving sets the epochs itself: leave "epochs" out of the searched space.',
      );
    const startEpochs =
      plan.strategy.type === 'halving' ? rungEpochs(plan.strategy)[0] : base.hyperparams.epochs;
    const trials = planTrials(plan).map((params, i) => {
      let applied: ReturnType<typeof applyTrial>;
      try {
        applied = applyTrial(base.graph, { ...base.hyperparams, epochs: startEpochs }, params);
      } catch (err) {
        throw new ApiError(
          'invalid_input',
          `Trial ${i + 1} (${trialLabel(params)}): ${(err as Error).message}`,
        );
      }
      const problem = analyzeGraph(applied.graph).diagnostics.find((d) => d.severity === 'error');
      if (problem)
        throw new ApiError(
          'invalid_graph',
          `Trial ${i + 1} (${trialLabel(params)}) cannot be trained: ${problem.message}`,
          problem,
        );
      return { params, ...applied };
    });
    const id = randomUUID();
    ctx.repos.db.transaction(() => {
      const links = trials.map((t, i) => {
        const exp = experiments['experiments.create']({
          name: (options.trialName?.(t.params, i) ?? `${input.name} #${i + 1} (${trialLabel(t.params)})`).slice(0, 200),
          graph: t.graph,
          layout: base.layout,
          datasetId: base.datasetId,
          hyperparams: t.hyperparams,
        });
        if (options.tags) ctx.repos.experiments.updateMeta(exp.id, options.tags, null);
        return { experimentId: exp.id, params: JSON.stringify(t.params) };
      });
      repo.insert(
        {
          id,
          name: input.name,
          plan: JSON.stringify(plan),
          base: JSON.stringify({ datasetId: base.datasetId, hyperparams: base.hyperparams }),
          created_at: ctx.now(),
        },
        links,
      );
    })();
    queue.kick();
    return detail(id);
  };

  return {
    handlers: {
      'sweeps.create': (input: HandlerInput<'sweeps.create'>) => create(input),
      'sweeps.list': (): SweepSummary[] =>
        repo.list().map((r) => toSummary(r, repo.trials(r.id).map(toTrial))),
      'sweeps.get': ({ id }: HandlerInput<'sweeps.get'>) => detail(id),
      'sweeps.cancel': ({ id }: HandlerInput<'sweeps.cancel'>): SweepSummary => {
        const d = detail(id);
        if (d.status !== 'running')
          throw new ApiError('conflict', `Sweep "${d.name}" is already ${d.status}.`);
        queue.cancel(id);
        const { plan: _plan, metricName: _metric, trials: _trials, ...summary } = detail(id);
        return summary;
      },
    },
    /** Create a sweep with trial names/tags of the caller's choosing (same queue, same guarantees). */
    create,
    dispose: queue.dispose,
  };
}
