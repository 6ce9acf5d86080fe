/** CLI entry (`layerlab …`): the same services in-process, human output or --json lines. */
import { Command, CommanderError, Option } from 'commander';
import { resolve } from 'node:path';
import { createClient } from '../shared/api/client';
import { ApiError } from '../shared/api/errors';
import type { ExportFormat } from '../shared/api/types';
import { OPTIMIZERS } from '../shared/api/schemas';
import { TEMPLATES } from '../shared/templates';
import { createHost, appVersion } from './host';
import { launchChildTrainer } from './engine/launch-child';
import { inProcessTransport } from './transport/in-process';
import { defaultDataDir } from './paths';
import { createOutput, pct } from './cli/output';
import { followRun, trainCommand } from './cli/commands';
import { evaluateCommand } from './cli/evaluate';
import { sweepCommand } from './cli/sweep';
import { registerImportCommands } from './cli/import';
import { registerRestoreBackup } from './cli/restore-backup';
import { runWebHost } from './web-host';
import { exportCommand, serveCommand } from './cli/serve';
import { predictCommand, scoreCommand } from './cli/predict';
import { printFailure } from './cli/errors';
import { decimal, port, wholeNumber } from './cli/options';
import { resolveExperiment } from './cli/resolve';
import { quietTfjs } from './engine/quiet-tfjs';

// Export, evaluation and serving run tfjs in this process on a backend we chose (doctor says which):
// tfjs's "install our node backend" banner would only interrupt the output.
quietTfjs();

const EXPORT_FORMATS: readonly ExportFormat[] = ['tfjs', 'onnx', 'keras'];

const program = new Command('layerlab')
  .description('Build, train, compare and export neural-network classifiers.')
  .version(appVersion())
  .option('--data-dir <dir>', 'data folder (database, runs)', defaultDataDir())
  .option('--json', 'print JSON lines instead of human output (the last line is the answer, errors included)', false)
  // Sets LAYERLAB_BACKEND for this command and the trainer it starts (over the settings' pin); doctor
  // and train say when the pinned backend is unavailable.
  .addOption(
    new Option('--backend <name>', 'pin the training backend for this command').choices([
      'tensorflow-gpu',
      'tensorflow',
      'webgpu',
      'wasm',
      'cpu',
    ]),
  )
  .hook('preAction', () => {
    const { backend } = program.opts<{ backend?: string }>();
    if (backend) process.env.LAYERLAB_BACKEND = backend;
  })
  // Commander's own errors (unknown option, bad choice) are thrown to the one handler at the bottom, so
  // --json gets them as a JSON line too.
  .exitOverride()
  .configureOutput({ outputError: () => undefined });

/** --json, also when commander failed before it could record the option. */
function jsonWanted(): boolean {
  return Boolean(program.opts<{ json?: boolean }>().json) || process.argv.slice(2).includes('--json');
}

/** Open the services in-process for one command and always close them. */
async function withApi(fn: (api: ReturnType<typeof createClient>, out: ReturnType<typeof createOutput>) => Promise<number | void>) {
  const { dataDir, json } = program.opts<{ dataDir: string; json: boolean }>();
  const host = createHost({ dataDir: resolve(dataDir), host: 'cli', launchTrainer: launchChildTrainer });
  const api = createClient(inProcessTransport(host.handlers, host.bus));
  try {
    process.exitCode = (await fn(api, createOutput(json))) ?? 0;
  } finally {
    // The start-up backup is finished before the process may exit (short commands outrun it otherwise).
    await host.backup;
    host.close();
  }
}

program
  .command('doctor')
  .description('Show which training backend runs and why better ones are not used.')
  .action(() =>
    withApi(async (api, out) => {
      const r = await api.call('system.backends', {});
      out.result(r, () =>
        [`active backend: ${r.active}${r.pinned ? ' (pinned)' : ''}`, ...r.candidates.map((c) => `  ${c.available ? '✔' : '✘'} ${c.label}: ${c.reason}`)].join('\n'),
      );
    }),
  );

program
  .command('templates')
  .description('List starter graphs.')
  .action(() => withApi(async (_api, out) => out.result(TEMPLATES, () => TEMPLATES.map((t) => `${t.id}\t${t.name}\n\t${t.description}`).join('\n'))));

program
  .command('datasets')
  .description('List datasets.')
  .action(() =>
    withApi(async (api, out) => {
      const list = await api.call('datasets.list', {});
      out.result(list, () => list.map((d) => `${d.id}\t${d.name}\t${d.inputShape.join('×')}\t${d.classes.length} classes\t${d.trainCount}/${d.testCount}`).join('\n'));
    }),
  );

registerImportCommands(program, withApi);
registerRestoreBackup(program);

program
  .command('experiments')
  .description('List experiments.')
  .action(() =>
    withApi(async (api, out) => {
      const list = await api.call('experiments.list', {});
      out.result(list, () => list.map((e) => `${e.id}\t${e.status}\t${pct(e.testAccuracy)}\t${e.name}`).join('\n') || 'no experiments yet');
    }),
  );

program
  .command('train')
  .description('Train a model on a dataset and wait for the result: the model recommended for the dataset, a template, or a saved graph file.')
  .option('-t, --template <id>', `template: ${TEMPLATES.map((t) => t.id).join(', ')} (default: the model recommended for --dataset; mnist-cnn without one)`)
  .option('-g, --graph <file>', 'a model saved from the editor (.layerlab.json); needs --dataset')
  .option('-d, --dataset <id>', 'dataset: a short name (mnist, iris, …), an id, or a name (default: the template\'s)')
  .option('-n, --name <name>', 'experiment name')
  .option('-e, --epochs <n>', 'epochs (1–1000)', wholeNumber('--epochs', 1, 1000))
  .option('-b, --batch-size <n>', 'batch size (1–8192)', wholeNumber('--batch-size', 1, 8192))
  .option('--lr <rate>', 'learning rate (> 0, ≤ 10)', decimal('--lr', { above: 0, max: 10 }))
  .addOption(new Option('--optimizer <name>', 'optimizer').choices([...OPTIMIZERS]))
  .option('--validation-split <f>', 'fraction held out for validation (0–0.5)', decimal('--validation-split', { min: 0, max: 0.5 }))
  .option('--seed <n>', 'random seed', wholeNumber('--seed', 0, 2 ** 31 - 1))
  .option('--train-limit <n>', 'use only the first N training samples (0 = all)', wholeNumber('--train-limit', 0))
  .option('--test-limit <n>', 'evaluate on only the first N test samples (0 = all)', wholeNumber('--test-limit', 0))
  .option('--save <dir>', 'save the trained model (TF.js files) into this folder')
  .action((o) =>
    withApi((api, out) =>
      trainCommand(api, out, {
        template: o.template,
        graph: o.graph ? resolve(o.graph) : undefined,
        dataset: o.dataset,
        name: o.name,
        save: o.save ? resolve(o.save) : undefined,
        hyperparams: Object.fromEntries(
          Object.entries({
            epochs: o.epochs,
            batchSize: o.batchSize,
            learningRate: o.lr,
            optimizer: o.optimizer,
            validationSplit: o.validationSplit,
            seed: o.seed,
            trainLimit: o.trainLimit,
            testLimit: o.testLimit,
          }).filter(([, v]) => v !== undefined),
        ),
      }),
    ),
  );

program
  .command('resume <id>')
  .description('Resume an interrupted run from its last finished epoch.')
  .action((typed: string) =>
    withApi(async (api, out) => {
      const id = await resolveExperiment(api, typed);
      return followRun(api, out, id, () => api.call('training.resume', { id }));
    }),
  );

program
  .command('evaluate <id>')
  .description('Show a finished run\'s test metrics beside its baselines (logistic regression, majority class).')
  .action((id: string) => withApi((api, out) => evaluateCommand(api, out, id)));

program
  .command('predict <id> [file]')
  .description('Use a trained model: one case (--input column=value …, an image file, or text), or score a CSV file / image folder into a predictions CSV.')
  .option('-i, --input <values...>', 'one case: column=value pairs (tables), an image file (images), or a text file or words (text)')
  .option('-o, --out <file>', 'where to write the predictions CSV (default: <file>-predictions.csv here)')
  .action((typed: string, file: string | undefined, o: { input?: string[]; out?: string }) =>
    withApi(async (api, out) => {
      const id = await resolveExperiment(api, typed);
      if (file !== undefined) return scoreCommand(api, out, id, file, o.out);
      if (!o.input?.length) throw new ApiError('invalid_input', 'Give --input for one case, or a CSV file (or image folder) to score.');
      return predictCommand(api, out, id, o.input);
    }),
  );

program
  .command('save-model <id> <dir>')
  .description('Write a trained model as TF.js files into a folder.')
  .action((typed: string, dir: string) =>
    withApi(async (api, out) => {
      const r = await api.call('experiments.saveModel', { id: await resolveExperiment(api, typed), directory: resolve(dir) });
      out.result(r, () => `saved: ${r.files.join(', ')}`);
    }),
  );

program
  .command('sweep <config>')
  .description('Run a hyperparameter sweep from a JSON config file (format: src/shared/sweeps/README.md) and wait for it.')
  .action((config: string) => withApi((api, out) => sweepCommand(api, out, resolve(config))));

program
  .command('web')
  .description('Serve the app to a browser (same as npm run web).')
  .option('-p, --port <n>', 'port', port('--port'), 5180)
  .option('--host <addr>', 'address to bind', '127.0.0.1')
  .action(async (o: { port: number; host: string }) => {
    const server = await runWebHost({ dataDir: resolve(program.opts().dataDir), port: o.port, host: o.host });
    createOutput(jsonWanted()).result({ url: server.url }, () => `LayerLab is running: ${server.url}`);
  });

program
  .command('serve <id>')
  .description('Serve a trained model over a TF-Serving-shaped REST API on 127.0.0.1 until Ctrl-C.')
  .option('-p, --port <n>', 'port (default: any free one)', port('--port', true))
  .option('--token', 'require a random bearer token', false)
  .action((typed: string, o: { port?: number; token: boolean }) =>
    withApi(async (api, out) => serveCommand(api, out, await resolveExperiment(api, typed), o)),
  );

program
  .command('export <id> <format> <dir>')
  .description('Export a trained model (tfjs, onnx or keras) into a folder and check it predicts like the app.')
  .action((typed: string, format: string, dir: string) =>
    withApi(async (api, out) => {
      if (!EXPORT_FORMATS.includes(format as ExportFormat))
        throw new ApiError('invalid_input', `<format> must be one of ${EXPORT_FORMATS.join(', ')}, got "${format}"`);
      return exportCommand(api, out, await resolveExperiment(api, typed), format as ExportFormat, resolve(dir));
    }),
  );

program.parseAsync().catch((err: unknown) => {
  // --help and --version end through exitOverride too, successfully.
  if (err instanceof CommanderError && err.exitCode === 0) process.exit(0);
  // No command given: commander has printed the help (to stderr) already.
  if (err instanceof CommanderError && err.code === 'commander.help') {
    if (jsonWanted()) printFailure(new ApiError('invalid_input', 'No command given; layerlab --help lists them.'), true);
    process.exit(err.exitCode);
  }
  // Users see one plain line (or one JSON line), never a stack trace.
  printFailure(err, jsonWanted());
  process.exit(1);
});
