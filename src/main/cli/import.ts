import { Command, Option } from 'commander';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ApiClient } from '../../shared/api/client';
import type { MethodInput } from '../../shared/api/contract';
import { splitProblem } from '../../shared/api/datasets-schemas';
import type { CliOutput } from './output';
import { wholeNumber } from './options';

type WithApi = (fn: (api: ApiClient, out: CliOutput) => Promise<number | void>) => Promise<void>;
const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);

/** Parse "0.8,0.1,0.1" into split fractions. */
function parseSplit(v: string): { train: number; val: number; test: number } {
  const [train, val = 0, test = 0] = v.split(',').map(Number);
  if (![train, val, test].every((n) => Number.isFinite(n) && n >= 0)) throw new Error(`--split wants three fractions like 0.8,0.1,0.1 (got ${v})`);
  const problem = splitProblem({ train, val, test });
  if (problem) throw new Error(`--split ${v}: ${problem}`);
  return { train, val, test };
}

/** `layerlab inspect <file>` and `layerlab import <file|folder> --label y`: datasets from the command line. */
export function registerImportCommands(program: Command, withApi: WithApi): void {
  program
    .command('inspect <file>')
    .description('Show what a CSV/TSV file holds (delimiter, encoding, column types), what the import does with each column and why, and whether it imports (exit 1 when not).')
    .action((file: string) =>
      withApi(async (api, out) => {
        const r = await api.call('datasets.inspectCsv', { path: resolve(file) });
        out.result(r, () =>
          [
            `${r.path}: ${r.encoding}, delimiter ${JSON.stringify(r.delimiter)}, ${r.hasHeader ? 'with' : 'without'} header, ${r.rows} rows (types from ${r.sampledRows})`,
            ...r.columns.map(
              (c) =>
                `  ${c.name}\t${c.type}${c.idLike ? ' (id-like)' : ''}\t${c.missing} missing\t${c.distinct} distinct\te.g. ${c.examples.slice(0, 3).join(' | ')}` +
                (c.name === r.suggestedLabel ? '\n      → the label' : `\n      → ${c.suggestion.reason}`),
            ),
            `suggested label: ${r.suggestedLabel ?? '—'}${r.labelReason ? ` (${r.labelReason})` : ''}`,
            ...(r.text ? [`text: sequence length ${r.text.length}, vocabulary ${r.text.vocabSize} (${r.text.reason})`] : []),
            r.importable
              ? `imports with these defaults: layerlab import ${file} --label ${JSON.stringify(r.suggestedLabel)}`
              : ['does not import as it is:', ...r.problems.map((p) => `  ${p}`)].join('\n'),
          ].join('\n'),
          // --json: a file that does not import is a failure line, like the exit status says.
          r.importable ? undefined : { code: 'not_importable', message: `${r.path} does not import as it is: ${r.problems.join('; ')}` },
        );
        return r.importable ? 0 : 1;
      }),
    );

  program
    .command('import <path>')
    .description('Import a CSV/TSV file (or a folder of images, one subfolder per class) as a dataset.')
    .option('-l, --label <column>', 'label column (CSV)')
    .option('-n, --name <name>', 'dataset name (default: the file name)')
    .option('--ignore <columns>', 'comma-separated columns to leave out', list, [])
    .option('--text <columns>', 'comma-separated columns to treat as text', list, [])
    .option('--keep <columns>', 'comma-separated columns to use although the defaults leave them out (id-like, constant, mostly unique)', list, [])
    .addOption(new Option('--scaling <how>', 'scaling of numeric columns (default: zscore, fitted on the training rows)').choices(['none', 'minmax', 'zscore']))
    .addOption(new Option('--missing <how>', 'missing numeric values (default: the training mean)').choices(['drop', 'mean', 'median', 'mostFrequent', 'constant']))
    .addOption(new Option('--encoding <how>', 'categorical encoding (default: onehot)').choices(['onehot', 'index']))
    .option('--top <n>', 'one-hot: categories kept per column, the rest share an "other" column (default 20)', wholeNumber('--top', 1))
    .option('--split <fractions>', 'train,val,test fractions', parseSplit, { train: 0.8, val: 0.1, test: 0.1 })
    .option('--seed <n>', 'split seed', wholeNumber('--seed', 0, 2 ** 31), 42)
    .option('--vocab <n>', 'text vocabulary size (default: from the training texts)', wholeNumber('--vocab', 3, 1_000_000))
    .option('--length <n>', 'text sequence length (default: the 95th-percentile text length)', wholeNumber('--length', 1, 10_000))
    .option('--dataset <id>', 'add a new version to this dataset')
    .option('--width <px>', 'image width', wholeNumber('--width', 1, 1024), 28)
    .option('--height <px>', 'image height', wholeNumber('--height', 1, 1024), 28)
    .addOption(new Option('--color <mode>', 'image colour').choices(['grayscale', 'rgb']).default('grayscale'))
    .action((path: string, o) =>
      withApi(async (api, out) => {
        const full = resolve(path);
        const name = o.name ?? full.split(/[\\/]/).pop()!.replace(/\.(csv|tsv|txt)$/i, '');
        const importId = `cli-${process.pid}`;
        api.on('datasets.progress', (p) => {
          if (p.importId !== importId) return;
          if (out.json) out.event('datasets.progress', p);
          else if (p.phase !== 'done') process.stderr.write(`${p.phase} ${p.done}${p.total ? `/${p.total}` : ''}${p.message ? ` (${p.message})` : ''}\n`);
        });
        const cancel = () => void api.call('datasets.cancelImport', { importId }).catch(() => undefined);
        process.once('SIGINT', cancel);
        let r;
        if (statSync(full, { throwIfNoEntry: false })?.isDirectory()) {
          r = await api.call('datasets.importImages', {
            directory: full,
            name,
            width: o.width,
            height: o.height,
            color: o.color,
            split: o.split,
            seed: o.seed,
            datasetId: o.dataset,
            importId,
          });
        } else {
          if (!o.label) throw new Error('--label <column> is required for a CSV import (see: layerlab inspect <file>)');
          // Unset choices take the import's defaults (the ones `inspect` shows); only what was asked is sent.
          const columns: MethodInput<'datasets.importCsv'>['columns'] = {};
          for (const c of o.ignore as string[]) columns[c] = { role: 'ignore' };
          for (const c of o.keep as string[]) columns[c] = { ...columns[c], role: 'feature' };
          for (const c of o.text as string[]) columns[c] = { ...columns[c], type: 'text' };
          if (o.scaling || o.missing || o.encoding || o.top) {
            const inspected = await api.call('datasets.inspectCsv', { path: full });
            for (const c of inspected.columns) {
              if (c.name === o.label || columns[c.name]?.role === 'ignore' || columns[c.name]?.type === 'text') continue;
              if (c.type === 'numeric') columns[c.name] = { ...columns[c.name], ...(o.scaling ? { scaling: o.scaling } : {}), ...(o.missing ? { missing: o.missing } : {}) };
              else if (c.type === 'categorical') columns[c.name] = { ...columns[c.name], ...(o.encoding ? { encoding: o.encoding } : {}), ...(o.top ? { maxCategories: o.top } : {}) };
            }
          }
          r = await api.call('datasets.importCsv', {
            path: full,
            name,
            label: o.label,
            columns,
            split: o.split,
            seed: o.seed,
            text: { ...(o.vocab ? { vocabSize: o.vocab } : {}), ...(o.length ? { length: o.length } : {}) },
            datasetId: o.dataset,
            importId,
          });
        }
        process.off('SIGINT', cancel);
        const result = r;
        out.result(result, () =>
          [
            `imported ${result.name} as ${result.datasetId} (version ${result.version}, id ${result.versionId}) in ${result.seconds.toFixed(2)} s`,
            `  ${result.kind}, one sample ${result.inputShape.join('×')}, ${result.classes.length} classes: ${result.classes.slice(0, 10).join(', ')}${result.classes.length > 10 ? ', …' : ''}`,
            `  train ${result.trainCount}, validation ${result.valCount}, test ${result.testCount}`,
            ...result.warnings.map((w) => `  note: ${w}`),
            ...result.skipped.slice(0, 20).map((s) => `  skipped ${s.file}: ${s.reason}`),
            ...(result.skipped.length > 20 ? [`  … and ${result.skipped.length - 20} more skipped`] : []),
            `train on it: layerlab train --dataset ${result.datasetId} --template <id>`,
          ].join('\n'),
        );
      }),
    );
}
