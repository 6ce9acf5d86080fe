import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { ApiClient } from '../../shared/api/client';
import { ApiError } from '../../shared/api/errors';
import type { SweepDetail, SweepTrial } from '../../shared/api/types';
import { sweepConfigSchema, trialLabel } from '../../shared/sweeps';
import { TEMPLATES } from '../../shared/templates';
import { type CliOutput, pct } from './output';
import { resolveDataset } from './resolve';

/** The config file: `sweeps.create`'s input, plus `template` (a starter graph id) instead of a graph. */
export const sweepFileSchema = sweepConfigSchema.extend({ template: z.string().max(100).optional() });

/** Read and check a sweep config file; problems come back as one readable error. */
export function readSweepFile(file: string): z.input<typeof sweepConfigSchema> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ApiError('invalid_input', `Cannot read ${file}: ${(err as Error).message}`);
  }
  const parsed = sweepFileSchema.safeParse(raw);
  if (!parsed.success)
    throw new ApiError(
      'invalid_input',
      `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`,
    );
  const { template: templateId, ...config } = parsed.data;
  if (!templateId) return config;
  const template = TEMPLATES.find((t) => t.id === templateId);
  if (!template)
    throw new ApiError(
      'not_found',
      `No template "${templateId}". Try: ${TEMPLATES.map((t) => t.id).join(', ')}`,
    );
  return {
    ...config,
    graph: config.graph ?? template.graph,
    datasetId: config.datasetId ?? template.datasetId,
  };
}

const TERMINAL = new Set<SweepTrial['state']>(['completed', 'failed', 'cancelled', 'stopped', 'skipped']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Create a sweep from a config file, print each trial as it ends, and wait for the sweep to end. */
export async function sweepCommand(api: ApiClient, out: CliOutput, file: string): Promise<number> {
  const config = readSweepFile(file);
  // The same dataset names as `train --dataset` (mnist for builtin:mnist); unknown ones list the valid ones.
  if (config.datasetId) config.datasetId = (await resolveDataset(api, config.datasetId)).id;
  let detail = await api.call('sweeps.create', config);
  const id = detail.id;
  const line = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');
  if (out.json)
    line({
      event: 'sweeps.created',
      id,
      name: detail.name,
      trials: detail.trials.map((t) => ({ index: t.index, experimentId: t.experimentId, params: t.params })),
    });
  else
    console.log(
      `sweep ${id}: ${detail.trials.length} trials (${detail.strategy}), ranked by ${detail.metricName}`,
    );
  const seen = new Map<number, string>();
  const report = (d: SweepDetail) => {
    for (const t of d.trials) {
      const key = `${t.state}:${t.rung}`;
      if (seen.get(t.index) === key || (!TERMINAL.has(t.state) && t.state !== 'running')) continue;
      seen.set(t.index, key);
      if (out.json) line({ event: 'sweeps.trial', sweepId: id, ...t });
      else
        console.log(
          `  #${t.index + 1} ${t.state.padEnd(9)} ${pct(t.metric)}  ${t.epochsDone}/${t.epochs} epochs  ${trialLabel(t.params)}`,
        );
    }
  };
  const stopProgress = api.on('sweeps.progress', (s) => {
    if (s.id !== id) return;
    if (out.json) out.event('sweeps.progress', s);
    else
      console.log(
        `progress: ${s.trialsDone}/${s.trialsTotal} done, ${s.trialsRunning} running${s.bestTrial ? `, best #${s.bestTrial.index + 1} ${pct(s.bestTrial.metric)}` : ''}`,
      );
  });
  const interrupt = () => void api.call('sweeps.cancel', { id }).catch(() => undefined);
  process.once('SIGINT', interrupt);
  while (detail.status === 'running') {
    report(detail);
    await sleep(500);
    detail = await api.call('sweeps.get', { id });
  }
  report(detail);
  process.off('SIGINT', interrupt);
  stopProgress();
  out.done();
  const best = detail.bestTrial;
  out.result(detail, () =>
    [
      `${detail.name}: ${detail.status}${detail.message ? ` — ${detail.message}` : ''}`,
      best
        ? `best: #${best.index + 1} ${pct(best.metric)} (${trialLabel(detail.trials[best.index].params)}), experiment ${best.experimentId}`
        : 'no finished trial',
    ].join('\n'),
  );
  return detail.status === 'completed' ? 0 : 1;
}
