/**
 * `npm run bench`: runs every case in bench/cases (or those named on the command line), prints the
 * figures, and writes them to bench/results/latest.json. Never asserts; an unknown case name exits 1
 * with the list of cases and writes nothing.
 *   BENCH_SAMPLES=2048 BENCH_CPU_SAMPLES=64 npm run bench [-- case-name ...] [--rounds N]
 * Speed cases with a PyTorch anchor run in N alternating rounds (default 5, or fewer for a slow case
 * run alone, e.g. webgpu: 3): medians and ranges.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { BenchContext, BenchFigure } from './lib/types';
import { benchCaseNames, loadBenchCase } from './lib/cases';
import { parseArgs } from './lib/args';
import { compareWithAnchor, formatSpread, roundsToRun, schedule, summarize, type RoundFigure } from './lib/rounds';

const here = fileURLToPath(new URL('.', import.meta.url));

async function main(): Promise<void> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
    return;
  }
  const { only } = args;
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
  console.log(`load average at start: ${loadavg()} (${os.cpus().length} CPUs)`);
  const cases = await Promise.all((only.length ? only : names).map(loadBenchCase));
  const rounds = roundsToRun(cases, args.rounds, args.roundsGiven);
  const results: { case: string; round: number; description: string; figures: BenchFigure[]; error?: string }[] = [];
  for (const { case: c, round } of schedule(cases, rounds)) {
    console.log(`\n== ${c.name}${c.rounds ? ` (round ${round + 1} of ${rounds})` : ''}: ${c.description}`);
    try {
      results.push({ case: c.name, round, description: c.description, figures: await c.run(ctx) });
    } catch (err) {
      const error = String((err as Error)?.stack ?? err);
      console.log(`  failed: ${error.split('\n')[0]}`);
      results.push({ case: c.name, round, description: c.description, figures: [], error });
    }
  }

  // The speed cases over their rounds: median and range per configuration, then ours against the
  // anchor's best configuration, paired by round.
  const roundFigures: RoundFigure[] = results
    .filter((r) => cases.find((c) => c.name === r.case)?.rounds)
    .flatMap((r) => r.figures.map((f) => ({ ...f, round: r.round })));
  const summaries = summarize(roundFigures);
  if (summaries.length) {
    console.log(`\n== samples/s over ${rounds} alternating round${rounds === 1 ? '' : 's'}: median (range)`);
    for (const s of summaries) console.log(`  ${s.task.padEnd(22)} ${s.config.padEnd(17)} ${formatSpread(s.samplesPerSec)}`);
  }
  const comparisons = compareWithAnchor(roundFigures);
  if (comparisons.length) {
    console.log("\n== ours (best configuration) / PyTorch (best thread count), per round: median (range)");
    for (const c of comparisons)
      console.log(`  ${c.task.padEnd(22)} ${c.ours.padEnd(17)} / ${c.anchor.padEnd(16)} = ${formatSpread(c.ratio, 2)}`);
  }
  for (const c of cases) {
    if (!c.report) continue;
    const own = results.filter((r) => r.case === c.name).flatMap((r) => r.figures.map((f) => ({ ...f, round: r.round })));
    c.report(own, (line) => console.log(line));
  }
  const out = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      node: process.version,
      loadavg: os.loadavg(),
    },
    settings: { samples: ctx.samples, cpuSamples: ctx.cpuSamples, batch: 64, optimizer: 'adam 1e-3', rounds },
    results,
    summaries,
    comparisons,
  };
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'latest.json'), JSON.stringify(out, null, 2) + '\n');
  console.log(`load average at end: ${loadavg()}`);
  console.log(`\nwrote bench/results/latest.json`);
}

const loadavg = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

void main();
