import type { ApiClient } from '../../shared/api/client';
import { adapterWords } from '../../shared/gpu-adapter';
import type { Events } from '../../shared/api/contract';
import type { Hyperparams } from '../../shared/api/schemas';
import { type CliOutput, pct } from './output';
import { baselineLines } from './evaluate';
import { chooseModel, type ModelChoice } from './train-model';

/**
 * Create an experiment and train it to the end, streaming progress: a template, a graph file or the
 * dataset's recommended model (see chooseModel), adapted to the dataset before anything is created.
 */
export async function trainCommand(
  api: ApiClient,
  out: CliOutput,
  opts: ModelChoice & { name?: string; hyperparams: Partial<Hyperparams>; save?: string },
): Promise<number> {
  const model = await chooseModel(api, opts);
  for (const note of model.notes) out.note(note);
  // "Recommended MLP for penguins" already names its data; a template or file gets "… on penguins".
  const label = model.label.replace(/^The /, '');
  const what = label.includes(model.dataset.name) ? label : `${label} on ${model.dataset.name}`;
  const exp = await api.call('experiments.create', {
    name: opts.name ?? `${what} ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`.slice(0, 200),
    graph: model.graph,
    layout: model.layout,
    datasetId: model.dataset.id,
    // The flags the user typed win over the recommended model's settings.
    hyperparams: { ...model.hyperparams, ...opts.hyperparams },
  });
  return followRun(api, out, exp.id, () => api.call('training.start', { id: exp.id }), opts.save);
}

/** Start (or resume) a run and wait for its final status, printing events as they come. */
export async function followRun(
  api: ApiClient,
  out: CliOutput,
  id: string,
  begin: () => Promise<unknown>,
  saveTo?: string,
): Promise<number> {
  const finished = new Promise<Events['training.status']>((resolve) => {
    for (const e of ['training.progress', 'training.epoch'] as const)
      api.on(e, (p) => p.experimentId === id && out.event(e, p as never));
    api.on('training.status', (s) => {
      if (s.experimentId !== id) return;
      out.event('training.status', s);
      if (s.status !== 'running') resolve(s);
    });
  });
  if (!out.json) console.log(`experiment ${id}`);
  const interrupt = () => void api.call('training.cancel', { id }).catch(() => undefined);
  process.once('SIGINT', interrupt);
  await begin();
  const final = await finished;
  process.off('SIGINT', interrupt);
  out.done();
  const detail = await api.call('experiments.get', { id });
  // Saved before the result is printed, so --json ends with one line that holds both.
  const saved = final.status === 'completed' && saveTo ? await api.call('experiments.saveModel', { id, directory: saveTo }) : undefined;
  // A completed run carries its baselines (the logistic regression and majority class on the same split).
  const baseline = final.status === 'completed' ? ((await api.call('experiments.evaluation', { id }).catch(() => null))?.baseline ?? null) : null;
  out.result(
    { ...detail, baseline, ...(saved ? { saved } : {}) },
    () =>
      [
        `${detail.name}: ${detail.status}`,
        `test accuracy ${pct(detail.testAccuracy)} (loss ${detail.testLoss?.toFixed(4) ?? '—'}) after ${detail.epochs.length} epochs, ` +
          `${detail.epochs.reduce((a, e) => a + e.seconds, 0).toFixed(1)} s of training on ${detail.backend ?? '?'}` +
          (detail.backendAdapter ? `, adapter ${adapterWords(detail.backendAdapter)}` : ''),
        ...(detail.testAccuracy !== null ? baselineLines({ accuracy: detail.testAccuracy, baseline }) : []),
        ...(saved ? [`model saved: ${saved.files.join(', ')}`] : []),
      ].join('\n'),
    final.status === 'completed' ? undefined : { code: `run_${final.status}`, message: final.message ?? `The run ended ${final.status}.` },
  );
  return final.status === 'completed' ? 0 : 1;
}
