import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from '../src/shared/api/client';
import { mnistCnn } from '../src/shared/templates';
import { tabularMlp } from '../src/shared/templates/extra';
import { adaptGraph, datasetFitProblems } from '../src/shared/validate/dataset-fit';
import { inProcessTransport } from '../src/main/transport/in-process';
import { refused, tempHost } from './helpers';

const penguins = { name: 'penguins', inputShape: [10], classes: ['Adelie', 'Chinstrap', 'Gentoo'] };

describe('does the model fit the dataset', () => {
  it('names the input layer, what it takes and what the data gives, with the edit that fixes it', () => {
    const problems = datasetFitProblems(tabularMlp.graph, penguins);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/input layer “features” takes 4 numbers per row, but penguins gives 10 numbers per row/);
    const input = tabularMlp.graph.nodes.find((n) => n.kind === 'InputVector')!;
    expect(problems[0]!.edits).toEqual([{ nodeId: input.id, param: 'features', value: 10 }]);
  });

  it('counts the classes, and takes one sigmoid unit as a two-class head', () => {
    const five = { ...penguins, inputShape: [4], classes: ['a', 'b', 'c', 'd', 'e'] };
    const [p] = datasetFitProblems(tabularMlp.graph, five);
    expect(p!.message).toMatch(/predicts 3 classes, but penguins has 5/);
    const output = tabularMlp.graph.nodes.find((n) => n.kind === 'Output')!;
    expect(p!.edits).toEqual([{ nodeId: output.id, param: 'classes', value: 5 }]);
    const binary = { nodes: tabularMlp.graph.nodes.map((n) => (n.kind === 'Output' ? { ...n, params: { ...n.params, classes: 1 } } : n)), edges: tabularMlp.graph.edges };
    expect(datasetFitProblems(binary, { ...penguins, inputShape: [4], classes: ['no', 'yes'] })).toEqual([]);
  });

  it('says when a model is made for another kind of data, and has no edit to offer then', () => {
    const [p] = datasetFitProblems(mnistCnn.graph, penguins);
    expect(p!.message).toMatch(/takes 28×28 images with 1 channel, but penguins holds samples of shape 10/);
    const [q] = datasetFitProblems(mnistCnn.graph, { ...penguins, kind: 'table' });
    expect(q!.message).toMatch(/but penguins holds table rows of 10 numbers: use the recommended model, or a template made for tables/);
    // Not half-adapted: the class count of a CNN is left alone when the data is a table.
    expect(adaptGraph(mnistCnn.graph, { ...penguins, kind: 'table' })).toMatchObject({ graph: mnistCnn.graph, changes: [] });
    expect(p!.edits).toEqual([]);
    expect(datasetFitProblems(mnistCnn.graph, { name: 'digits', inputShape: [28, 28, 1], classes: Array.from({ length: 10 }, (_, i) => String(i)) })).toEqual([]);
  });
});

describe('training a model that does not fit', () => {
  const env = tempHost();
  afterAll(() => env.cleanup());
  it('is refused before anything runs, in words instead of tfjs shape errors', async () => {
    const api = createClient(inProcessTransport(env.host.handlers, env.host.bus));
    const exp = await api.call('experiments.create', { name: 'iris model on penguins', graph: tabularMlp.graph, datasetId: 'builtin:penguins' });
    const err = await refused(api.call('training.start', { id: exp.id }));
    expect(err.code).toBe('invalid_graph');
    expect(err.message).toMatch(/does not fit the dataset: The input layer “features” takes 4 numbers per row, but “.*” gives 10/);
    expect(err.message).not.toMatch(/shape \[|expected/);
    expect((await api.call('experiments.get', { id: exp.id })).status).not.toBe('running');
  });
});
