import { Command, Option } from 'commander';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ApiClient } from '../../shared/api/client';
import type { MethodInput } from '../../shared/api/contract';
import type { CliOutput } from './output';

type WithApi = (fn: (api: ApiClient, out: CliOutput) => Promise<number | void>) => Promise<void>;
const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);

/** Parse "0.8,0.1,0.1" into split fractions. */
function parseSplit(v: string): { train: number; val: number; test: number } {
  const [train, val = 0, test = 0] = v.split(',').map(Number);
  if (![train, val, test].every((n) => Number.isFinite(n) && n >= 0)) throw new Error(`--split wants three fractions like 0.8,0.1,0.1 (got ${v})`);
  return { train, val, test };
}

/** `layerlab inspect <file>` and `layerlab import <file|folder> --label y`: datasets from the command line. */
export function registerImportCommands(program: Command, withApi: WithApi): void {
  program
    .command('inspect <file>')
    .description('Show what a CSV/TSV file holds: delimiter, encoding, columns and their inferred types.')
    .action((file: string) =>
      withApi(async (api, out) => {
        const r = await api.call('datasets.inspectCsv', { path: resolve(file) });
        out.result(r, () =>
          [
            `${r.path}: ${r.encoding}, delimiter ${JSON.stringify(r.delimiter)}, ${r.hasHeader ? 'with' : 'without'} header, ${r.sampledRows} rows sampled`,
            ...r.columns.map((c) => `  ${c.name}\t${c.type}${c.idLike ? ' (id-like)' : ''}\t${c.missing} missing\t${c.distinct} distinct\te.g. ${c.examples.slice(0, 3).join(' | ')}`),
            `suggested label: ${r.suggestedLabel ?? '—'}`,
          ].join('\n'),
        );
      }),
    );

  program
    .command('import <path>')
    .description('Import a CSV/TSV file (or a folder of images, one subfolder per class) as a dataset.')
    .option('-l, --label <column>', 'label column (CSV)')
    .option('-n, --name <name>', 'dataset name (default: the file name)')
    .option('--ignore <columns>', 'comma-separated columns to leave out', list, [])
    .option('--text <columns>', 'comma-separated columns to treat as text', list, [])
    .addOption(new Option('--scaling <how>', 'scaling of numeric columns').choices(['none', 'minmax', 'zscore']).default('none'))
    .addOption(new Option('--missing <how>', 'missing numeric values').choices(['drop', 'mean', 'median', 'mostFrequent', 'constant']))
    .addOption(new Option('--encoding <how>', 'categorical encoding').choices(['onehot', 'index']).default('onehot'))
    .option('--split <fractions>', 'train,val,test fractions', parseSplit, { train: 0.8, val: 0.1, test: 0.1 })
    .option('--seed <n>', 'split seed', Number, 42)
    .option('--vocab <n>', 'text vocabulary size', Number, 10_000)
    .option('--length <n>', 'text sequence length', Number, 100)
    .option('--dataset <id>', 'add a new version to this dataset')
    .option('--width <px>', 'image width', Number, 28)
    .option('--height <px>', 'image height', Number, 28)
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
          const columns: MethodInput<'datasets.importCsv'>['columns'] = {};
          const inspected = await api.call('datasets.inspectCsv', { path: full });
          for (const c of inspected.columns) {
            if (c.name === o.label) continue;
            if ((o.ignore as string[]).includes(c.name)) columns[c.name] = { role: 'ignore' };
            else if ((o.text as string[]).includes(c.name) || c.type === 'text') columns[c.name] = { type: 'text' };
            else if (c.type === 'numeric') columns[c.name] = { scaling: o.scaling, ...(o.missing ? { missing: o.missing } : {}) };
            else if (c.type === 'categorical') columns[c.name] = { encoding: o.encoding };
          }
          r = await api.call('datasets.importCsv', {
            path: full,
            name,
            label: o.label,
            columns,
            split: o.split,
            seed: o.seed,
            text: { vocabSize: o.vocab, length: o.length },
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
