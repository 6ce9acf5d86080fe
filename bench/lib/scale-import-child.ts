/**
 * One CSV import in a process of its own, so its peak resident memory (maxRSS) is the import's alone:
 *   node --import tsx bench/lib/scale-import-child.ts <file.csv> <dataDir> [--train]
 * Prints one JSON line: seconds, CPU seconds, rows, maxRssMb and whether the streaming path ran. The
 * threshold is the app's (LAYERLAB_STREAM_IMPORT_ABOVE_MB), so setting it high measures the in-memory path
 * instead. With --train it then trains one epoch of the dataset's recommended model and evaluates it on
 * the test split, adding the trainer process's time and peak memory (read from /proc while it runs), then
 * scores the file itself with that model (Score a file), adding its time and this process's memory.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '../../src/shared/api/client';
import { createHost } from '../../src/main/host';
import { launchChildTrainer, type TrainerHandle } from '../../src/main/engine/launch-child';
import { inProcessTransport } from '../../src/main/transport/in-process';
import { recommendModel } from '../../src/shared/templates/recommended';

const [file, dataDir, flag] = process.argv.slice(2);
const trainers: TrainerHandle[] = [];
const host = createHost({ dataDir, host: 'cli', launchTrainer: () => (trainers.push(launchChildTrainer()), trainers[trainers.length - 1]!) });
const api = createClient(inProcessTransport(host.handlers, host.bus));
const started = performance.now();
const cpuBefore = process.cpuUsage();

/** A live process's peak resident set (VmHWM) in MB, or 0 once it is gone. */
function peakRssMb(pid: number | undefined): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Score the imported file itself with the trained model (Score a file: predictions written, the label
 * column evaluated), sampling this process's resident memory while it runs: its peak, and how much that
 * is above the resident memory before scoring (the import's garbage collected first).
 */
async function scoreFile(experimentId: string) {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss / 2 ** 20;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20)), 50);
  const t0 = performance.now();
  try {
    const r = await api.call('experiments.scoreFile', { id: experimentId, path: file, out: join(dataDir, '..', 'scale-predictions.csv') });
    const seconds = (performance.now() - t0) / 1000;
    return { scored: r.scored, seconds, rowsPerSecond: r.scored / seconds, accuracy: r.evaluation?.metrics.accuracy ?? null, rssBeforeMb: before, peakRssMb: peak };
  } finally {
    clearInterval(sampler);
    rmSync(join(dataDir, '..', 'scale-predictions.csv'), { force: true });
  }
}

/** Train one epoch of the recommended model on the imported dataset; evaluation runs at its end. */
async function trainOneEpoch(datasetId: string) {
  const d = (await api.call('datasets.list', {})).find((x) => x.id === datasetId)!;
  const r = recommendModel({ ...d, classes: d.classes.length });
  const exp = await api.call('experiments.create', { name: 'scale', graph: r.template.graph, layout: r.template.layout, datasetId, hyperparams: { ...r.hyperparams, epochs: 1 } });
  const t0 = performance.now();
  await api.call('training.start', { id: exp.id });
  let trainerPeakRssMb = 0;
  for (;;) {
    for (const t of trainers) trainerPeakRssMb = Math.max(trainerPeakRssMb, peakRssMb(t.pid));
    const e = await api.call('experiments.get', { id: exp.id });
    if (e.status !== 'running' && e.status !== 'draft') {
      const epoch = e.epochs[0];
      return {
        experimentId: exp.id,
        status: e.status,
        model: r.template.description,
        trainSeconds: epoch?.seconds ?? null,
        trainRowsPerSecond: epoch ? d.trainCount / epoch.seconds : null,
        // Start to stored evaluation: the epoch, the test-split evaluation and the baseline.
        runSeconds: (performance.now() - t0) / 1000,
        testAccuracy: e.testAccuracy,
        trainerPeakRssMb,
      };
    }
    await new Promise((res) => setTimeout(res, 100));
  }
}

try {
  const r = await api.call('datasets.importCsv', { path: file, name: 'scale', label: 'label', split: { train: 0.8, val: 0.1, test: 0.1 } });
  const seconds = (performance.now() - started) / 1000;
  // CPU seconds of this process (all threads): on a shared machine, the figure load does not inflate.
  const cpuSeconds = ((c) => (c.user + c.system) / 1e6)(process.cpuUsage(cpuBefore));
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  const recipe = JSON.parse(host.repos.datasetData.meta(r.versionId)!.recipe) as { splitBy?: string };
  const train = flag === '--train' ? await trainOneEpoch(r.datasetId) : null;
  const score = train?.status === 'completed' ? await scoreFile(train.experimentId) : null;
  console.log(
    JSON.stringify({
      seconds,
      cpuSeconds,
      rows: r.trainCount + r.valCount + r.testCount,
      features: r.inputShape[0],
      maxRssMb,
      streamed: recipe.splitBy === 'hash',
      train,
      score,
    }),
  );
} finally {
  host.close();
}
