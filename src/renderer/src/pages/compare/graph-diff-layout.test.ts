import { describe, expect, it } from 'vitest';
import { mnistCnn } from '../../../../shared/templates';
import type { ModelGraph } from '../../../../shared/graph/types';
import { diffGraphs } from '../../../../shared/metrics/graph-diff';
import { diffBoxHeight, layoutGraphDiff, overlaps } from './graph-diff-layout';

const a = mnistCnn.graph;
const byName = (name: string) => a.nodes.find((n) => n.name === name)!;

describe('graph diff layout', () => {
  it('no two boxes overlap when layers are removed, added and changed with several params', () => {
    const conv2 = byName('conv2d_2');
    const pool2 = byName('max_pooling2d_2');
    const pool1 = byName('max_pooling2d_1');
    const flat = a.nodes.find((n) => n.kind === 'Flatten')!;
    const dense = byName('dense_1');
    const out = a.nodes.find((n) => n.kind === 'Output')!;
    // b: the second conv block removed, dense_1 changed in two params, a Dropout added before the output.
    const b: ModelGraph = {
      nodes: [
        ...a.nodes.filter((n) => n !== conv2 && n !== pool2 && n !== dense),
        { ...dense, params: { ...dense.params, units: 32, activation: 'tanh' } },
        { id: 'drop', kind: 'Dropout', name: 'dropout_1', params: { rate: 0.5 } },
      ],
      edges: [
        ...a.edges.filter((e) => ![conv2.id, pool2.id].includes(e.source) && ![conv2.id, pool2.id, out.id].includes(e.target)),
        { id: 'e1', source: pool1.id, target: flat.id, targetPort: 0 },
        { id: 'e2', source: dense.id, target: 'drop', targetPort: 0 },
        { id: 'e3', source: 'drop', target: out.id, targetPort: 0 },
      ],
    };
    const diff = diffGraphs(a, b);
    expect(diff.removed).toBe(2);
    const boxes = layoutGraphDiff(diff);
    const keys = Object.keys(boxes);
    expect(keys).toHaveLength(diff.nodes.length);
    for (let i = 0; i < keys.length; i++)
      for (let j = i + 1; j < keys.length; j++)
        expect(overlaps(boxes[keys[i]], boxes[keys[j]]), `${keys[i]} and ${keys[j]}`).toBe(false);
    // A changed box is as tall as its lines.
    expect(boxes.dense_1.height).toBe(diffBoxHeight(2));
    // Data flows downward: the output sits below the dropout that now feeds it.
    expect(boxes.output.y).toBeGreaterThan(boxes.dropout_1.y);
  });

  it('overlaps() sees shared area and not touching edges', () => {
    const box = { x: 0, y: 0, width: 10, height: 10 };
    expect(overlaps(box, { ...box, x: 5 })).toBe(true);
    expect(overlaps(box, { ...box, x: 10 })).toBe(false);
  });
});
