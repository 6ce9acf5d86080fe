import { describe, expect, it } from 'vitest';
import { chain } from '../templates';
import { applyFix, reshapeCandidates } from './fixes';
import { analyzeGraph } from './analyze';
import type { LayerNode } from '../graph/types';

const shapeProblems = (g: ReturnType<typeof chain>['graph']) =>
  analyzeGraph(g).diagnostics.filter((d) => d.severity === 'error');

function fixFirst(nodes: Omit<LayerNode, 'id'>[]) {
  const { graph, layout } = chain(nodes);
  const d = analyzeGraph(graph).diagnostics.find((x) => x.fix);
  expect(d, 'the checker offers a fix').toBeDefined();
  return { before: graph, d: d!, ...applyFix(graph, layout, d!) };
}

const image = { kind: 'InputImage', name: 'input', params: { height: 28, width: 28, channels: 1 } };
const out = { kind: 'Output', name: 'output', params: { classes: 10, activation: 'softmax', loss: 'sparseCategoricalCrossentropy' } };

describe('one-click fixes', () => {
  it('inserts Flatten between a conv and a Dense', () => {
    const r = fixFirst([image, { kind: 'Conv2D', name: 'c', params: {} }, { kind: 'Dense', name: 'd', params: {} }, out]);
    expect(r.d.fix?.kind).toBe('insertBefore');
    expect(r.graph.nodes.map((n) => n.kind)).toContain('Flatten');
    expect(shapeProblems(r.graph)).toEqual([]);
    expect(Object.keys(r.layout.positions)).toHaveLength(r.graph.nodes.length);
  });

  it('inserts Flatten before the Output head', () => {
    const r = fixFirst([image, { kind: 'Conv2D', name: 'c', params: {} }, out]);
    expect(shapeProblems(r.graph)).toEqual([]);
  });

  it('inserts a Reshape with an image-like target before a Conv2D fed by a vector', () => {
    const r = fixFirst([
      { kind: 'InputVector', name: 'input', params: { features: 784 } },
      { kind: 'Conv2D', name: 'c', params: {} },
      { kind: 'Flatten', name: 'f', params: {} },
      out,
    ]);
    const reshape = r.graph.nodes.find((n) => n.kind === 'Reshape')!;
    expect(reshape.params.targetShape).toEqual([28, 28, 1]);
    expect(shapeProblems(r.graph)).toEqual([]);
  });

  it('sets a param: "same" padding when the kernel does not fit', () => {
    const r = fixFirst([
      { kind: 'InputImage', name: 'input', params: { height: 2, width: 2, channels: 1 } },
      { kind: 'Conv2D', name: 'c', params: { kernelSize: 3, padding: 'valid' } },
      { kind: 'Flatten', name: 'f', params: {} },
      out,
    ]);
    expect(r.d.fix?.kind).toBe('setParam');
    expect(r.graph.nodes.find((n) => n.name === 'c')!.params.padding).toBe('same');
    expect(shapeProblems(r.graph)).toEqual([]);
  });

  it('leaves the graph alone for a diagnostic without a fix', () => {
    const { graph, layout } = chain([image]);
    const d = { severity: 'error' as const, code: 'no-output-layer' as const, message: 'x' };
    expect(applyFix(graph, layout, d)).toEqual({ graph, layout });
  });

  it('proposes Reshape targets that keep the element count', () => {
    expect(reshapeCandidates(784)[0]).toEqual([28, 28, 1]);
    expect(reshapeCandidates(3072)[0]).toEqual([32, 32, 3]);
    for (const c of reshapeCandidates(90)) expect(c.reduce((a, b) => a * b, 1)).toBe(90);
  });
});
