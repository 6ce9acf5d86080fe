import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mnistCnn } from '../templates';
import { addNode, moveNodes, setParam } from './edits';
import { applyPatch, beginGesture, canRedo, canUndo, commitGesture, emptyHistory, recordPatch, redo, undo, type GraphDoc } from './history';

const start: GraphDoc = { graph: mnistCnn.graph, layout: mnistCnn.layout };

describe('history', () => {
  it('undo all then redo all round-trips for random param edits', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 500 })), { maxLength: 20 }), (edits) => {
        let doc = start;
        let h = emptyHistory();
        for (const [n, v] of edits) {
          const p = setParam(doc, `n${n}`, 'units', v);
          doc = applyPatch(doc, p);
          h = recordPatch(h, p);
        }
        const end = doc;
        while (canUndo(h)) ({ history: h, doc } = undo(h, doc));
        expect(doc).toEqual(start);
        while (canRedo(h)) ({ history: h, doc } = redo(h, doc));
        expect(doc).toEqual(end);
      }),
    );
  });

  it('a drag is one entry', () => {
    let doc = start;
    let h = beginGesture(emptyHistory());
    for (let i = 1; i <= 20; i++) {
      const p = moveNodes(doc, { n1: { x: i, y: i * 2 } });
      doc = applyPatch(doc, p);
      h = recordPatch(h, p);
    }
    h = commitGesture(h);
    expect(h.past).toHaveLength(1);
    expect(h.past[0].ops).toHaveLength(1);
    ({ history: h, doc } = undo(h, doc));
    expect(doc).toEqual(start);
    expect(canUndo(h)).toBe(false);
  });

  it('a new edit clears the redo stack; empty patches are not recorded', () => {
    let doc = start;
    let h = emptyHistory();
    const p = addNode(doc, 'Dense', { x: 0, y: 0 });
    doc = applyPatch(doc, p);
    h = recordPatch(h, p);
    ({ history: h, doc } = undo(h, doc));
    expect(canRedo(h)).toBe(true);
    h = recordPatch(h, { ops: [] });
    expect(canRedo(h)).toBe(true);
    h = recordPatch(h, setParam(doc, 'n7', 'units', 3));
    expect(canRedo(h)).toBe(false);
  });
});
