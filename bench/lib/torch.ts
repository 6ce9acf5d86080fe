/** Running the PyTorch anchors (bench/torch_*.py; CPU, or CUDA where a script is asked for it and torch has it) and turning their JSON lines into figures. */
import { spawnSync } from 'node:child_process';
import type { BenchFigure } from './types';

let found: { python: string; version: string } | null | undefined;

/**
 * The first interpreter that imports torch: $BENCH_PYTHON, python3 on PATH, then Debian's own
 * /usr/bin/python3 (where apt's python3-torch lands even when PATH has a pyenv python first).
 */
export function findTorch(): { python: string; version: string } | null {
  if (found !== undefined) return found;
  const tries = [process.env.BENCH_PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => !!p);
  for (const python of tries) {
    const r = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
    if (r.status === 0) return (found = { python, version: r.stdout.trim() });
  }
  return (found = null);
}

/**
 * Runs `script args(threads)` with 1 and 2 torch threads. The script prints one JSON line per epoch
 * ({samples, seconds, samples_per_s, acc, ...}); the last epoch is reported (the first warms up), its
 * other keys go into the figure's `extra`. Logs and skips a thread count whose run fails.
 */
export function torchFigures(opts: {
  script: string;
  args: (threads: number) => string[];
  task: string;
  log: (line: string) => void;
  batch?: number;
}): BenchFigure[] {
  const torch = findTorch();
  if (!torch) {
    opts.log('  PyTorch is not importable here (Debian: apt-get install python3-torch); anchor skipped');
    return [];
  }
  opts.log(`  torch ${torch.version} via ${torch.python}`);
  const batch = opts.batch ?? 64;
  const figures: BenchFigure[] = [];
  for (const threads of [1, 2]) {
    const r = spawnSync(torch.python, [opts.script, ...opts.args(threads)], {
      encoding: 'utf8',
      timeout: 600_000,
    });
    if (r.status !== 0) {
      opts.log(
        `  torch (${threads} threads) failed: ${(r.stderr || r.error?.message || '').split('\n').slice(-3).join(' ')}`,
      );
      continue;
    }
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const last = lines[lines.length - 1]!;
    const { samples, seconds, samples_per_s, engine, threads: _t, epoch: _ep, ...rest } = last;
    const fig: BenchFigure = {
      // pytorch-cpu, or pytorch-cuda from a script asked to use CUDA where torch has it.
      engine: typeof engine === 'string' ? engine : 'pytorch-cpu',
      task: opts.task,
      samples: samples as number,
      seconds: seconds as number,
      samplesPerSec: samples_per_s as number,
      msPerBatch: +(((seconds as number) * 1000) / Math.ceil((samples as number) / batch)).toFixed(1),
      threads,
      extra: { torch: torch.version, python: torch.python, ...rest, epochs: lines.length },
    };
    opts.log(
      `${`${fig.engine} x${threads}`.padEnd(16)} ${String(fig.samples).padStart(6)} samples  ${fig.samplesPerSec.toFixed(1).padStart(8)} samples/s  ${fig.msPerBatch!.toFixed(1).padStart(8)} ms/batch`,
    );
    figures.push(fig);
  }
  return figures;
}
