import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { TEMPLATES } from '../../shared/templates';
import { analyzeGraph } from '../../shared/validate/analyze';
import { getLayerSpec } from '../../shared/layers/catalog';
import { compileGraph } from './compile';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Random inputs matching an input layer: integer token ids for sequences, floats otherwise. */
function randomInput(kind: string, shape: number[], n: number): tf.Tensor {
  if (kind === 'InputSequence') return tf.randomUniform([n, ...shape], 0, 255, 'int32').toFloat();
  return tf.randomUniform([n, ...shape]);
}

describe('templates', () => {
  for (const template of TEMPLATES) {
    it(`${template.id}: compiles, counts params like the checker, trains one step`, async () => {
      const analysis = analyzeGraph(template.graph);
      expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const model = compileGraph(template.graph);
      const trainable = model.trainableWeights.reduce(
        (sum, w) => sum + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1),
        0,
      );
      expect(trainable).toBe(analysis.totalParams);
      // Per layer as well, so a wrong count points at its catalog entry.
      for (const node of template.graph.nodes) {
        if (getLayerSpec(node.kind)!.inputs.max === 0) continue;
        const layer = model.getLayer(node.name);
        const count = layer.trainableWeights.reduce(
          (s, w) => s + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1),
          0,
        );
        expect([node.kind, count]).toEqual([node.kind, analysis.paramCounts[node.id]]);
      }
      // tfjs's built-in Embedding trains through UnsortedSegmentSum, which the cpu backend runs as one
      // masked sum per vocabulary entry (~50 s a step at 10k tokens); a small vocabulary keeps this fast.
      const small = structuredClone(template.graph);
      const shrink = small.nodes.filter((x) => x.kind === 'Embedding' || x.kind === 'InputSequence');
      for (const x of shrink) x.params.vocabSize = 256;
      const trainModel = shrink.length ? compileGraph(small) : model;
      const n = 8;
      const inputNode = template.graph.nodes.find((x) => getLayerSpec(x.kind)!.inputs.max === 0)!;
      const outputNode = template.graph.nodes.find((x) => x.kind === 'Output')!;
      const xs = randomInput(inputNode.kind, analysis.shapes[inputNode.id] as number[], n);
      const classes = analysis.params[outputNode.id].classes as number;
      const ys = tf.tensor1d(Array.from({ length: n }, (_v, i) => i % classes));
      trainModel.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
      const history = await trainModel.fit(xs, ys, { epochs: 1, batchSize: n, verbose: 0 });
      const loss = history.history.loss[0] as number;
      expect(Number.isFinite(loss)).toBe(true);
      tf.dispose([xs, ys]);
      if (trainModel !== model) trainModel.dispose();
      model.dispose();
    });
  }
});
