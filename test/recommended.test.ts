import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from '../src/shared/api/client';
import { serializeGraphFile } from '../src/shared/graph/file';
import { tabularMlp } from '../src/shared/templates/extra';
import { recommendModel, type DatasetProfile } from '../src/shared/templates/recommended';
import { analyzeGraph } from '../src/shared/validate/analyze';
import { adaptGraph, datasetFitProblems } from '../src/shared/validate/dataset-fit';
import { chooseModel } from '../src/main/cli/train-model';
import { inProcessTransport } from '../src/main/transport/in-process';
import { refused, tempHost } from './helpers';

const classes = (n: number) => Array.from({ length: n }, (_, i) => `c${i}`);

describe('the recommended model', () => {
  const profiles: DatasetProfile[] = [
    { name: 'tiny table', kind: 'table', inputShape: [3], classes: 2, trainCount: 80 },
    { name: 'wide table', kind: 'table', inputShape: [240], classes: classes(7), trainCount: 50_000 },
    { name: 'digits', kind: 'image', inputShape: [28, 28, 1], classes: 10, trainCount: 1500 },
    { name: 'photos', kind: 'image', inputShape: [32, 32, 3], classes: 10 },
    { name: 'large photos', kind: 'image', inputShape: [256, 240, 3], classes: 4 },
    { name: 'e-mails', kind: 'text', inputShape: [87], classes: 2, vocabSize: 7_345 },
  ];
  it.each(profiles)('for $name is a valid graph that fits the data, and stops on its own', (d) => {
    const r = recommendModel(d);
    const a = analyzeGraph(r.template.graph);
    expect(a.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
    const n = typeof d.classes === 'number' ? d.classes : d.classes.length;
    expect(datasetFitProblems(r.template.graph, { name: d.name, inputShape: d.inputShape, classes: classes(n), vocabSize: d.vocabSize })).toEqual([]);
    expect(r.hyperparams.earlyStoppingPatience).toBeGreaterThan(0);
    expect(r.hyperparams.restoreBestWeights).toBe(true);
    expect(r.template.graph.nodes.some((x) => x.kind === 'Dropout')).toBe(true);
    expect(r.reasons.join(' ')).toMatch(/validation loss/);
    expect(r.template.name).toContain(d.name);
    expect(r.template.description).toMatch(/→ \d+ class(es)?$/);
    expect(r.template.description).not.toMatch(/classs/);
  });

  it('is sized to the data: wider for wide tables, smaller batches for small ones, pooling for large images', () => {
    const units = (d: DatasetProfile) => Number(recommendModel(d).template.graph.nodes.find((x) => x.kind === 'Dense')!.params.units);
    expect(units(profiles[1]!)).toBeGreaterThan(units(profiles[0]!));
    expect(recommendModel(profiles[0]!).hyperparams.batchSize).toBeLessThan(recommendModel(profiles[1]!).hyperparams.batchSize!);
    expect(recommendModel(profiles[4]!).template.graph.nodes.some((x) => x.kind === 'GlobalAveragePool2D')).toBe(true);
    expect(recommendModel(profiles[2]!).template.graph.nodes.some((x) => x.kind === 'Flatten')).toBe(true);
  });
});

describe('vocabulary fit', () => {
  const text = { name: 'e-mails', inputShape: [64], classes: ['ham', 'spam'], vocabSize: 12_000 };
  it('names the lookup layer whose vocabulary is too small, and one edit covers input and embedding', () => {
    const graph = recommendModel({ ...text, kind: 'text', vocabSize: 5_000 }).template.graph;
    const [p] = datasetFitProblems(graph, text);
    expect(p!.message).toMatch(/layer “embedding” knows 5,000 word ids, but e-mails uses 12,000/);
    expect(p!.edits.map((e) => e.param)).toEqual(['vocabSize', 'vocabSize']);
    const adapted = adaptGraph(graph, text);
    expect(datasetFitProblems(adapted.graph, text)).toEqual([]);
    expect(adapted.changes).toContain('“embedding” knows 12,000 word ids (was 5,000)');
  });
});

describe('layerlab train picks the model', () => {
  const env = tempHost();
  const api = createClient(inProcessTransport(env.host.handlers, env.host.bus));
  const dir = mkdtempSync(join(tmpdir(), 'layerlab-graphfile-'));
  afterAll(() => {
    env.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('with only --dataset: the recommended model, fitted, with its self-stopping settings', async () => {
    const m = await chooseModel(api, { dataset: 'penguins' });
    expect(m.label).toMatch(/^Recommended MLP for /);
    expect(datasetFitProblems(m.graph, m.dataset)).toEqual([]);
    expect(m.hyperparams.earlyStoppingPatience).toBeGreaterThan(0);
    expect(m.notes[0]).toMatch(/No --template given: training the Recommended MLP/);
  });

  it('with nothing: the seed (the MNIST CNN on MNIST), unchanged', async () => {
    const m = await chooseModel(api, {});
    expect(m.dataset.id).toBe('builtin:mnist');
    expect(m.label).toBe('The mnist-cnn template');
    expect(m.notes).toEqual([]);
  });

  it('a template on another dataset of its kind is adapted, and says what changed', async () => {
    const m = await chooseModel(api, { template: 'tabular-mlp', dataset: 'penguins' });
    expect(datasetFitProblems(m.graph, m.dataset)).toEqual([]);
    expect(m.notes.join(' ')).toMatch(/Adapted the model to .*“features” takes \d+ numbers per row \(was 4\)/);
  });

  it('trains a saved graph file (--graph), adapted to --dataset', async () => {
    const file = join(dir, 'my model.layerlab.json');
    writeFileSync(file, serializeGraphFile(tabularMlp.graph, tabularMlp.layout, 'my model'));
    const m = await chooseModel(api, { graph: file, dataset: 'penguins' });
    expect(datasetFitProblems(m.graph, m.dataset)).toEqual([]);
    expect(m.layout).toEqual(tabularMlp.layout);
    const exp = await api.call('experiments.create', { name: 'from file', graph: m.graph, layout: m.layout, datasetId: m.dataset.id });
    expect((await api.call('experiments.get', { id: exp.id })).graph.nodes).toHaveLength(tabularMlp.graph.nodes.length);
  });

  it('refuses in words: no dataset for a file, both sources, a missing or broken file, a CNN on a table', async () => {
    const file = join(dir, 'broken.layerlab.json');
    writeFileSync(file, '{"format": "layerlab-graph", "version": 1, "graph": 5}');
    expect((await refused(chooseModel(api, { graph: file }))).message).toMatch(/--graph needs --dataset/);
    expect((await refused(chooseModel(api, { graph: file, template: 'mnist-cnn', dataset: 'iris' }))).message).toMatch(/--template or --graph, not both/);
    expect((await refused(chooseModel(api, { graph: join(dir, 'nope.json'), dataset: 'iris' }))).message).toMatch(/graph file .*nope\.json does not exist/);
    expect((await refused(chooseModel(api, { graph: file, dataset: 'iris' }))).message).toMatch(/The graph file .*broken\.layerlab\.json cannot be used/);
    expect((await refused(chooseModel(api, { template: 'mnist-cnn', dataset: 'iris' }))).message).toMatch(/takes images, but the dataset .* holds table rows\. For table rows, try --template tabular-mlp, or leave --template out to train the model recommended/);
    expect((await refused(chooseModel(api, { template: 'nope', dataset: 'iris' }))).message).toMatch(/no template "nope".*leave --template out/);
  });
});
