/**
 * `npm run bench`: runs every case in bench/cases (or those named on the command line), prints the
 * figures, and writes them to bench/results/latest.json. Never asserts.
 *   BENCH_SAMPLES=2048 BENCH_CPU_SAMPLES=64 npm run bench [-- case-name ...]
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { BenchCase, BenchContext, BenchFigure } from './lib/types';

const here = fileURLToPath(new URL('.', import.meta.url));

async function loadCases(only: string[]): Promise<BenchCase[]> {
  const dir = join(here, 'cases');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort();
  const cases: BenchCase[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as { default?: BenchCase };
    if (mod.default && (only.length === 0 || only.includes(mod.default.name))) cases.push(mod.default);
  }
  return cases;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const ctx: BenchContext = {
    samples: Number(process.env.BENCH_SAMPLES ?? 2048),
    cpuSamples: Number(process.env.BENCH_CPU_SAMPLES ?? 64),
    log: (line) => console.log(line),
  };
  console.log(
    `load average at start: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (${os.cpus().length} CPUs)`,
  );
  const results: { case: string; description: string; figures: BenchFigure[]; error?: string }[] = [];
  for (const c of await loadCases(only)) {
    console.log(`\n== ${c.name}: ${c.description}`);
    try {
      results.push({ case: c.name, description: c.description, figures: await c.run(ctx) });
    } catch (err) {
      const error = String((err as Error)?.stack ?? err);
      console.log(`  failed: ${error.split('\n')[0]}`);
      results.push({ case: c.name, description: c.description, figures: [], error });
    }
  }

  // Ours vs the PyTorch anchor, same task.
  const all = results.flatMap((r) => r.figures);
  const comparisons: { task: string; ours: string; anchor: string; ratio: number }[] = [];
  for (const anchor of all.filter((f) => f.engine === 'pytorch-cpu')) {
    for (const ours of all.filter((f) => f.engine.startsWith('tfjs-') && f.task === anchor.task)) {
      const ratio = +(ours.samplesPerSec / anchor.samplesPerSec).toFixed(3);
      comparisons.push({
        task: anchor.task,
        ours: `${ours.engine} x${ours.threads ?? 1}`,
        anchor: `pytorch-cpu x${anchor.threads}`,
        ratio,
      });
    }
  }
  if (comparisons.length) {
    console.log('\n== ours / PyTorch (samples/s)');
    for (const c of comparisons)
      console.log(`  ${c.task.padEnd(18)} ${c.ours.padEnd(17)} / ${c.anchor.padEnd(16)} = ${c.ratio}`);
  }
  const out = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      node: process.version,
      loadavg: os.loadavg(),
    },
    settings: { samples: ctx.samples, cpuSamples: ctx.cpuSamples, batch: 64, optimizer: 'adam 1e-3' },
    results,
    comparisons,
  };
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'latest.json'), JSON.stringify(out, null, 2) + '\n');
  console.log(
    `load average at end: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(`\nwrote bench/results/latest.json`);
}

void main();
