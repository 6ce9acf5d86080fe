/**
 * Dataset import figures: a 100k-row CSV (time + peak memory), an image-folder import of MNIST digits
 * written as PNG files (BENCH_IMAGES, default 2000; images/s extrapolated to 70k), and storing plus
 * reading back a full MNIST-sized version (70,000 × 784 float32) through the database.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createClient } from '../../src/shared/api/client';
import { createHost } from '../../src/main/host';
import { launchChildTrainer } from '../../src/main/engine/launch-child';
import { inProcessTransport } from '../../src/main/transport/in-process';
import { loadIdxSplit, mnistDir } from '../../src/main/engine/data/mnist';
import { loadStoredVersion } from '../../src/main/engine/data/stored';
import { chunksOf, type PreparedVersion } from '../../src/main/engine/data/prepared';
import { databaseFile } from '../../src/main/paths';
import type { BenchCase, BenchFigure } from '../lib/types';
import { writeScaleCsv } from '../lib/scale-table';

/** Run `fn` while sampling RSS every 20 ms; report the peak above the starting RSS. */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number; peakMb: number }> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t = performance.now();
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, seconds: (performance.now() - t) / 1000, peakMb: (peak - base) / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

function writeCsv(file: string, rows: number): void {
  const lines = ['id,a,b,c,d,e,f,g,h,i,j,colour,shape,label'];
  for (let r = 0; r < rows; r++) {
    const k = r % 4;
    const nums = Array.from({ length: 10 }, (_, i) => ((r * 7919 + i * 104729) % 1000) / 10 + k);
    lines.push([r, ...nums.map((n) => n.toFixed(2)), ['red', 'green', 'blue'][r % 3], ['square', 'circle'][r % 2], `class${k}`].join(','));
  }
  writeFileSync(file, lines.join('\n'));
}

/** Import `file` in a child process (its own maxRSS); `env` may lift the streaming threshold. */
interface ChildTrain {
  status: string;
  model: string;
  trainSeconds: number | null;
  trainRowsPerSecond: number | null;
  runSeconds: number;
  testAccuracy: number | null;
  trainerPeakRssMb: number;
}
/** Scoring the imported file with the trained model, in the importing process. */
interface ChildScore {
  scored: number;
  seconds: number;
  rowsPerSecond: number;
  accuracy: number | null;
  rssBeforeMb: number;
  peakRssMb: number;
}

function importInChild(
  file: string,
  dataDir: string,
  env: Record<string, string> = {},
  train = false,
): { seconds: number; cpuSeconds: number; rows: number; features: number; maxRssMb: number; streamed: boolean; train: ChildTrain | null; score: ChildScore | null } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(here, '../lib/scale-import-child.ts'), file, dataDir, ...(train ? ['--train'] : [])], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 16 * 2 ** 20,
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}
const here = fileURLToPath(new URL('.', import.meta.url));

/** The scale case: a generated table imported through the streaming path (and, when asked, in memory). */
async function scaleCase(ctx: { log: (l: string) => void }, dir: string): Promise<BenchFigure[]> {
  const rows = Number(process.env.BENCH_SCALE_ROWS ?? 1_000_000);
  const file = join(dir, 'scale.csv');
  await writeScaleCsv(file, rows);
  const mb = statSync(file).size / 2 ** 20;
  const figures: BenchFigure[] = [];
  const runs: [string, Record<string, string>][] = [['streaming', {}]];
  if (process.env.BENCH_SCALE_IN_MEMORY === '1') runs.push(['in-memory', { LAYERLAB_STREAM_IMPORT_ABOVE_MB: '1000000' }]);
  for (const [how, env] of runs) {
    // The streamed version also trains one epoch of its recommended model and is evaluated (BENCH_SCALE_TRAIN=0: import only).
    const r = importInChild(file, join(dir, `scale-${how}`), env, how === 'streaming' && process.env.BENCH_SCALE_TRAIN !== '0');
    ctx.log(`  CSV ${rows.toLocaleString('en')} rows × 10 columns (${mb.toFixed(0)} MB), ${how}${r.streamed ? ' (two passes)' : ''}: ${r.seconds.toFixed(1)} s, ${Math.round(rows / r.seconds).toLocaleString('en')} rows/s (${Math.round(rows / r.cpuSeconds).toLocaleString('en')} rows per CPU second: ${r.cpuSeconds.toFixed(1)} s of CPU), peak RSS ${r.maxRssMb.toFixed(0)} MB (the importing process)`);
    const t = r.train;
    if (t) {
      ctx.log(`    then one epoch of the recommended model (${t.model}): ${t.status}, ${t.trainSeconds?.toFixed(1) ?? '—'} s, ${t.trainRowsPerSecond ? Math.round(t.trainRowsPerSecond).toLocaleString('en') : '—'} rows/s; epoch + test evaluation + baseline ${t.runSeconds.toFixed(1)} s; test accuracy ${t.testAccuracy === null ? '—' : (t.testAccuracy * 100).toFixed(1) + ' %'}; trainer peak RSS ${t.trainerPeakRssMb.toFixed(0)} MB`);
      figures.push({ engine: 'node', task: 'train-epoch-scale-streamed', samples: rows, seconds: t.runSeconds, samplesPerSec: t.trainRowsPerSecond ?? 0, extra: { ...t } });
    }
    const s = r.score;
    if (s) {
      ctx.log(`    then Score a file on the same CSV: ${s.scored.toLocaleString('en')} rows in ${s.seconds.toFixed(1)} s (${Math.round(s.rowsPerSecond).toLocaleString('en')} rows/s), accuracy ${s.accuracy === null ? '—' : (s.accuracy * 100).toFixed(1) + ' %'}; resident memory ${s.rssBeforeMb.toFixed(0)} MB before, ${s.peakRssMb.toFixed(0)} MB at most while scoring`);
      figures.push({ engine: 'node', task: 'score-file-scale', samples: s.scored, seconds: s.seconds, samplesPerSec: s.rowsPerSecond, extra: { ...s } });
    }
    figures.push({ engine: 'node', task: `import-csv-scale-${how}`, samples: rows, seconds: r.seconds, samplesPerSec: rows / r.seconds, extra: { fileMb: mb, peakRssMb: r.maxRssMb, streamed: r.streamed, cpuSeconds: r.cpuSeconds } });
  }
  return figures;
}

const datasets: BenchCase = {
  name: 'datasets',
  description: 'Dataset imports: 100k-row CSV, image folder (PNG), MNIST-sized store + load, streaming import of a generated 1M-row table',
  async run(ctx) {
    const dir = mkdtempSync(join(tmpdir(), 'layerlab-bench-data-'));
    const host = createHost({ dataDir: join(dir, 'data'), host: 'cli', launchTrainer: launchChildTrainer });
    const api = createClient(inProcessTransport(host.handlers, host.bus));
    const figures: BenchFigure[] = [];
    try {
      // 1. 100k-row CSV.
      const csv = join(dir, 'rows.csv');
      writeCsv(csv, 100_000);
      const mb = statSync(csv).size / 2 ** 20;
      const r = await withPeakRss(() =>
        api.call('datasets.importCsv', { path: csv, name: 'rows', label: 'label', columns: { id: { role: 'ignore' } }, split: { train: 0.8, val: 0.1, test: 0.1 } }),
      );
      ctx.log(`  CSV 100,000 rows (${mb.toFixed(1)} MB, 13 columns → ${r.value.inputShape[0]} features): ${r.seconds.toFixed(2)} s, peak +${r.peakMb.toFixed(0)} MB RSS`);
      figures.push({ engine: 'node', task: 'import-csv-100k', samples: 100_000, seconds: r.seconds, samplesPerSec: 100_000 / r.seconds, extra: { fileMb: mb, peakRssMb: r.peakMb } });

      // 2. Image folder of MNIST digits as PNG files.
      const n = Number(process.env.BENCH_IMAGES ?? 2000);
      const digits = loadIdxSplit(mnistDir(), 'train', n);
      const imgDir = join(dir, 'digits');
      for (let c = 0; c < 10; c++) mkdirSync(join(imgDir, String(c)), { recursive: true });
      await Promise.all(
        Array.from({ length: n }, (_, i) =>
          sharp(Buffer.from(digits.x.subarray(i * 784, (i + 1) * 784).map((v) => v * 255)), { raw: { width: 28, height: 28, channels: 1 } })
            .png()
            .toFile(join(imgDir, String(digits.y[i]), `${i}.png`)),
        ),
      );
      const im = await withPeakRss(() => api.call('datasets.importImages', { directory: imgDir, name: 'digits', width: 28, height: 28, color: 'grayscale' }));
      const rate = n / im.seconds;
      ctx.log(`  image folder, ${n} PNG digits: ${im.seconds.toFixed(2)} s (${rate.toFixed(0)} images/s → ~${(70_000 / rate).toFixed(0)} s for 70k), peak +${im.peakMb.toFixed(0)} MB`);
      figures.push({ engine: 'sharp', task: 'import-images', samples: n, seconds: im.seconds, samplesPerSec: rate, extra: { peakRssMb: im.peakMb, extrapolated70kSeconds: 70_000 / rate } });

      // 3. Store and load back a full MNIST-sized version (the database part of a 70k-image import).
      const train = loadIdxSplit(mnistDir(), 'train', 60_000);
      const test = loadIdxSplit(mnistDir(), 't10k', 10_000);
      const p: PreparedVersion = {
        kind: 'image',
        inputShape: [28, 28, 1],
        classes: Array.from({ length: 10 }, (_, i) => String(i)),
        splits: { train, val: { x: new Float32Array(0), y: new Int32Array(0), count: 0 }, test },
        recipe: {},
        stats: { previewColumns: [], columns: [], classBalance: [] },
        rows: () => [],
        warnings: [],
        skipped: [],
      };
      const store = await withPeakRss(async () =>
        host.repos.datasetData.insertVersion({
          dataset: { id: 'ds-mnist-bench', name: 'mnist copy', description: '', kind: 'image', source: 'bench' },
          version: { id: 'ds-mnist-bench@1', version: 1, inputShape: p.inputShape, classes: p.classes, trainCount: 60_000, valCount: 0, testCount: 10_000, recipe: {}, stats: p.stats },
          chunks: chunksOf(p),
          rows: [],
          now: new Date().toISOString(),
        }),
      );
      const dbMb = statSync(databaseFile(join(dir, 'data'))).size / 2 ** 20;
      const t = performance.now();
      const back = loadStoredVersion(host.repos.db, 'ds-mnist-bench', { train: 0, test: 0 });
      const loadS = (performance.now() - t) / 1000;
      ctx.log(`  MNIST-sized version (70,000 × 784 float32): stored in ${store.seconds.toFixed(2)} s, read back in ${loadS.toFixed(2)} s (${back.train.count} + ${back.test.count}); database ${dbMb.toFixed(0)} MB`);
      figures.push({ engine: 'sqlite', task: 'store-mnist-70k', samples: 70_000, seconds: store.seconds, samplesPerSec: 70_000 / store.seconds, extra: { loadSeconds: loadS, dbMb } });

      // 4. The scale case.
      figures.push(...(await scaleCase(ctx, dir)));
    } finally {
      host.close();
      rmSync(dir, { recursive: true, force: true });
    }
    return figures;
  },
};
export default datasets;
