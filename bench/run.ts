/**
 * `npm run bench`: runs every case in bench/cases (or those named on the command line), prints the
 * figures, and writes them to bench/results/latest.json. Never asserts; an unknown case name exits 1
 * with the list of cases and writes nothing.
 *   BENCH_SAMPLES=2048 BENCH_CPU_SAMPLES=64 npm run bench [-- case-name ...]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { BenchContext, BenchFigure } from './lib/types';
import { benchCaseNames, loadBenchCase } from './lib/cases';

const here = fileURLToPath(new URL('.', import.meta.url));

async function main(): Promise<void> {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  // An unknown name runs nothing and writes nothing: it would otherwise replace latest.json with an
  // empty result and exit 0.
  const names = benchCaseNames();
  const unknown = only.filter((n) => !names.includes(n));
  if (unknown.length) {
    console.error(`No bench case named ${unknown.map((n) => `"${n}"`).join(', ')}. The cases are: ${names.join(', ')}.`);
    process.exitCode = 1;
    return;
  }
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
  for (const name of only.length ? only : names) {
    const c = await loadBenchCase(name);
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
