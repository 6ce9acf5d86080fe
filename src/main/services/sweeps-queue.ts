import { hyperparamsSchema } from '../../shared/api/schemas';
import type { Handlers } from '../../shared/api/contract';
import { halvingDecision } from '../../shared/sweeps';
import type { SweepRow, SweepsRepo, SweepTrialRow } from '../db/repos/sweeps';
import type { ServiceContext } from './context';
import { planOf, toSummary, toTrial, trialState } from './sweeps-model';

/** The training handlers the queue drives (the same ones the contract serves). */
export type TrainingPort = Pick<Handlers, 'training.start' | 'training.resume' | 'training.cancel'>;

/** An interrupted trial is resumed this many times at most, then skipped (a trainer that keeps dying). */
export const MAX_RESUMES = 3;

/**
 * Runs the trials of every running sweep, one after another (or `budget.parallel` at once). All of
 * its state is in the database, so it continues after a restart: queued trials start, interrupted
 * ones resume from their checkpoint. Drafts are only ever *started* (training.start refuses anything
 * but a draft) and interrupted runs only *resumed*, so no trial runs twice to the end.
 */
export function sweepQueue(ctx: ServiceContext, repo: SweepsRepo, training: TrainingPort) {
  const lastEmitted = new Map<string, string>();
  let busy = false;
  let again = false;

  const launch = (r: SweepTrialRow, how: 'start' | 'resume') => {
    try {
      training[how === 'start' ? 'training.start' : 'training.resume']({ id: r.experiment_id });
    } catch (err) {
      // Another app on the same data folder may have just started it: only a trial still waiting failed.
      const status = ctx.repos.experiments.get(r.experiment_id)?.status;
      if (status === 'draft' || status === 'interrupted')
        ctx.repos.experiments.finish(r.experiment_id, 'failed', ctx.now(), {
          error: err instanceof Error ? err.message : String(err),
        });
    }
  };

  /** One pass over one sweep; true when it changed something worth another pass. */
  const step = (sweep: SweepRow): boolean => {
    const plan = planOf(sweep);
    const rows = repo.trials(sweep.id).filter((r) => r.state === 'active');
    const deadline = plan.budget.maxMinutes
      ? Date.parse(sweep.created_at) + plan.budget.maxMinutes * 60_000
      : Infinity;
    const waiting = (r: SweepTrialRow) =>
      r.status === 'draft' || r.status === 'interrupted' || r.pending_epochs !== null;
    if (Date.now() > deadline) {
      const left = rows.filter(waiting);
      left.forEach((r) => repo.setState(r.experiment_id, 'skipped'));
      if (left.length) repo.note(sweep.id, 'Time budget reached: trials not yet run were skipped.');
      if (left.length) return true;
    }
    let running = rows.filter((r) => r.status === 'running').length;
    const free = () => running < plan.budget.parallel;
    for (const r of rows.filter((x) => x.status === 'interrupted' && x.pending_epochs === null)) {
      if (!free()) break;
      if (r.resumes >= MAX_RESUMES) {
        repo.setState(r.experiment_id, 'skipped');
        continue;
      }
      repo.countResume(r.experiment_id);
      launch(r, 'resume');
      running++;
    }
    for (const r of rows.filter((x) => x.pending_epochs !== null && x.status === 'completed')) {
      if (!free()) break;
      const hp = hyperparamsSchema.parse(JSON.parse(r.hyperparams));
      repo.reopenForMoreEpochs(r.experiment_id, JSON.stringify({ ...hp, epochs: r.pending_epochs }));
      launch(r, 'resume');
      running++;
    }
    for (const r of rows.filter((x) => x.status === 'draft')) {
      if (!free()) break;
      launch(r, 'start');
      running++;
    }
    const fresh = repo.trials(sweep.id);
    if (fresh.some((r) => r.state === 'active' && (r.status === 'running' || waiting(r)))) return false;
    if (plan.strategy.type === 'halving') {
      const d = halvingDecision(
        plan.strategy,
        fresh.map((r) => ({
          id: r.experiment_id,
          rung: r.rung,
          state: trialState(r),
          metric: toTrial(r).metric,
        })),
      );
      d.stop.forEach((id) => repo.setState(id, 'stopped'));
      d.promote.forEach((p) => repo.promote(p.id, p.rung, p.epochs));
      if (d.promote.length) return true;
    }
    repo.finish(sweep.id, 'completed', sweep.message, ctx.now());
    return true;
  };

  const emit = (id: string) => {
    const row = repo.get(id);
    if (!row) return;
    const summary = toSummary(row, repo.trials(id).map(toTrial));
    const key = JSON.stringify(summary);
    if (lastEmitted.get(id) === key) return;
    lastEmitted.set(id, key);
    ctx.bus.emit('sweeps.progress', summary);
  };

  /** Move every running sweep forward; re-entrant calls fold into one more pass. */
  const pump = () => {
    if (busy) return void (again = true);
    busy = true;
    try {
      do {
        again = false;
        for (const id of repo.running()) {
          for (let i = 0; i < 5; i++) {
            const row = repo.get(id);
            if (!row || row.status !== 'running' || !step(row)) break;
          }
          emit(id);
        }
      } while (again);
    } catch (err) {
      console.error('[sweeps] queue step failed', err);
    } finally {
      busy = false;
    }
  };

  let disposed = false;
  const soon = () => setImmediate(() => !disposed && pump());
  const unsubscribe = ctx.bus.subscribe((event) => {
    if (event === 'training.status' || event === 'training.epoch') soon();
  });
  const timer = setInterval(() => !disposed && pump(), 2000);
  timer.unref?.();
  soon(); // continue what a previous run of the app left queued or interrupted

  return {
    pump,
    /** Pump on the next turn of the event loop (after the caller's reply). */
    kick: soon,
    emit,
    /** Cancel: running trials stop, waiting ones are skipped. */
    cancel(id: string) {
      repo.finish(id, 'cancelled', 'Cancelled by the user.', ctx.now());
      for (const r of repo.trials(id).filter((x) => x.state === 'active')) {
        if (r.status === 'draft' || r.status === 'interrupted' || r.pending_epochs !== null)
          repo.setState(r.experiment_id, 'skipped');
        else if (r.status === 'running') {
          try {
            training['training.cancel']({ id: r.experiment_id });
          } catch {
            /* trained by another app: it ends on its own */
          }
        }
      }
      emit(id);
    },
    dispose() {
      disposed = true;
      unsubscribe();
      clearInterval(timer);
    },
  };
}
