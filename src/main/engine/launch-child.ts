import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { appRoot, runningFromSource } from '../app-root';
import type { HostMessage, TrainerMessage } from './protocol';

/** A running trainer process, whatever launched it (child_process here, utilityProcess in Electron). */
export interface TrainerHandle {
  readonly pid: number | undefined;
  send(msg: HostMessage): void;
  onMessage(cb: (msg: TrainerMessage) => void): void;
  /** Exactly once, when the process is gone. `signal` is set when it was killed. */
  onExit(cb: (code: number | null, signal: string | null) => void): void;
  kill(): void;
}
export type LaunchTrainer = () => TrainerHandle;

/**
 * Where the trainer entry lives: beside the bundle when built (out/main/trainer.js), or the TypeScript
 * source when running from src/ under tsx (tests, dev).
 */
export function trainerEntry(): { file: string; execArgv: string[] } {
  const root = appRoot();
  if (runningFromSource()) {
    // tsx by its full path: a bare `--import tsx` is resolved from the working folder, which is not the
    // repository when the installed `layerlab` command runs elsewhere.
    const tsx = pathToFileURL(createRequire(join(root, 'package.json')).resolve('tsx')).href;
    return { file: join(root, 'src/main/engine/trainer.ts'), execArgv: ['--import', tsx] };
  }
  const built = join(root, 'out/main/trainer.js');
  if (!existsSync(built)) throw new Error(`Trainer bundle missing at ${built}; run "npm run build".`);
  return { file: built, execArgv: [] };
}

/** Launch the trainer with child_process.fork (web host, CLI, tests). */
export const launchChildTrainer: LaunchTrainer = () => {
  const { file, execArgv } = trainerEntry();
  const child = fork(file, [], {
    execArgv: [...execArgv, '--max-old-space-size=8192'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  return {
    pid: child.pid,
    send: (msg) => {
      if (child.connected) child.send(msg);
    },
    onMessage: (cb) => child.on('message', (m) => cb(m as TrainerMessage)),
    onExit: (cb) => child.once('exit', (code, signal) => cb(code, signal)),
    kill: () => child.kill('SIGKILL'),
  };
};
