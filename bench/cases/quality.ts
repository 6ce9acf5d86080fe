/**
 * `npm run bench -- quality`: public datasets through the default path — import with the defaults, the
 * model the app gives that dataset, Start, evaluate — against the app's own logistic-regression baseline
 * and scikit-learn's LogisticRegression (TF-IDF for text) on exactly the same split.
 *   BENCH_QUALITY=penguins,spam  run only those datasets
 *   BENCH_QUALITY_IMAGES=1500 BENCH_QUALITY_SPAM_STEP=3  subset sizes
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type ApiClient } from '../../src/shared/api/client';
import { hyperparamsSchema } from '../../src/shared/api/schemas';
import type { DatasetImportResult } from '../../src/shared/api/types';
import { recommendModel } from '../../src/shared/templates/recommended';
import { datasetSummaryOf } from '../../src/main/services/dataset-facts';
import { createHost, type Host } from '../../src/main/host';
import { launchChildTrainer } from '../../src/main/engine/launch-child';
import { inProcessTransport } from '../../src/main/transport/in-process';
import { openTrainingData } from '../../src/main/engine/training-data';
import { BASELINE_MAX_TRAIN } from '../../src/main/engine/baseline';
import { QUALITY_DATASETS, type QualityDataset } from '../lib/quality-data';
import { findSklearn, formatQualityTable, runSklearn, writeSplit, type QualityRow } from '../lib/quality';
import type { BenchCase, BenchFigure } from '../lib/types';

const script = fileURLToPath(new URL('../sklearn_baseline.py', import.meta.url));

/** Import a dataset's file with every default the import offers (only the label is the user's choice). */
async function importWithDefaults(api: ApiClient, d: QualityDataset, path: string): Promise<DatasetImportResult> {
  if (d.kind === 'image') return api.call('datasets.importImages', { directory: path, name: d.name });
  return api.call('datasets.importCsv', { path, name: d.name, label: d.label! });
}

/** The model the default path trains: the one the app recommends for the imported dataset, with its settings. */
function defaultModel(host: Host, imported: DatasetImportResult) {
  const summary = datasetSummaryOf(host.repos.datasets.version(imported.versionId)!);
  const r = recommendModel(summary);
  return { name: 'recommended', graph: r.template.graph, layout: r.template.layout, hyperparams: r.hyperparams };
}

async function untilDone(api: ApiClient, id: string) {
  for (;;) {
    const e = await api.call('experiments.get', { id });
    if (e.status !== 'running' && e.status !== 'draft') return e;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function benchOne(
  api: ApiClient,
  host: Host,
  d: QualityDataset,
  dir: string,
  python: string | null,
  log: (l: string) => void,
): Promise<QualityRow> {
  const started = performance.now();
  const own = join(dir, d.name);
  mkdirSync(own, { recursive: true });
  const imported = await importWithDefaults(api, d, await d.write(own));
  const model = defaultModel(host, imported);
  const exp = await api.call('experiments.create', { name: `quality ${d.name}`, graph: model.graph, layout: model.layout, datasetId: imported.datasetId, hyperparams: model.hyperparams });
  await api.call('training.start', { id: exp.id });
  const done = await untilDone(api, exp.id);
  const row: QualityRow = {
    dataset: d.name,
    model: model.name,
    status: done.status,
    trainCount: imported.trainCount,
    testCount: imported.testCount,
    ours: null,
    baseline: null,
    majority: null,
    sklearn: null,
    seconds: 0,
    note: done.error ?? undefined,
  };
  if (done.status === 'completed') {
    const ev = await api.call('experiments.evaluation', { id: exp.id });
    row.ours = { accuracy: ev.accuracy, macroF1: ev.macro.f1 };
    if (ev.baseline) {
      row.baseline = { accuracy: ev.baseline.logistic.accuracy, macroF1: ev.baseline.logistic.macroF1 };
      row.majority = ev.baseline.majority.accuracy;
    }
  }
  if (python) {
    // The exact rows the run trained on (after its validation cut) and its test split.
    const data = await openTrainingData({
      experimentId: exp.id,
      graph: model.graph,
      hyperparams: hyperparamsSchema.parse(model.hyperparams),
      datasetId: imported.datasetId,
      datasetVersionId: imported.versionId,
      runDir: own,
      dataDir: join(dir, 'data'),
      resumeFromEpoch: 0,
      pinnedBackend: null,
    });
    const sets = data.baselineSets(BASELINE_MAX_TRAIN);
    const [test] = [...sets.test];
    data.close();
    writeSplit(own, { train: sets.train, test, per: imported.inputShape.reduce((a, b) => a * b, 1), text: imported.kind === 'text', classes: imported.classes.length });
    try {
      row.sklearn = runSklearn(python, script, own);
    } catch (err) {
      row.note = (err as Error).message;
    }
  }
  row.seconds = (performance.now() - started) / 1000;
  log(`  ${d.name}: ${row.status}, ours ${row.ours ? (row.ours.accuracy * 100).toFixed(1) : '—'} %, our LR ${row.baseline ? (row.baseline.accuracy * 100).toFixed(1) : '—'} %, sklearn LR ${row.sklearn ? (row.sklearn.accuracy * 100).toFixed(1) : '—'} % (${row.seconds.toFixed(0)} s)${row.note ? ` — ${row.note}` : ''}`);
  return row;
}

const quality: BenchCase = {
  name: 'quality',
  description: 'Default path (import defaults → model → Start) on public datasets vs logistic-regression baselines',
  async run(ctx) {
    const only = (process.env.BENCH_QUALITY ?? '').split(',').filter(Boolean);
    const chosen = QUALITY_DATASETS.filter((d) => only.length === 0 || only.includes(d.name));
    const sklearn = findSklearn();
    if (sklearn) ctx.log(`  scikit-learn ${sklearn.version} via ${sklearn.python}`);
    else ctx.log('  scikit-learn is not importable (Debian: apt-get install -y python3-sklearn; or set BENCH_PYTHON): its column stays empty');
    ctx.log('  model: the recommended model for each dataset, with its own settings');
    const dir = mkdtempSync(join(tmpdir(), 'layerlab-bench-quality-'));
    const host = createHost({ dataDir: join(dir, 'data'), host: 'cli', launchTrainer: launchChildTrainer });
    const api = createClient(inProcessTransport(host.handlers, host.bus));
    const rows: QualityRow[] = [];
    try {
      for (const d of chosen) {
        try {
          rows.push(await benchOne(api, host, d, dir, sklearn?.python ?? null, ctx.log));
        } catch (err) {
          ctx.log(`  ${d.name}: failed — ${(err as Error).message}`);
          rows.push({ dataset: d.name, model: '—', status: 'failed', trainCount: 0, testCount: 0, ours: null, baseline: null, majority: null, sklearn: null, seconds: 0, note: (err as Error).message });
        }
      }
    } finally {
      host.close();
      rmSync(dir, { recursive: true, force: true });
    }
    ctx.log('\n' + formatQualityTable(rows));
    return rows.map(
      (r): BenchFigure => ({
        engine: 'layerlab-default',
        task: `quality-${r.dataset}`,
        samples: r.trainCount,
        seconds: r.seconds,
        samplesPerSec: r.seconds ? r.trainCount / r.seconds : 0,
        extra: { ...r },
      }),
    );
  },
};
export default quality;
