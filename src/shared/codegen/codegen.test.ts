import { describe, expect, it } from 'vitest';
import { chain, mnistCnn, lstmText, resnetBlock } from '../templates';
import { allLayersGraph } from './all-layers.fixture';
import { toKeras, pyValue } from './keras';
import { toTfjs, tfjsFactory } from './tfjs';
import { variableNames } from './plan';

/** Assert each snippet appears, in this order. */
function inOrder(text: string, snippets: string[]): void {
  let at = 0;
  for (const s of snippets) {
    const i = text.indexOf(s, at);
    expect(i, `missing or out of order: ${s}`).toBeGreaterThanOrEqual(0);
    at = i + s.length;
  }
}

describe('Keras export', () => {
  it('writes the seed CNN as hand-written Keras would', () => {
    inOrder(toKeras(mnistCnn.graph, 'mnist_cnn'), [
      'import keras',
      'def build_model():',
      'input = keras.Input(shape=(28, 28, 1), name="input")',
      'conv2d_1 = keras.layers.Conv2D(32, (3, 3), activation="relu", name="conv2d_1")(input)',
      'max_pooling2d_1 = keras.layers.MaxPooling2D((2, 2), name="max_pooling2d_1")(conv2d_1)',
      'conv2d_2 = keras.layers.Conv2D(64, (3, 3), activation="relu", name="conv2d_2")(max_pooling2d_1)',
      'keras.layers.Flatten(name="flatten")(max_pooling2d_2)',
      'keras.layers.Dense(64, activation="relu", name="dense_1")(flatten)',
      'output = keras.layers.Dense(10, activation="softmax", name="output")(dense_1)',
      'return keras.Model(inputs=input, outputs=output, name="mnist_cnn")',
      'loss="sparse_categorical_crossentropy"',
    ]);
  });
  it('writes merges, recurrent wrappers and custom layers', () => {
    const py = toKeras(allLayersGraph);
    inOrder(py, [
      'class PositionalEmbedding(keras.layers.Layer):',
      'class TransformerEncoder(keras.layers.Layer):',
      'def build_model():',
    ]);
    for (const line of [
      'tokens = keras.Input(shape=(20,), dtype="int32", name="tokens")',
      'keras.layers.Conv1D(8, 3, padding="same", activation="relu", name="conv1d")(embedding)',
      'keras.layers.MaxPooling1D(2, name="max_pooling1d")(conv1d)',
      'keras.layers.Bidirectional(keras.layers.GRU(4, return_sequences=True, reset_after=False), name="bidirectional")(max_pooling1d)',
      'keras.layers.Multiply(name="gate")([max_pooling1d, layer_norm])',
      'keras.layers.Concatenate(name="concat")([gru, lstm, gap1d, gap2d, dense])',
      'PositionalEmbedding(vocab_size=50, embed_dim=8, sequence_length=20, name="pos_emb")(tokens)',
      'TransformerEncoder(num_heads=2, ff_dim=16, epsilon=0.000001, embed_dim=8, name="encoder")(pos_emb)',
      'keras.layers.DepthwiseConv2D((3, 3), padding="same", name="dw_conv")(sep_conv)',
      'keras.layers.Dropout(0.2, name="dropout")(batch_norm)',
      'return keras.Model(inputs=[tokens, image, table], outputs=output',
    ])
      expect(py).toContain(line);
    expect(toKeras(resnetBlock.graph)).toContain(
      'skip_add = keras.layers.Add(name="skip_add")([stem_conv, block_conv_2])',
    );
    expect(toKeras(lstmText.graph)).toContain('keras.layers.LSTM(32, name="lstm")(embedding)');
  });
  it('formats Python literals', () => {
    expect([pyValue(true), pyValue(null), pyValue([5]), pyValue([1, 2]), pyValue('a"b')]).toEqual([
      'True',
      'None',
      '(5,)',
      '(1, 2)',
      '"a\\"b"',
    ]);
  });
  it('refuses an invalid graph with the checker message', () => {
    const { graph } = chain([
      { kind: 'InputImage', name: 'in', params: {} },
      { kind: 'Dense', name: 'd', params: {} },
    ]);
    expect(() => toKeras(graph)).toThrow(/cannot be exported yet/);
  });
});

describe('TF.js export', () => {
  it('maps class names to tf.layers factories', () => {
    expect(
      ['Conv2D', 'MaxPooling2D', 'LSTM', 'GlobalAveragePooling1D', 'BatchNormalization', 'Dense'].map(
        tfjsFactory,
      ),
    ).toEqual(['conv2d', 'maxPooling2d', 'lstm', 'globalAveragePooling1d', 'batchNormalization', 'dense']);
  });
  it('writes the seed CNN layer by layer', () => {
    inOrder(toTfjs(mnistCnn.graph), [
      "import * as tf from '@tensorflow/tfjs';",
      "const input = tf.input({ shape: [28, 28, 1], name: 'input' });",
      "tf.layers.conv2d({ filters: 32, kernelSize: [3, 3], strides: [1, 1], padding: 'valid', activation: 'relu', name: 'conv2d_1' }).apply(input)",
      'tf.layers.maxPooling2d({ poolSize: [2, 2]',
      "tf.layers.flatten({ name: 'flatten' })",
      "tf.layers.dense({ units: 10, activation: 'softmax', name: 'output' }).apply(dense_1)",
      'return tf.model({ inputs: input, outputs: output',
      "export const LOSS = 'sparseCategoricalCrossentropy';",
    ]);
  });
  it('writes wrappers and custom classes', () => {
    const js = toTfjs(allLayersGraph);
    expect(js).toContain('class TransformerEncoder extends tf.layers.Layer');
    expect(js).toContain(
      "tf.layers.bidirectional({ layer: tf.layers.gru({ units: 4, returnSequences: true, recurrentActivation: 'sigmoid' }), mergeMode: 'concat', name: 'bidirectional' })",
    );
    expect(js).toContain(
      "new TransformerEncoder({ numHeads: 2, ffDim: 16, epsilon: 0.000001, name: 'encoder' }).apply(pos_emb)",
    );
  });
});

describe('variable names', () => {
  it('are valid, unique identifiers', () => {
    const names = variableNames([
      { id: 'a', kind: 'Dense', name: '1st layer', params: {} },
      { id: 'b', kind: 'Dense', name: 'class', params: {} },
      { id: 'c', kind: 'Dense', name: '1st-layer', params: {} },
    ]);
    expect([...names.values()]).toEqual(['l_1st_layer', 'class_', 'l_1st_layer_2']);
  });
});
