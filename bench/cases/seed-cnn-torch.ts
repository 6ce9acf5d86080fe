/** The PyTorch CPU anchor (bench/torch_seed_cnn.py) on the same MNIST samples, where torch imports. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mnistDir } from '../lib/mnist';
import type { BenchCase, BenchFigure } from '../lib/types';

const script = fileURLToPath(new URL('../torch_seed_cnn.py', import.meta.url));

/**
 * The first interpreter that imports torch: $BENCH_PYTHON, python3 on PATH, then Debian's own
 * /usr/bin/python3 (where apt's python3-torch lands even when PATH has a pyenv python first).
 */
export function findTorch(): { python: string; version: string } | null {
  const tries = [process.env.BENCH_PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => !!p);
  for (const python of tries) {
    const r = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
    if (r.status === 0) return { python, version: r.stdout.trim() };
  }
  return null;
}

const seedCnnTorch: BenchCase = {
  name: 'seed-cnn-torch',
  description: 'PyTorch CPU anchor: same model, batch, optimizer, samples (second epoch reported)',
  async run(ctx) {
    const found = findTorch();
    if (!found) {
      ctx.log('  PyTorch is not importable here (Debian: apt-get install python3-torch); anchor skipped');
      return [];
    }
    ctx.log(`  torch ${found.version} via ${found.python}`);
    const figures: BenchFigure[] = [];
    for (const threads of [1, 2]) {
      const r = spawnSync(found.python, [script, mnistDir(), String(ctx.samples), String(threads), '2'], {
        encoding: 'utf8',
        timeout: 600_000,
      });
      if (r.status !== 0) {
        ctx.log(
          `  torch (${threads} threads) failed: ${(r.stderr || r.error?.message || '').split('\n').slice(-3).join(' ')}`,
        );
        continue;
      }
      const lines = r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, number>);
      const last = lines[lines.length - 1]!;
      const fig: BenchFigure = {
        engine: 'pytorch-cpu',
        task: 'seed-cnn-train',
        samples: last.samples!,
        seconds: last.seconds!,
        samplesPerSec: last.samples_per_s!,
        msPerBatch: +((last.seconds! * 1000) / Math.ceil(last.samples! / 64)).toFixed(1),
        threads,
        extra: { torch: found.version, python: found.python, acc: last.acc, epochs: lines.length },
      };
      ctx.log(
        `${`pytorch-cpu x${threads}`.padEnd(16)} ${String(fig.samples).padStart(6)} samples  ${fig.samplesPerSec.toFixed(1).padStart(8)} samples/s  ${fig.msPerBatch!.toFixed(1).padStart(8)} ms/batch`,
      );
      figures.push(fig);
    }
    return figures;
  },
};
export default seedCnnTorch;
