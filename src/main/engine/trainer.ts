/**
 * Entry of the separate training process. Launched with child_process.fork (web host, CLI) or
 * Electron's utilityProcess.fork (desktop); speaks the messages in protocol.ts over whichever channel
 * exists. A crash or out-of-memory here never takes the window or the database down.
 */
import { detectBackends, activateBackend } from './backend';
import { runTraining, TrainingCancelled } from './train';
import type { HostMessage, TrainerMessage } from './protocol';
import { DISK_FULL_MESSAGE, isDiskFull } from '../db/errors';

interface ParentPort {
  on(event: 'message', cb: (e: { data: unknown }) => void): void;
  postMessage(msg: unknown): void;
}
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function send(msg: TrainerMessage): void {
  if (parentPort) parentPort.postMessage(msg);
  else process.send?.(msg);
}

function onMessage(cb: (msg: HostMessage) => void): void {
  if (parentPort) parentPort.on('message', (e) => cb(e.data as HostMessage));
  else process.on('message', (m) => cb(m as HostMessage));
}

let state: 'run' | 'stop' | 'paused' = 'run';

// If the host dies (even by SIGKILL) the IPC channel closes: stop at once rather than train for nobody.
process.on('disconnect', () => process.exit(3));

onMessage(async (msg) => {
  if (msg.type === 'cancel') state = 'stop';
  else if (msg.type === 'pause' && state === 'run') state = 'paused';
  else if (msg.type === 'resume' && state === 'paused') state = 'run';
  else if (msg.type === 'start') {
    try {
      const report = await detectBackends({ pinned: msg.job.pinnedBackend });
      await activateBackend(report);
      send({ type: 'backend', report });
      const result = await runTraining(msg.job, {
        onProgress: (progress) => send({ type: 'progress', progress }),
        onEpoch: (metrics) => send({ type: 'epoch', metrics }),
        onResumed: (epoch, message) => send({ type: 'resumed', epoch, message }),
        control: () => (state === 'paused' ? 'pause' : state),
      });
      send({ type: 'done', result });
    } catch (err) {
      if (err instanceof TrainingCancelled) send({ type: 'cancelled' });
      // A checkpoint or model file that found no space: the run is resumable once space is freed.
      else if (isDiskFull(err)) send({ type: 'error', message: DISK_FULL_MESSAGE, reason: 'disk-full' });
      else send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    } finally {
      // Let the last message flush, then leave: one process per run keeps memory from piling up.
      setTimeout(() => process.exit(0), 100);
    }
  }
});
