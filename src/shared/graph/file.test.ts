import { describe, expect, it } from 'vitest';
import { TEMPLATES, mnistCnn } from '../templates';
import { parseGraphFile, serializeGraphFile, type GraphFile } from './file';

const ok = (text: string) => {
  const r = parseGraphFile(text);
  if (!r.ok) throw new Error(r.message);
  return r;
};
const refused = (text: string) => {
  const r = parseGraphFile(text);
  if (r.ok) throw new Error('expected a refusal');
  return r.message;
};
const base = (): GraphFile => JSON.parse(serializeGraphFile(mnistCnn.graph, mnistCnn.layout, 'MNIST'));

describe('graph file', () => {
  it('round-trips every template with no repairs', () => {
    for (const t of TEMPLATES) {
      const r = ok(serializeGraphFile(t.graph, t.layout, t.name));
      expect(r.repairs).toEqual([]);
      expect(r.file).toEqual({
        format: 'layerlab-graph',
        version: 1,
        name: t.name,
        graph: t.graph,
        layout: t.layout,
      });
    }
  });

  it('migrates a version-0 file (bare graph) and places its layers', () => {
    const r = ok(JSON.stringify(mnistCnn.graph));
    expect(r.file.version).toBe(1);
    expect(r.file.graph).toEqual(mnistCnn.graph);
    expect(Object.keys(r.file.layout.positions)).toEqual(mnistCnn.graph.nodes.map((n) => n.id));
    expect(r.repairs[0]).toMatch(/version 0/);
    expect(r.repairs[1]).toMatch(/Placed 8 layer\(s\)/);
  });

  it('repairs harmless damage and lists each repair', () => {
    const f = base();
    f.graph.edges.push({ id: 'ghost', source: 'n8', target: 'nowhere', targetPort: 0 });
    f.graph.nodes.push({ ...f.graph.nodes[6], name: 'dense_copy' }); // duplicate id n7
    f.graph.edges.push({ ...f.graph.edges[0] }); // duplicate edge id e1
    (f.graph.nodes[1].params as Record<string, unknown>).colour = 'blue';
    delete f.layout.positions.n3;
    f.layout.positions.gone = { x: 1, y: 2 };
    const r = ok(JSON.stringify(f));
    expect(r.repairs).toEqual([
      'Dropped the unknown setting "colour" of layer "conv2d_1".',
      'Two layers had the id "n7"; the second is now "n7_2".',
      'Two connections had the id "e1"; the second is now "e1_2".',
      'Dropped the connection ghost from "n8" to "nowhere": layer "nowhere" does not exist.',
      'Dropped the positions of 1 layer(s) that are not in the graph.',
      'Placed 2 layer(s) that had no position: max_pooling2d_1, dense_copy.',
    ]);
    expect(r.file.graph.nodes.map((n) => n.id)).toContain('n7_2');
    expect(r.file.graph.nodes[1].params).not.toHaveProperty('colour');
    expect(r.file.graph.edges.find((e) => e.id === 'ghost')).toBeUndefined();
    expect(r.file.layout.positions.n3).toBeDefined();
    expect(r.file.layout.positions.gone).toBeUndefined();
  });

  it('refuses text that is not JSON, saying where it breaks', () => {
    expect(refused('{"format": "layerlab-graph", }')).toMatch(
      /not valid JSON: the text breaks at position 29/,
    );
    expect(refused('{"nodes": [')).toMatch(/not valid JSON: the text breaks at position 11/);
  });

  it('refuses unknown layer kinds, naming the node', () => {
    const f = base();
    f.graph.nodes[2].kind = 'Quantum';
    expect(refused(JSON.stringify(f))).toBe('Unknown layer kind "Quantum" in node "n3" (max_pooling2d_1).');
  });

  it('refuses newer versions and foreign files', () => {
    expect(refused(JSON.stringify({ ...base(), version: 2 }))).toMatch(
      /newer LayerLab \(file version 2; this one reads up to 1\)/,
    );
    expect(refused(JSON.stringify({ format: 'other', version: 1 }))).toMatch(/not a LayerLab graph file/);
    expect(refused('[1, 2]')).toMatch(/not a LayerLab graph file/);
    expect(refused(JSON.stringify({ ...base(), version: 'one' }))).toMatch(/no valid version/);
  });

  it('refuses structural damage with the path of the problem', () => {
    const f = base() as unknown as { graph: { nodes: { id: unknown }[] } };
    f.graph.nodes[0].id = 42;
    expect(refused(JSON.stringify(f))).toMatch(/damaged at graph\.nodes\.0\.id/);
  });
});
