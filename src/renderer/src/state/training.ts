import { create } from 'zustand';
import type { TrainingProgress } from '../../../shared/api/contract';
import type { EpochMetrics, ExperimentStatus } from '../../../shared/api/types';
import { api } from '../api';
import { useConnection } from './connection';
import { appendLive, livePoint, type LivePoint } from './live-points';
import { nextRunName } from './run-names';
import { useDraft } from './draft';
import { errorMessage, reportError } from './errors';

const CURRENT_KEY = 'layerlab.currentRun';

/** The followed run and the draft revision (which model) it trained, kept across reloads. */
function remember(id: string, modelRevision: number): void {
  localStorage.setItem(CURRENT_KEY, JSON.stringify({ id, modelRevision }));
}
function recall(): { id: string; modelRevision: number | null } | null {
  const text = localStorage.getItem(CURRENT_KEY);
  if (!text) return null;
  try {
    const v = JSON.parse(text) as { id?: unknown; modelRevision?: unknown };
    if (typeof v.id === 'string') return { id: v.id, modelRevision: typeof v.modelRevision === 'number' ? v.modelRevision : null };
  } catch {
    // Written by an older version: the bare run id.
  }
  return { id: text, modelRevision: null };
}

interface TrainingState {
  /** The run the Train page follows (the last one started here). */
  experimentId: string | null;
  experimentName: string | null;
  /** The draft revision the run was started from: the Train page shows the run only for that model. */
  modelRevision: number | null;
  status: ExperimentStatus | null;
  epochs: EpochMetrics[];
  /** Per-batch readings of the current run (throttled), drawn between the epoch points. */
  live: LivePoint[];
  progress: TrainingProgress | null;
  message: string | null;
  testAccuracy: number | null;
  backend: string | null;
  /** True while create + start are in flight, so Start cannot be pressed twice. */
  starting: boolean;
  start(): Promise<void>;
  cancel(): Promise<void>;
  /** Paused between two batches (the run stays `running`). */
  paused: boolean;
  togglePause(): Promise<void>;
  /** Show an existing run (after a reload, or a resume from the Experiments page) as the current model's. */
  follow(id: string, modelRevision?: number | null): Promise<void>;
}

const idle = { status: null, epochs: [], live: [] as LivePoint[], paused: false, progress: null, message: null, testAccuracy: null, backend: null };

/** The live state of one training run, fed by training.* events. */
export const useTraining = create<TrainingState>((set, get) => ({
  experimentId: null,
  experimentName: null,
  modelRevision: null,
  ...idle,
  starting: false,
  paused: false,
  togglePause: async () => {
    const id = get().experimentId;
    if (!id) return;
    try {
      const r = await api.call(get().paused ? 'training.continue' : 'training.pause', { id });
      set({ paused: r.paused });
    } catch (err) {
      reportError(err);
    }
  },
  start: async () => {
    const d = useDraft.getState();
    if (!d.datasetId || get().starting) return;
    set({ starting: true });
    let createdId: string | null = null;
    try {
      // Runs are named "<model> #n", so several runs of one model tell apart in lists and Compare.
      const existing = await api.call('experiments.list', {});
      const exp = await api.call('experiments.create', {
        name: nextRunName(d.name, existing.map((e) => e.name)),
        graph: d.graph,
        layout: d.layout,
        datasetId: d.datasetId,
        hyperparams: d.hyperparams,
      });
      createdId = exp.id;
      remember(exp.id, d.revision);
      set({ ...idle, experimentId: exp.id, experimentName: exp.name, modelRevision: d.revision, status: 'running' });
      const started = await api.call('training.start', { id: exp.id });
      // Events may already have moved the status on; only fill in what is still unknown.
      set((s) => ({ backend: s.backend ?? started.backend }));
    } catch (err) {
      reportError(err);
      // create succeeded but start failed: show what the server now says about that run, and why.
      if (createdId) {
        await get().follow(createdId, d.revision);
        if (get().experimentId === createdId) set({ message: errorMessage(err) });
      }
    } finally {
      set({ starting: false });
    }
  },
  cancel: async () => {
    const id = get().experimentId;
    if (!id) return;
    try {
      await api.call('training.cancel', { id });
    } catch (err) {
      reportError(err);
    }
  },
  follow: async (id, modelRevision = useDraft.getState().revision) => {
    try {
      const exp = await api.call('experiments.get', { id });
      if (modelRevision !== null) remember(id, modelRevision);
      set({
        experimentId: id,
        experimentName: exp.name,
        modelRevision,
        status: exp.status,
        epochs: exp.epochs,
        live: [],
        paused: exp.status === 'running' && exp.paused === true,
        progress: null,
        message: exp.error,
        testAccuracy: exp.testAccuracy,
        backend: exp.backend,
      });
    } catch {
      // The run was deleted or the data folder changed: start clean.
      localStorage.removeItem(CURRENT_KEY);
      set({ experimentId: null, experimentName: null, modelRevision: null, ...idle });
    }
  },
}));

let wired = false;
const LIVE_EVERY_MS = 200;

/** Subscribe once to training events and restore the run followed before a reload. */
export function initTraining(): void {
  if (wired) return;
  wired = true;
  const mine = (id: string) => id === useTraining.getState().experimentId;
  // Batches can arrive many times a second: the live curve takes at most one point per LIVE_EVERY_MS.
  let lastLiveAt = 0;
  api.on('training.progress', (p) => {
    if (!mine(p.experimentId)) return;
    const now = Date.now();
    const takePoint = now - lastLiveAt >= LIVE_EVERY_MS || p.batch === p.batches;
    if (takePoint) lastLiveAt = now;
    useTraining.setState((s) => ({ progress: p, status: 'running', live: takePoint ? appendLive(s.live, livePoint(p)) : s.live }));
  });
  api.on('training.epoch', ({ experimentId, metrics }) => {
    if (!mine(experimentId)) return;
    useTraining.setState((s) => ({
      epochs: [...s.epochs.filter((e) => e.epoch !== metrics.epoch), metrics].sort((a, b) => a.epoch - b.epoch),
    }));
  });
  api.on('training.status', (e) => {
    if (!mine(e.experimentId)) return;
    useTraining.setState((s) => ({
      status: e.status,
      paused: e.status === 'running' ? (e.paused ?? s.paused) : false,
      message: e.message ?? (e.status === 'running' ? null : s.message),
      testAccuracy: e.testAccuracy ?? s.testAccuracy,
      backend: e.backend ?? s.backend,
    }));
  });
  // Back after a drop (server restarted, network blip): re-read the followed run, which may have finished,
  // failed or been interrupted meanwhile; its events resume on the new connection.
  useConnection.subscribe((now, before) => {
    const { experimentId, modelRevision } = useTraining.getState();
    if (now.reconnects !== before.reconnects && experimentId) void useTraining.getState().follow(experimentId, modelRevision);
  });
  const saved = recall();
  if (saved) void useTraining.getState().follow(saved.id, saved.modelRevision);
}
