import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { compileGraph } from '../compile';
import { transformerText } from '../../../shared/templates';
import { PositionalEmbedding } from './positional-embedding';
import { registerCustomLayers } from './index';

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerCustomLayers();
});

/** Save through an in-memory handler, exactly what model.save writes to disk. */
async function roundTrip(model: tf.LayersModel): Promise<tf.LayersModel> {
  let artifacts: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const json = JSON.parse(JSON.stringify(artifacts!.modelTopology));
  return tf.loadLayersModel(tf.io.fromMemory(json, artifacts!.weightSpecs, artifacts!.weightData));
}

describe('custom layers', () => {
  it('save and load back a Transformer model, predicting identically', async () => {
    const model = compileGraph(transformerText.graph);
    const x = tf.randomUniform([3, 64], 0, 9999, 'int32').toFloat();
    const before = model.predict(x) as tf.Tensor;
    const loaded = await roundTrip(model);
    expect(loaded.getLayer('transformer_encoder').getClassName()).toBe('TransformerEncoder');
    expect(loaded.getLayer('positional_embedding').getClassName()).toBe('PositionalEmbedding');
    const after = loaded.predict(x) as tf.Tensor;
    expect(Array.from(after.dataSync())).toEqual(Array.from(before.dataSync()));
    expect(loaded.countParams()).toBe(model.countParams());
    tf.dispose([x, before, after]);
  });

  it('encoder output is layer-normalised per step and keeps the input shape', () => {
    const model = compileGraph(transformerText.graph);
    const encoder = model.getLayer('transformer_encoder');
    const x = tf.randomNormal([2, 5, 32]);
    const y = encoder.apply(x) as tf.Tensor;
    expect(y.shape).toEqual([2, 5, 32]);
    const { mean, variance } = tf.moments(y, -1);
    for (const m of mean.dataSync()) expect(Math.abs(m)).toBeLessThan(1e-4);
    for (const v of variance.dataSync()) expect(v).toBeCloseTo(1, 3);
  });

  it('positional embedding gradient (scatter-add) equals tf.gather gradient', () => {
    const layer = new PositionalEmbedding({ vocabSize: 7, embedDim: 3, sequenceLength: 4 });
    const ids = tf.tensor2d([
      [1, 2, 2, 6],
      [0, 1, 1, 1],
    ]);
    layer.apply(ids);
    const table = layer.trainableWeights[0].read();
    const w = tf.randomNormal([2, 4, 3]);
    // The variable gradient through the layer, compared with a plain gather's.
    const { grads } = tf.variableGrads(
      () => tf.sum(tf.mul(layer.apply(ids) as tf.Tensor, w)) as tf.Scalar,
      [layer.trainableWeights[0].read() as tf.Variable],
    );
    const expected = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids.toInt()), w)))(table);
    const got = Object.values(grads)[0];
    expect(Array.from(got.dataSync())).toEqual(
      Array.from(expected.dataSync()).map((v) => expect.closeTo(v, 6)),
    );
  });
});
