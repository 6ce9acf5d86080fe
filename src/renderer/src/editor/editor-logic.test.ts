import { describe, expect, it } from 'vitest';
import { mnistCnn, chain } from '../../../shared/templates';
import { applyPatch } from '../../../shared/graph/history';
import { analyzeGraph } from '../../../shared/validate/analyze';
import { checkConnection, connectWithFix, fixLabel, replacementNote } from './connection';
import { addFromPalette } from './placement';
import { problemsLine, summarize } from './summary';
import { arrange } from './auto-layout';

const doc = { graph: mnistCnn.graph, layout: mnistCnn.layout };

describe('checkConnection', () => {
  it('refuses loops, self links and links into an input', () => {
    expect(checkConnection(doc.graph, 'n5', 'n2').ok).toBe(false);
    expect(checkConnection(doc.graph, 'n3', 'n3').ok).toBe(false);
    const r = checkConnection(doc.graph, 'n2', 'n1');
    expect(r.ok === false && r.reason).toMatch(/takes no input/);
  });

  it('refuses shape-incompatible links with the reason and the fix', () => {
    const r = checkConnection(doc.graph, 'n5', 'n7'); // 5×5×64 into Dense
    expect(r).toEqual({ ok: false, reason: 'Dense needs a flat input; this edge carries 5×5×64.', fix: 'Insert a Flatten layer between them' });
  });

  it('offers no fix where no repair helps: a loop, an input layer', () => {
    expect(checkConnection(doc.graph, 'n5', 'n2')).not.toHaveProperty('fix');
    expect(checkConnection(doc.graph, 'n2', 'n1')).not.toHaveProperty('fix');
    expect(connectWithFix(doc, 'n5', 'n2')).toBeNull();
    expect(connectWithFix(doc, 'n2', 'n1')).toBeNull();
  });
});

describe('connectWithFix', () => {
  // An image input and a Dense head, not linked yet: the link is refused (Dense needs a vector).
  const loose = {
    graph: {
      nodes: [
        { id: 'a', kind: 'InputImage', name: 'image', params: { height: 28, width: 28, channels: 1 } },
        { id: 'b', kind: 'Dense', name: 'dense', params: { units: 16, activation: 'relu' } },
      ],
      edges: [],
    },
    layout: { positions: { a: { x: 0, y: 0 }, b: { x: 0, y: 300 } } },
  } as never as typeof doc;

  it('draws the link with a Flatten in between, as one patch that leaves no shape error', () => {
    const r = connectWithFix(loose, 'a', 'b', 0)!;
    expect(r.label).toBe('Insert a Flatten layer between them');
    const next = applyPatch(loose, r.patch);
    const flat = next.graph.nodes.find((n) => n.kind === 'Flatten')!;
    expect(next.graph.edges.map((e) => [e.source, e.target])).toEqual([
      ['a', flat.id],
      [flat.id, 'b'],
    ]);
    const a = analyzeGraph(next.graph);
    expect(a.shapes.b).toEqual([16]);
    expect(a.diagnostics.filter((d) => d.code === 'shape')).toEqual([]);
  });

  it('names sized and param repairs in the catalog words', () => {
    expect(fixLabel({ kind: 'insertBefore', layerKind: 'Reshape', params: { targetShape: [28, 28, 1] }, label: 'Insert Reshape to 28×28×1' })).toBe(
      'Insert Reshape to 28×28×1 between them',
    );
    expect(fixLabel({ kind: 'setParam', param: 'padding', value: 'same', label: 'Use "same" padding' })).toBe('Connect them and use "same" padding');
  });

  it('offers nothing for a link the checker accepts', () => {
    expect(connectWithFix(doc, 'n6', 'n8')).toBeNull();
  });

  it('accepts a valid link', () => {
    expect(checkConnection(doc.graph, 'n6', 'n8').ok).toBe(true);
  });
});

describe('addFromPalette', () => {
  it('splices a layer after the selected one when it fits', () => {
    const { patch, nodeId } = addFromPalette(doc, 'Dropout', 'n7');
    const next = applyPatch(doc, patch);
    expect(next.graph.edges.some((e) => e.source === 'n7' && e.target === nodeId)).toBe(true);
    expect(next.graph.edges.some((e) => e.source === nodeId && e.target === 'n8')).toBe(true);
    expect(analyzeGraph(next.graph).valid).toBe(true);
  });

  it('adds below and connects when the selected layer is the last one', () => {
    const small = chain([{ kind: 'InputVector', name: 'input', params: { features: 4 } }]);
    const { patch, nodeId } = addFromPalette(small, 'Dense', 'n1');
    const next = applyPatch(small, patch);
    expect(next.graph.edges).toEqual([expect.objectContaining({ source: 'n1', target: nodeId })]);
    expect(next.layout.positions[nodeId].y).toBeGreaterThan(small.layout.positions.n1.y);
  });

  it('does not connect when shapes do not fit, and does not overlap', () => {
    const { patch, nodeId } = addFromPalette(doc, 'Conv2D', 'n8'); // Output (10) → Conv2D is invalid
    const next = applyPatch(doc, patch);
    expect(next.graph.edges.some((e) => e.target === nodeId)).toBe(false);
  });
});

describe('summary and layout', () => {
  it('reports params, FLOPs and memory for the MNIST CNN', () => {
    const s = summarize(analyzeGraph(doc.graph), doc.graph.nodes.length, 32);
    expect(s.params).toBe(121930);
    expect(s.flops).toBeGreaterThan(0);
    expect(s.totalMB).toBeCloseTo(s.weightsMB * 3 + s.activationsMB);
  });

  it('arranges top to bottom', () => {
    const pos = arrange(doc);
    expect(pos.n2.y).toBeGreaterThan(pos.n1.y);
    expect(pos.n8.y).toBeGreaterThan(pos.n7.y);
  });
});

describe('one count of problems (header, Problems panel and status line read the same list)', () => {
  it('an empty canvas is one problem everywhere, never "ready to train"', () => {
    const a = analyzeGraph({ nodes: [], edges: [] });
    expect(a.valid).toBe(false);
    expect(a.diagnostics).toHaveLength(1);
    expect(a.diagnostics[0].severity).toBe('error');
    expect(a.diagnostics[0].message).toMatch(/empty/);
    expect(problemsLine(a.diagnostics)).toBe('1 problem to fix before training.');
  });

  it('the status line counts errors and warnings as the panel lists them', () => {
    const e = { severity: 'error' as const };
    const w = { severity: 'warning' as const };
    expect(problemsLine([e, e, e, w, w, w])).toBe('3 problems to fix before training, and 3 warnings.');
    expect(problemsLine([w])).toBe('Ready to train, with 1 warning.');
    expect(problemsLine([])).toBe('Ready to train.');
  });
});

describe('replacing a link is announced', () => {
  const graph = {
    nodes: [
      { id: 'a', kind: 'InputImage', name: 'input', params: {} },
      { id: 'b', kind: 'Dense', name: 'dense_1', params: {} },
      { id: 'c', kind: 'Dense', name: 'dense_2', params: {} },
    ],
    edges: [{ id: 'e1', source: 'a', target: 'c', targetPort: 0 }],
  } as never;

  it('names the old and the new link and how to undo', () => {
    expect(replacementNote(graph, 'b', 'c', 0)).toBe('Replaced the link input → dense_2 with dense_1 → dense_2. Undo (Ctrl+Z) brings the old link back.');
  });

  it('says nothing for a free input or the same link again', () => {
    expect(replacementNote(graph, 'a', 'b', 0)).toBeNull();
    expect(replacementNote(graph, 'a', 'c', 0)).toBeNull();
  });
});
