import type { DatasetSummary } from '../../shared/api/types';
import { BUILTIN_DATASETS, builtinVersionId } from '../engine/data/builtins';
import type { ServiceContext } from './context';
import { datasetImportService } from './datasets-import';
import { datasetPreviewService } from './datasets-preview';
import { datasetSummaryOf } from './dataset-facts';

/** Make sure every built-in dataset (and its current version) is registered in the database. */
export function registerBuiltinDatasets(ctx: ServiceContext): void {
  for (const d of BUILTIN_DATASETS)
    ctx.repos.datasets.register(
      { id: d.id, name: d.name, description: d.description, kind: d.kind, source: 'builtin' },
      {
        id: builtinVersionId(d),
        version: d.version,
        inputShape: d.inputShape,
        classes: d.classes,
        trainCount: d.trainCount,
        testCount: d.testCount,
        recipe: { scale: '0..1' },
      },
      ctx.now(),
    );
}

/** The datasets domain of the contract. */
export function datasetsService(ctx: ServiceContext) {
  return {
    'datasets.list': (): DatasetSummary[] => ctx.repos.datasets.latestVersions().map(datasetSummaryOf),
    ...datasetImportService(ctx),
    ...datasetPreviewService(ctx),
  };
}
