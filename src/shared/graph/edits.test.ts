import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mnistCnn } from '../templates';
import { LAYER_SPECS } from '../layers/catalog';
import {
  addNode,
  addedNodeIds,
  connect,
  copyFragment,
  disconnect,
  duplicate,
  insertBefore,
  moveNodes,
  paste,
  removeNodes,
  rename,
  setParam,
} from './edits';
import { applyPatch, invertPatch, type GraphDoc, type Patch } from './history';

const start: GraphDoc = { graph: mnistCnn.graph, layout: mnistCnn.layout };

const step = fc.record({
  cmd: fc.integer({ min: 0, max: 9 }),
  a: fc.nat(50),
  b: fc.nat(50),
  c: fc.integer({ min: -300, max: 300 }),
});
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

/** Turn a random step into a command against the current document. */
function command(doc: GraphDoc, s: Step): Patch {
  const nodes = doc.graph.nodes;
  const node = (i: number) => nodes[i % Math.max(nodes.length, 1)];
  const kinds = LAYER_SPECS.map((k) => k.kind);
  if (nodes.length === 0 && s.cmd !== 0) return addNode(doc, kinds[s.a % kinds.length], { x: s.c, y: s.c });
  switch (s.cmd) {
    case 0:
      return addNode(doc, kinds[s.a % kinds.length], { x: s.c, y: s.b });
    case 1:
      return removeNodes(doc, [node(s.a).id, node(s.b).id], (s.c & 1) === 1);
    case 2:
      return connect(doc, node(s.a).id, node(s.b).id, s.c & 1);
    case 3:
      return doc.graph.edges.length ? disconnect(doc, doc.graph.edges[s.a % doc.graph.edges.length].id) : { ops: [] };
    case 4:
      return setParam(doc, node(s.a).id, ['units', 'filters', 'foo'][s.b % 3], s.c);
    case 5:
      return rename(doc, node(s.a).id, `name_${s.b}`);
    case 6:
      return moveNodes(doc, { [node(s.a).id]: { x: s.c, y: s.b } });
    case 7:
      return duplicate(doc, [node(s.a).id, node(s.b).id]);
    case 8:
      return paste(doc, copyFragment(doc, nodes.slice(0, s.b % 4).map((n) => n.id)), { x: s.c, y: 0 });
    default:
      return doc.graph.edges.length
        ? insertBefore(doc, doc.graph.edges[s.a % doc.graph.edges.length].id, 'Dropout', { rate: 0.1 })
        : { ops: [] };
  }
}

describe('edit commands', () => {
  it('apply then invert gives back the document, step by step and as a whole', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        let doc = start;
        const patches: Patch[] = [];
        for (const s of steps) {
          const p = command(doc, s);
          const next = applyPatch(doc, p);
          expect(applyPatch(next, invertPatch(p))).toEqual(doc);
          patches.push(p);
          doc = next;
        }
        for (const p of [...patches].reverse()) doc = applyPatch(doc, invertPatch(p));
        expect(doc).toEqual(start);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps ids unique and edges pointing at existing nodes', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        let doc = start;
        for (const s of steps) doc = applyPatch(doc, command(doc, s));
        const ids = doc.graph.nodes.map((n) => n.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(new Set(doc.graph.edges.map((e) => e.id)).size).toBe(doc.graph.edges.length);
        for (const e of doc.graph.edges) {
          expect(ids).toContain(e.source);
          expect(ids).toContain(e.target);
        }
      }),
    );
  });

  it('adds a layer with catalog defaults and a Keras-style unique name', () => {
    const p = addNode(start, 'Conv2D', { x: 5, y: 5 });
    const doc = applyPatch(start, p);
    const added = doc.graph.nodes.find((n) => n.id === addedNodeIds(p)[0])!;
    expect(added.name).toBe('conv2d_3');
    expect(added.params.filters).toBe(32);
    expect(doc.layout.positions[added.id]).toEqual({ x: 5, y: 5 });
  });

  it('removing a layer from a chain with bridge keeps the chain connected', () => {
    const doc = applyPatch(start, removeNodes(start, ['n6', 'n7'], true)); // flatten, dense
    expect(doc.graph.edges.some((e) => e.source === 'n5' && e.target === 'n8')).toBe(true);
    expect(doc.graph.edges).toHaveLength(start.graph.edges.length - 2);
  });

  it('connect replaces the edge already on that port', () => {
    const doc = applyPatch(start, connect(start, 'n1', 'n3', 0));
    const into = doc.graph.edges.filter((e) => e.target === 'n3');
    expect(into).toHaveLength(1);
    expect(into[0].source).toBe('n1');
  });

  it('insertBefore splices a layer into an edge and pushes the rest down', () => {
    const edge = start.graph.edges.find((e) => e.target === 'n6')!; // pool → flatten
    const doc = applyPatch(start, insertBefore(start, edge.id, 'Dropout'));
    const d = doc.graph.nodes.find((n) => n.kind === 'Dropout')!;
    expect(doc.graph.edges.some((e) => e.source === 'n5' && e.target === d.id)).toBe(true);
    expect(doc.graph.edges.some((e) => e.source === d.id && e.target === 'n6')).toBe(true);
    expect(doc.layout.positions.n6.y).toBe(start.layout.positions.n6.y + 110);
    expect(doc.layout.positions[d.id]).toEqual(start.layout.positions.n6);
  });

  it('paste renames clashing layers and keeps internal edges', () => {
    const frag = copyFragment(start, ['n2', 'n3']);
    const doc = applyPatch(start, paste(start, frag));
    expect(doc.graph.nodes.map((n) => n.name)).toContain('conv2d_3');
    expect(doc.graph.edges).toHaveLength(start.graph.edges.length + 1);
  });
});
