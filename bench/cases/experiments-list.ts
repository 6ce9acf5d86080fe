/**
 * The experiments table with 5,000 experiments (10 epochs each) must load in < 200 ms: times the
 * `experiments.list` handler over a real SQLite file. Runs alone too: `npx tsx bench/cases/experiments-list.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRepos, openDatabase } from '../../src/main/db';
import { experimentsService } from '../../src/main/services/experiments';
import { EventBus } from '../../src/main/services/event-bus';
import type { ServiceContext } from '../../src/main/services/context';
import { mnistCnn } from '../../src/shared/templates';
import type { BenchCase, BenchFigure } from '../lib/types';

const EXPERIMENTS = Number(process.env.BENCH_EXPERIMENTS ?? 5000);
const EPOCHS = 10;

async function run(log: (line: string) => void): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'layerlab-bench-exp-'));
  try {
    const db = openDatabase(join(dir, 'layerlab.db'));
    const repos = createRepos(db);
    const graph = JSON.stringify(mnistCnn.graph);
    const layout = JSON.stringify(mnistCnn.layout);
    const started = performance.now();
    db.transaction(() => {
      for (let i = 0; i < EXPERIMENTS; i++) {
        const id = `exp-${i}`;
        repos.experiments.insert({
          id,
          name: `run ${i}`,
          dataset_id: 'builtin:mnist',
          dataset_version_id: 'builtin:mnist@1',
          graph,
          layout,
          hyperparams: JSON.stringify({ learningRate: 0.001 * (1 + (i % 7)), seed: i, epochs: EPOCHS }),
          param_count: 121930,
          created_at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
        });
        for (let e = 1; e <= EPOCHS; e++)
          repos.experiments.commitEpoch(
            id,
            {
              epoch: e,
              loss: 1 / e,
              accuracy: 1 - 1 / (e + 1),
              valLoss: 1.1 / e,
              valAccuracy: 0.9 - 0.5 / e + (i % 3) * 0.001,
              seconds: 2,
            },
            'now',
          );
        repos.experiments.finish(id, 'completed', 'now', { testAccuracy: 0.95, testLoss: 0.2 });
      }
    })();
    log(
      `  inserted ${EXPERIMENTS} experiments × ${EPOCHS} epochs in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const ctx = {
      repos,
      bus: new EventBus(),
      dataDir: dir,
      host: 'cli',
      version: 'bench',
      launchTrainer: () => {
        throw new Error('no training');
      },
      now: () => new Date().toISOString(),
    } satisfies ServiceContext;
    const list = experimentsService(ctx)['experiments.list'];
    // Wall time, and this process's CPU time: on a shared, busy machine the second is the steadier figure.
    const times: number[] = [];
    const cpu: number[] = [];
    let rows = 0;
    for (let i = 0; i < 7; i++) {
      const c = process.cpuUsage();
      const t = performance.now();
      rows = list().length;
      times.push(performance.now() - t);
      const used = process.cpuUsage(c);
      cpu.push((used.user + used.system) / 1000);
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const median = med(times);
    log(
      `  experiments.list: ${rows} rows, first ${times[0].toFixed(1)} ms, median ${median.toFixed(1)} ms wall, ${med(cpu).toFixed(1)} ms CPU (budget 200 ms)`,
    );
    db.close();
    return [
      {
        engine: 'sqlite',
        task: 'experiments-list',
        samples: rows,
        seconds: median / 1000,
        samplesPerSec: rows / (median / 1000),
        extra: {
          firstMs: +times[0].toFixed(1),
          medianMs: +median.toFixed(1),
          medianCpuMs: +med(cpu).toFixed(1),
          budgetMs: 200,
          withinBudget: median < 200,
        },
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const experimentsCase: BenchCase = {
  name: 'experiments-list',
  description: `experiments.list over ${EXPERIMENTS} experiments × ${EPOCHS} epochs in SQLite (budget < 200 ms)`,
  run: (ctx) => run(ctx.log),
};
export default experimentsCase;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void run((l) => console.log(l));
