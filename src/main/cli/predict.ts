import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import type { ApiClient } from '../../shared/api/client';
import { ApiError } from '../../shared/api/errors';
import type { PredictResult, ScoreFileResult } from '../../shared/api/predict-types';
import { type CliOutput, pct } from './output';

/** The answer as bars, most likely class first. */
function bars(r: PredictResult): string {
  const order = r.classes.map((c, k) => ({ c, p: r.probabilities[k] })).sort((a, b) => b.p - a.p);
  const width = Math.max(...order.map((o) => o.c.length));
  return [
    `predicted: ${r.predicted}`,
    ...order.slice(0, 10).map((o) => `  ${o.c.padEnd(width)}  ${pct(o.p).padStart(8)}  ${'█'.repeat(Math.round(o.p * 30))}`),
    ...(r.unknownTokens?.length ? [`unknown words (read as "unknown"): ${r.unknownTokens.join(', ')}`] : []),
    ...(r.tokensCut ? [`${r.tokensCut} word(s) past the model's length were not read`] : []),
  ].join('\n');
}

/**
 * `layerlab predict <id> --input …`: one case. Table models take `column=value` pairs; image models an
 * image file; text models a text file or the words themselves.
 */
export async function predictCommand(api: ApiClient, out: CliOutput, id: string, input: string[]): Promise<number> {
  const form = await api.call('experiments.predictForm', { id, seed: 0 });
  const one = input.length === 1 ? resolve(input[0]) : null;
  let call: Parameters<ApiClient['call']>[1] & object;
  if (form.kind === 'image') {
    if (!one || !existsSync(one)) throw new ApiError('invalid_input', 'This model takes an image: give --input with the path of a PNG or JPEG file.');
    call = { id, image: readFileSync(one).toString('base64') };
  } else if (form.kind === 'text' && !input.some((v) => v.includes('='))) {
    const text = one && existsSync(one) && statSync(one).isFile() ? readFileSync(one, 'utf8') : input.join(' ');
    call = { id, text };
  } else {
    const row: Record<string, string> = {};
    for (const pair of input) {
      const at = pair.indexOf('=');
      if (at <= 0) throw new ApiError('invalid_input', `--input takes column=value pairs for this model; "${pair}" has no "=". Its columns: ${form.columns.map((c) => c.name).join(', ')}.`);
      row[pair.slice(0, at)] = pair.slice(at + 1);
    }
    call = { id, row };
  }
  const r = await api.call('experiments.predict', call as never);
  out.result(r, () => bars(r));
  return 0;
}

/** `layerlab predict <id> data.csv --out preds.csv`: score a file, with a progress bar; Ctrl-C cancels. */
export async function scoreCommand(api: ApiClient, out: CliOutput, id: string, file: string, outFile: string | undefined): Promise<number> {
  const path = resolve(file);
  const target = resolve(outFile ?? `${basename(path, extname(path))}-predictions.csv`);
  const scoreId = `cli-${process.pid}`;
  let bar: cliProgress.SingleBar | null = null;
  api.on('experiments.scoreProgress', (p) => {
    if (p.scoreId !== scoreId) return;
    if (out.json) return void process.stdout.write(JSON.stringify({ event: 'experiments.scoreProgress', ...p }) + '\n');
    if (p.phase !== 'predicting' || !p.total) return;
    if (!bar) {
      bar = new cliProgress.SingleBar({ format: 'scoring [{bar}] {value}/{total} rows', hideCursor: true }, cliProgress.Presets.shades_classic);
      bar.start(p.total, 0);
    }
    // A CSV file's total is estimated from how much of the file is read, and firms up as it is read.
    bar.setTotal(p.total);
    bar.update(p.done);
  });
  const interrupt = () => void api.call('experiments.cancelScore', { scoreId }).catch(() => undefined);
  process.once('SIGINT', interrupt);
  let r: ScoreFileResult;
  try {
    r = await api.call('experiments.scoreFile', { id, path, out: target, scoreId });
  } finally {
    process.off('SIGINT', interrupt);
    (bar as cliProgress.SingleBar | null)?.stop();
  }
  out.result(r, () => {
    const shown = r.unscored.slice(0, 20).map((u) => `  ${u.file ?? `row ${u.row}`}: ${u.reason}`);
    const ev = r.evaluation;
    return [
      `scored ${r.scored} of ${r.rows} rows in ${r.seconds.toFixed(1)} s → ${r.out}`,
      ...(r.unscored.length ? [`${r.unscored.length} row(s) could not be scored:`, ...shown, ...(r.unscored.length > 20 ? ['  …'] : [])] : []),
      ...(ev
        ? [`on ${ev.file}: accuracy ${pct(ev.metrics.accuracy)}, macro F1 ${ev.metrics.macro.f1.toFixed(3)} over ${ev.metrics.count} labelled rows (stored beside the test evaluation)`]
        : []),
    ].join('\n');
  });
  return 0;
}
