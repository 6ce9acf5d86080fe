import type { HandlerInput } from '../../shared/api/contract';
import type { ComparedExperiment, ExperimentComparison } from '../../shared/api/types';
import type { ModelGraph } from '../../shared/graph/types';
import { compareExperiments, type CompareInput } from '../../shared/metrics/compare';
import { evaluationsRepo } from '../db/repos/evaluations';
import type { ServiceContext } from './context';
import { baselineOf, datasetInfo, metricsOf } from './experiments-eval';
import { requireExperiment, toSummary } from './experiments';

/** `experiments.compare`: reads each run once and hands the pure comparison what it needs. */
export function experimentsCompareService(ctx: ServiceContext) {
  const evaluations = evaluationsRepo(ctx.repos.db);
  return {
    'experiments.compare': ({ ids }: HandlerInput<'experiments.compare'>): ExperimentComparison => {
      const unique = [...new Set(ids)];
      const rows = unique.map((id) => requireExperiment(ctx, id));
      const inputs: CompareInput[] = [];
      const experiments: ComparedExperiment[] = rows.map((row) => {
        const s = toSummary(row, ctx.repos.experiments.aggregate(row.id));
        const epochs = ctx.repos.experiments.epochs(row.id);
        const version = ctx.repos.datasets.version(row.dataset_version_id);
        // Names, not ids: a deleted dataset keeps its id as the only thing left to show.
        const datasetName = version?.name ?? row.dataset_id;
        const datasetVersionLabel = version ? `${version.name} v${version.version}` : row.dataset_version_id;
        inputs.push({
          id: row.id,
          name: row.name,
          graph: JSON.parse(row.graph) as ModelGraph,
          hyperparams: s.hyperparams,
          datasetId: row.dataset_id,
          datasetVersionId: row.dataset_version_id,
          datasetLabel: datasetName,
          datasetVersionLabel,
          epochs,
          testAccuracy: row.test_accuracy,
        });
        const ev = evaluations.latest(row.id, 'test');
        let evaluation: ComparedExperiment['evaluation'] = null;
        const baseline = ev ? baselineOf(ev) : null;
        if (ev) {
          const { roc: _roc, ...rest } = metricsOf(ev, datasetInfo(ctx, row.dataset_version_id).classes);
          evaluation = rest;
        }
        return {
          id: row.id,
          name: row.name,
          status: row.status,
          epochs,
          epochsDone: s.epochsDone,
          bestEpoch: null,
          hyperparams: s.hyperparams,
          datasetId: row.dataset_id,
          datasetVersionId: row.dataset_version_id,
          datasetName,
          datasetVersionLabel,
          testAccuracy: row.test_accuracy,
          evaluation,
          baseline,
        };
      });
      const core = compareExperiments(inputs);
      core.best.forEach((b, i) => (experiments[i].bestEpoch = b));
      return {
        experiments,
        diff: core.diff,
        graphDiffs: core.graphDiffs,
        groups: core.groups,
        tests: core.tests,
      };
    },
  };
}
