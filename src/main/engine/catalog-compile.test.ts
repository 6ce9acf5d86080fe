import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { LAYER_SPECS } from '../../shared/layers/catalog';
import { analyzeGraph } from '../../shared/validate/analyze';
import { compileGraph } from './compile';
import { FIXTURES, probeGraph } from './catalog-probe.fixture';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('every catalog entry compiles and tfjs agrees with inferShape and paramCount', () => {
  it('has a fixture for every kind', () => {
    expect(Object.keys(FIXTURES).sort()).toEqual(LAYER_SPECS.map((s) => s.kind).sort());
  });
  for (const spec of LAYER_SPECS) {
    it(spec.kind, () => {
      const graph = probeGraph(spec.kind);
      const probe = graph.nodes.find((n) => n.name === 'probe')!;
      const analysis = analyzeGraph(graph);
      expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const model = compileGraph(graph);
      const layer = model.getLayer('probe');
      expect(layer.outputShape).toEqual([null, ...analysis.shapes[probe.id]]);
      const trainable = layer.trainableWeights.reduce(
        (s, w) => s + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1),
        0,
      );
      expect(trainable).toBe(analysis.paramCounts[probe.id]);
      model.dispose();
    });
  }
});
