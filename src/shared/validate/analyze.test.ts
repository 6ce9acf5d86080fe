import { describe, expect, it } from 'vitest';
import type { ModelGraph } from '../graph/types';
import { chain, mnistCnn, TEMPLATES } from '../templates';
import { analyzeGraph, type Diagnostic } from './analyze';

const codes = (g: ModelGraph) => analyzeGraph(g).diagnostics.map((d) => d.code);
const find = (g: ModelGraph, code: Diagnostic['code']) =>
  analyzeGraph(g).diagnostics.find((d) => d.code === code);

describe('seed MNIST CNN', () => {
  it('has the Keras shapes and 121,930 trainable params', () => {
    const a = analyzeGraph(mnistCnn.graph);
    expect(a.valid).toBe(true);
    expect(a.diagnostics).toEqual([]);
    const byName = (name: string) => a.shapes[mnistCnn.graph.nodes.find((n) => n.name === name)!.id];
    expect(byName('conv2d_1')).toEqual([26, 26, 32]);
    expect(byName('max_pooling2d_1')).toEqual([13, 13, 32]);
    expect(byName('conv2d_2')).toEqual([11, 11, 64]);
    expect(byName('max_pooling2d_2')).toEqual([5, 5, 64]);
    expect(byName('flatten')).toEqual([1600]);
    expect(byName('dense_1')).toEqual([64]);
    expect(byName('output')).toEqual([10]);
    expect(a.totalParams).toBe(121_930);
  });
  it('every template is valid', () => {
    for (const t of TEMPLATES) expect([t.id, analyzeGraph(t.graph).diagnostics]).toEqual([t.id, []]);
  });
});

const input = { kind: 'InputVector', name: 'in', params: { features: 4 } };
const out = { kind: 'Output', name: 'out', params: { classes: 3 } };

describe('every diagnostic code is produced by some graph', () => {
  it('cycle', () => {
    const { graph } = chain([
      input,
      { kind: 'Dense', name: 'a', params: {} },
      { kind: 'Dense', name: 'b', params: {} },
      out,
    ]);
    graph.edges.push({ id: 'loop', source: 'n3', target: 'n2', targetPort: 1 });
    expect(codes(graph)).toContain('cycle');
  });
  it('unknown-layer', () => {
    const { graph } = chain([input, { kind: 'Frobnicate', name: 'x', params: {} }, out]);
    expect(find(graph, 'unknown-layer')?.message).toBe('Unknown layer type "Frobnicate".');
  });
  it('missing-input (one and many)', () => {
    const { graph } = chain([input, out]);
    graph.nodes.push({ id: 'd', kind: 'Dense', name: 'lonely', params: {} });
    graph.edges.push({ id: 'x', source: 'd', target: 'n2', targetPort: 1 });
    expect(find(graph, 'missing-input')?.message).toBe('Dense has nothing connected to its input.');
    const merge = chain([input, { kind: 'Add', name: 'add', params: {} }, out]).graph;
    expect(find(merge, 'missing-input')?.message).toBe('Add needs at least 2 inputs; 1 connected.');
  });
  it('too-many-inputs', () => {
    const { graph } = chain([input, { kind: 'Dense', name: 'a', params: {} }, out]);
    graph.edges.push({ id: 'x', source: 'n1', target: 'n2', targetPort: 1 });
    expect(find(graph, 'too-many-inputs')?.message).toMatch(/takes one input; 2 are connected/);
  });
  it('shape, with a fix', () => {
    const { graph } = chain([
      { kind: 'InputImage', name: 'img', params: {} },
      { kind: 'Dense', name: 'd', params: {} },
      out,
    ]);
    const d = find(graph, 'shape')!;
    expect(d.message).toBe('Dense needs a flat input; this edge carries 28×28×1.');
    expect(d.fix).toMatchObject({ kind: 'insertBefore', layerKind: 'Flatten' });
    expect(d.edgeId).toBe('e1');
  });
  it('shape on a merge points at the edge its fix repairs', () => {
    const { graph } = chain([
      { kind: 'InputImage', name: 'img', params: {} },
      { kind: 'Conv2D', name: 'c', params: { filters: 8, padding: 'same' } },
      { kind: 'Add', name: 'add', params: {} },
      { kind: 'Flatten', name: 'f', params: {} },
      out,
    ]);
    graph.edges.push({ id: 'skip', source: 'n1', target: 'n3', targetPort: 1 });
    const d = find(graph, 'shape')!;
    expect(d.message).toBe(
      'Add needs inputs of the same shape; input 1 carries 28×28×8 and input 2 carries 28×28×1.',
    );
    expect(d.fix).toMatchObject({ layerKind: 'Conv2D', port: 1, params: { filters: 8 } });
    expect(d.edgeId).toBe('skip');
  });
  it('bad-param', () => {
    const { graph } = chain([input, { kind: 'Dense', name: 'd', params: { units: 0 } }, out]);
    expect(find(graph, 'bad-param')?.message).toBe('Units must be at least 1');
  });
  it('no-input-layer and no-output-layer', () => {
    expect(codes(chain([{ kind: 'Dense', name: 'd', params: {} }]).graph)).toEqual(
      expect.arrayContaining(['no-input-layer', 'no-output-layer']),
    );
  });
  it('multiple-outputs', () => {
    const { graph } = chain([input, out]);
    graph.nodes.push({ id: 'o2', kind: 'Output', name: 'out2', params: {} });
    graph.edges.push({ id: 'x', source: 'n1', target: 'o2', targetPort: 0 });
    expect(find(graph, 'multiple-outputs')?.nodeId).toBe('o2');
  });
  it('unused (a warning: the graph stays valid)', () => {
    const { graph } = chain([input, out]);
    graph.nodes.push({ id: 'd', kind: 'Dense', name: 'dangling', params: {} });
    graph.edges.push({ id: 'x', source: 'n1', target: 'd', targetPort: 0 });
    const a = analyzeGraph(graph);
    expect(a.diagnostics).toEqual([
      expect.objectContaining({ code: 'unused', severity: 'warning', nodeId: 'd' }),
    ]);
    expect(a.valid).toBe(true);
  });
  it('duplicate-name', () => {
    const { graph } = chain([input, { kind: 'Dense', name: 'in', params: {} }, out]);
    expect(find(graph, 'duplicate-name')?.message).toBe('Another layer is already named "in".');
  });
});
