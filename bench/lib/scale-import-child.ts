/**
 * One CSV import in a process of its own, so its peak resident memory (maxRSS) is the import's alone:
 *   node --import tsx bench/lib/scale-import-child.ts <file.csv> <dataDir>
 * Prints one JSON line: seconds, rows, maxRssMb and whether the streaming path ran. The threshold is
 * the app's (LAYERLAB_STREAM_IMPORT_ABOVE_MB), so setting it high measures the in-memory path instead.
 */
import { createClient } from '../../src/shared/api/client';
import { createHost } from '../../src/main/host';
import { launchChildTrainer } from '../../src/main/engine/launch-child';
import { inProcessTransport } from '../../src/main/transport/in-process';

const [file, dataDir] = process.argv.slice(2);
const host = createHost({ dataDir, host: 'cli', launchTrainer: launchChildTrainer });
const api = createClient(inProcessTransport(host.handlers, host.bus));
const started = performance.now();
const cpuBefore = process.cpuUsage();
try {
  const r = await api.call('datasets.importCsv', { path: file, name: 'scale', label: 'label', split: { train: 0.8, val: 0.1, test: 0.1 } });
  const recipe = JSON.parse(host.repos.datasetData.meta(r.versionId)!.recipe) as { splitBy?: string };
  console.log(
    JSON.stringify({
      seconds: (performance.now() - started) / 1000,
      // CPU seconds of this process (all threads): on a shared machine, the figure load does not inflate.
      cpuSeconds: ((c) => (c.user + c.system) / 1e6)(process.cpuUsage(cpuBefore)),
      rows: r.trainCount + r.valCount + r.testCount,
      features: r.inputShape[0],
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      streamed: recipe.splitBy === 'hash',
    }),
  );
} finally {
  host.close();
}
