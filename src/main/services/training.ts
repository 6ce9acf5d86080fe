import { ApiError } from '../../shared/api/errors';
import { hyperparamsSchema } from '../../shared/api/schemas';
import type { HandlerInput } from '../../shared/api/contract';
import type { BackendReport, ExperimentStatus, GpuAdapterInfo } from '../../shared/api/types';
import type { ModelGraph } from '../../shared/graph/types';
import { datasetFitProblems, type FitProblem } from '../../shared/validate/dataset-fit';
import { analyzeGraph } from '../../shared/validate/analyze';
import type { TrainerHandle } from '../engine/launch-child';
import type { TrainJob, TrainerMessage } from '../engine/protocol';
import type { ServiceContext } from './context';
import { requireExperiment, runDirOf, summaryOf } from './experiments';
import { storeTestEvaluation } from './experiments-eval';
import { findBuiltin } from '../engine/data/builtins';
import { DISK_FULL_MESSAGE, isDiskFull } from '../db/errors';
import { processAlive } from '../db/lock';
import { datasetSummaryOf } from './dataset-facts';

/** What keeps the graph from training on the run's dataset version (none when the version is unknown). */
function fitProblemsOf(ctx: ServiceContext, graph: ModelGraph, versionId: string): FitProblem[] {
  const v = ctx.repos.datasets.version(versionId);
  if (!v) return [];
  return datasetFitProblems(graph, { ...datasetSummaryOf(v), name: `“${v.name}”` });
}

function datasetKindOf(ctx: ServiceContext, datasetId: string, versionId: string): TrainJob['datasetKind'] {
  return ctx.repos.datasets.version(versionId)?.kind ?? findBuiltin(datasetId)?.kind;
}

/** How often a live run stamps its heartbeat, and how old a stamp must be to call the run dead. */
export const HEARTBEAT_MS = 2000;
export const STALE_AFTER_MS = 15000;

/**
 * Runs whose owner stopped beating are not running: mark them `interrupted` (resumable). Called at
 * host start-up and periodically, so a killed host never leaves a run shown as running.
 */
/** The GPU adapter behind the backend a run trains on (webgpu only), for the experiment record. */
export function activeAdapter(report: BackendReport): GpuAdapterInfo | null {
  return report.candidates.find((c) => c.name === report.active)?.adapter ?? null;
}

export function recoverInterruptedRuns(ctx: ServiceContext, nowMs = Date.now(), isLive: (id: string) => boolean = () => false): string[] {
  const cutoff = new Date(nowMs - STALE_AFTER_MS).toISOString();
  const stale = ctx.repos.experiments
    .running()
    .filter((r) => !isLive(r.id) && (!r.heartbeat_at || r.heartbeat_at < cutoff || !processAlive(r.owner_pid)))
    .map((r) => r.id);
  for (const id of stale)
    ctx.repos.experiments.finish(id, 'interrupted', ctx.now(), {
      error: 'The app stopped while this run was training. Resume continues from the last finished epoch.',
    });
  return stale;
}

/** The training domain: launches trainer processes and turns their messages into DB rows and events. */
export function trainingService(ctx: ServiceContext) {
  const live = new Map<string, { handle: TrainerHandle; beat: NodeJS.Timeout; cancelRequested: boolean; paused: boolean }>();

  const unsaved = new Map<string, NodeJS.Timeout>();
  const finish = (
    id: string,
    status: ExperimentStatus,
    extra: { error?: string; testAccuracy?: number; testLoss?: number; note?: string } = {},
  ) => {
    // The final status must reach the database even on a full disk: retry until space is freed (or the
    // host stops; then the next start marks the run interrupted). The user hears it at once either way.
    const write = () => {
      try {
        ctx.repos.experiments.finish(id, status, ctx.now(), extra);
        clearInterval(unsaved.get(id));
        unsaved.delete(id);
        return true;
      } catch (err) {
        if (!isDiskFull(err)) console.error(`[training] could not record the end of run ${id}:`, err);
        return false;
      }
    };
    if (!write() && !unsaved.has(id)) {
      const retry = setInterval(write, HEARTBEAT_MS);
      retry.unref?.();
      unsaved.set(id, retry);
    }
    ctx.bus.emit('training.status', { experimentId: id, status, message: extra.error ?? extra.note, testAccuracy: extra.testAccuracy ?? null });
  };

  const launch = (id: string, resumeFromEpoch: number) => {
    const row = requireExperiment(ctx, id);
    const graph = JSON.parse(row.graph) as ModelGraph;
    const analysis = analyzeGraph(graph);
    const problem = analysis.diagnostics.find((d) => d.severity === 'error');
    if (problem) throw new ApiError('invalid_graph', `The model cannot be trained yet: ${problem.message}`, problem);
    const misfit = fitProblemsOf(ctx, graph, row.dataset_version_id);
    if (misfit.length)
      throw new ApiError(
        'invalid_graph',
        `The model does not fit the dataset: ${misfit.map((p) => p.message).join(' ')} Adapt the model on the Train page, or change those layers.`,
        { problems: misfit },
      );
    const job: TrainJob = {
      experimentId: id,
      graph,
      hyperparams: hyperparamsSchema.parse(JSON.parse(row.hyperparams)),
      datasetId: row.dataset_id,
      datasetVersionId: row.dataset_version_id,
      runDir: runDirOf(ctx, id),
      dataDir: ctx.dataDir,
      resumeFromEpoch,
      history: ctx.repos.experiments.epochs(id).filter((m) => m.epoch <= resumeFromEpoch),
      pinnedBackend: ctx.repos.settings.get('pinnedBackend') ?? null,
      datasetKind: datasetKindOf(ctx, row.dataset_id, row.dataset_version_id),
    };
    try {
      ctx.repos.experiments.dropEpochsAfter(id, resumeFromEpoch);
      ctx.repos.experiments.markRunning(id, process.pid, ctx.now());
    } catch (err) {
      if (isDiskFull(err)) throw new ApiError('unavailable', DISK_FULL_MESSAGE.replace(', then resume: finished epochs are kept', ' and try again'));
      throw err;
    }
    let handle: TrainerHandle;
    try {
      handle = ctx.launchTrainer();
    } catch (err) {
      finish(id, 'failed', { error: `The training process could not start: ${(err as Error).message}` });
      throw err;
    }
    let settled = false;
    const settle = (status: ExperimentStatus, extra: Parameters<typeof finish>[2] = {}) => {
      if (settled) return;
      settled = true;
      clearInterval(beat);
      live.delete(id);
      finish(id, status, extra);
    };
    /**
     * Every database write while the run trains goes through here: a full disk (or any other write
     * failure) stops the trainer and ends the run `interrupted` in plain words; it never escapes into a
     * timer or message callback, where it would take the whole host down.
     */
    const guarded = (what: string, write: () => void): boolean => {
      try {
        write();
        return true;
      } catch (err) {
        if (isDiskFull(err)) {
          settle('interrupted', { error: DISK_FULL_MESSAGE });
          handle.kill();
        } else {
          console.error(`[training] ${what} failed for run ${id}:`, err);
          settle('interrupted', { error: `LayerLab could not save this run's progress (${what}). Resume continues from the last saved epoch.` });
          handle.kill();
        }
        return false;
      }
    };
    const beat = setInterval(() => guarded('heartbeat', () => ctx.repos.experiments.heartbeat(id, ctx.now())), HEARTBEAT_MS);
    beat.unref?.();
    const entry = { handle, beat, cancelRequested: false, paused: false };
    live.set(id, entry);
    handle.onMessage((msg: TrainerMessage) => {
      if (settled) return;
      switch (msg.type) {
        case 'backend':
          if (!guarded('recording the backend', () => ctx.repos.experiments.setBackend(id, msg.report.active, activeAdapter(msg.report)))) break;
          ctx.bus.emit('training.status', { experimentId: id, status: 'running', backend: msg.report.active });
          break;
        case 'progress':
          ctx.bus.emit('training.progress', { experimentId: id, ...msg.progress });
          break;
        case 'epoch':
          if (!guarded('saving the epoch', () => ctx.repos.experiments.commitEpoch(id, msg.metrics, ctx.now()))) break;
          ctx.bus.emit('training.epoch', { experimentId: id, metrics: msg.metrics });
          break;
        case 'resumed':
          // The checkpoint asked for was torn: the trainer went back to an earlier one and said which.
          if (!guarded('rewinding to the checkpoint', () => ctx.repos.experiments.dropEpochsAfter(id, msg.epoch))) break;
          ctx.bus.emit('training.status', { experimentId: id, status: 'running', message: msg.message });
          break;
        case 'done':
          if (!guarded('saving the test results', () => storeTestEvaluation(ctx, id, msg.result))) break;
          settle('completed', { testAccuracy: msg.result.testAccuracy, testLoss: msg.result.testLoss, note: msg.result.notes?.join(' ') });
          break;
        case 'cancelled':
          settle('cancelled', { error: 'Cancelled by the user.' });
          break;
        case 'error':
          settle(msg.reason === 'disk-full' ? 'interrupted' : 'failed', { error: msg.message });
          break;
      }
    });
    handle.onExit((code, signal) => {
      if (entry.cancelRequested) return settle('cancelled', { error: 'Cancelled by the user.' });
      if (signal === 'SIGKILL' || signal === 'SIGTERM' || signal === 'SIGINT' || signal === 'SIGHUP')
        return settle('interrupted', { error: `The training process was stopped (${signal}). Resume continues from the last finished epoch.` });
      if (signal)
        return settle('failed', {
          error: `The training process crashed (${signal}); it may have run out of memory. Finished epochs are kept: Resume continues from the last one.`,
        });
      if (code !== 0)
        return settle('failed', {
          error: `The training process ended unexpectedly (exit code ${code}); it may have run out of memory.`,
        });
      settle('failed', { error: 'The training process ended without a result.' });
    });
    handle.send({ type: 'start', job });
    return summaryOf(ctx, id);
  };

  /** Pause stops between two batches; the heartbeat goes on, so a paused run is never taken for dead. */
  const setPaused = (id: string, paused: boolean) => {
    const entry = live.get(id);
    if (!entry) throw new ApiError('conflict', 'This experiment is not training in this app.');
    entry.handle.send({ type: paused ? 'pause' : 'resume' });
    entry.paused = paused;
    ctx.bus.emit('training.status', { experimentId: id, status: 'running', paused, message: paused ? 'Paused.' : undefined });
    return { paused };
  };

  return {
    handlers: {
      'training.start': ({ id }: HandlerInput<'training.start'>) => {
        const row = requireExperiment(ctx, id);
        if (row.status !== 'draft')
          throw new ApiError('conflict', `"${row.name}" is ${row.status}; create a new experiment to train again.`);
        return launch(id, 0);
      },
      'training.resume': ({ id }: HandlerInput<'training.resume'>) => {
        const row = requireExperiment(ctx, id);
        if (row.status !== 'interrupted' && row.status !== 'failed' && row.status !== 'cancelled')
          throw new ApiError('conflict', `"${row.name}" is ${row.status}; only an interrupted, failed or cancelled run can be resumed.`);
        return launch(id, row.checkpoint_epoch);
      },
      'training.pause': ({ id }: HandlerInput<'training.pause'>) => setPaused(id, true),
      'training.continue': ({ id }: HandlerInput<'training.continue'>) => setPaused(id, false),
      'training.cancel': ({ id }: HandlerInput<'training.cancel'>) => {
        const entry = live.get(id);
        if (!entry) throw new ApiError('conflict', 'This experiment is not training in this app.');
        entry.cancelRequested = true;
        entry.handle.send({ type: 'cancel' });
        // A trainer stuck inside a long kernel gets a few seconds to stop cleanly, then is ended.
        setTimeout(() => live.has(id) && entry.handle.kill(), 5000).unref?.();
        return { cancelled: true };
      },
    },
    /** Stop every trainer (host shutting down). Their runs become `interrupted` at next start. */
    dispose() {
      for (const e of live.values()) {
        clearInterval(e.beat);
        e.handle.kill();
      }
      for (const retry of unsaved.values()) clearInterval(retry);
    },
    isLive: (id: string) => live.has(id),
    /** Paused here and not yet continued: a page opened (or reloaded) mid-run shows it as paused. */
    isPaused: (id: string) => live.get(id)?.paused === true,
  };
}
