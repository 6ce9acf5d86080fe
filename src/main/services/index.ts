import type { HandlerInput, Handlers } from '../../shared/api/contract';
import { TEMPLATES } from '../../shared/templates';
import type { ServiceContext } from './context';
import { datasetsService, registerBuiltinDatasets } from './datasets';
import { experimentsService } from './experiments';
import { experimentsBundleService } from './experiments-bundle';
import { experimentsCompareService } from './experiments-compare';
import { experimentsEvalService } from './experiments-eval';
import { experimentsManageService } from './experiments-manage';
import { experimentsReportService } from './experiments-report';
import { systemService } from './system';
import { sweepsService } from './sweeps';
import { exportService } from './export';
import { servingService } from './serving';
import { predictService } from './predict';
import { isDiskFull } from '../db/errors';
import { withUserPaths } from './user-paths';
import { recoverInterruptedRuns, trainingService, STALE_AFTER_MS } from './training';

export type { ServiceContext } from './context';
export { EventBus } from './event-bus';

/**
 * Build every handler of the contract over one context. The `satisfies Handlers` line is where a
 * missing method becomes a type error.
 */
export function createServices(ctx: ServiceContext) {
  registerBuiltinDatasets(ctx);
  const training = trainingService(ctx);
  recoverInterruptedRuns(ctx, Date.now(), training.isLive);
  const recovery = setInterval(() => {
    // A write failing here (a full disk) must not escape a timer and take the host down; the next tick retries.
    try {
      recoverInterruptedRuns(ctx, Date.now(), training.isLive);
    } catch (err) {
      if (!isDiskFull(err)) console.error('[recovery] could not mark stopped runs:', err);
    }
  }, STALE_AFTER_MS);
  recovery.unref?.();
  const sweeps = sweepsService(ctx, training.handlers);
  const serving = servingService(ctx);
  const predict = predictService(ctx);
  const experiments = experimentsService(ctx);
  const handlers = {
    ...systemService(ctx),
    'templates.list': () => [...TEMPLATES],
    ...datasetsService(ctx),
    ...experiments,
    // Whether a run is paused lives in the trainer's entry, not in the database: added here for reattaching pages.
    'experiments.get': (input: HandlerInput<'experiments.get'>) => ({ ...experiments['experiments.get'](input), paused: training.isPaused(input.id) }),
    ...experimentsEvalService(ctx),
    ...experimentsCompareService(ctx),
    ...experimentsManageService(ctx, sweeps.create),
    ...experimentsBundleService(ctx),
    ...experimentsReportService(ctx),
    ...training.handlers,
    ...sweeps.handlers,
    ...exportService(ctx),
    ...serving.handlers,
    ...predict.handlers,
  } satisfies Handlers;
  return {
    handlers: withUserPaths(handlers as Handlers),
    dispose() {
      sweeps.dispose();
      clearInterval(recovery);
      training.dispose();
      void serving.dispose();
      predict.dispose();
    },
  };
}
