import type { ApiClient } from '../../shared/api/client';
import type { ExportFormat } from '../../shared/api/types';
import type { CliOutput } from './output';

/** `layerlab serve <id>`: serve a trained model until Ctrl-C, printing its URL and a curl line. */
export async function serveCommand(api: ApiClient, out: CliOutput, id: string, opts: { port?: number; token?: boolean }): Promise<number> {
  const s = await api.call('serving.start', { id, port: opts.port, token: opts.token });
  // With --json the start is an event: the command's one answer line comes when it stops.
  if (out.json) process.stdout.write(JSON.stringify({ event: 'serving.started', ...s }) + '\n');
  else console.log(
    [
      `serving "${s.name}" at ${s.url}/v1/models/${s.name}`,
      `model runs on: ${s.runtimeReason}`,
      ...(s.token ? [`token: ${s.token}`] : []),
      `try:  ${s.curl.length > 400 ? `${s.curl.slice(0, 400)}…` : s.curl}`,
      'Ctrl-C to stop.',
    ].join('\n'),
  );
  // Ctrl-C, or a plain `kill` from a script or service manager, stops it cleanly.
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const status = (await api.call('serving.status', {})).find((m) => m.id === id);
  await api.call('serving.stop', { id });
  out.result(status ?? {}, () => `stopped after ${status?.requests ?? 0} requests (${status?.predictions ?? 0} predictions).`);
  return 0;
}

/** `layerlab export <id> <format> <dir>`: export and print the parity report. */
export async function exportCommand(api: ApiClient, out: CliOutput, id: string, format: ExportFormat, directory: string): Promise<number> {
  const r = await api.call('experiments.export', { id, format, directory });
  out.result(r, () => {
    const p = r.parity;
    const parity = p
      ? `parity (${p.samples} ${p.source} samples, ${p.runtime}): top-1 agreement ${(p.top1Agreement * 100).toFixed(1)} %, ` +
        `max |Δp| ${p.maxAbsDiff.toExponential(2)} → ${p.passed ? 'PASS' : 'FAIL'}`
      : 'no parity check (the Keras script trains from scratch)';
    const notes = (r.notes ?? []).map((n) => `note: ${n}`);
    return [`wrote: ${r.files.join(', ')}`, parity, ...notes].join('\n');
  });
  return r.parity && !r.parity.passed ? 2 : 0;
}
