import type { LayerSpec } from '../types';
import { num, str } from '../params';
import { formatShape } from '../shape-utils';

/** Input layers carry the sample shape; the compiler turns them into tf.input(). */
export const inputImage: LayerSpec = {
  kind: 'InputImage',
  label: 'Image input',
  category: 'Input',
  help: 'Images of a fixed size: height × width × channels (1 for grayscale, 3 for colour).',
  params: {
    height: { type: 'int', label: 'Height', default: 28, min: 1, max: 4096 },
    width: { type: 'int', label: 'Width', default: 28, min: 1, max: 4096 },
    channels: { type: 'int', label: 'Channels', default: 1, min: 1, max: 4 },
  },
  inputs: { min: 0, max: 0 },
  inferShape: (_i, p) => ({ ok: true, shape: [num(p, 'height'), num(p, 'width'), num(p, 'channels')] }),
  paramCount: () => 0,
  compile: (p) => ({
    className: 'InputLayer',
    config: {
      batchInputShape: [null, num(p, 'height'), num(p, 'width'), num(p, 'channels')],
      dtype: 'float32',
    },
  }),
};

/** Tabular input: a vector of numeric features. */
export const inputVector: LayerSpec = {
  kind: 'InputVector',
  label: 'Table input',
  category: 'Input',
  help: 'One row of a table: a flat vector of numeric features.',
  params: { features: { type: 'int', label: 'Features', default: 4, min: 1, max: 1_000_000 } },
  inputs: { min: 0, max: 0 },
  inferShape: (_i, p) => ({ ok: true, shape: [num(p, 'features')] }),
  paramCount: () => 0,
  compile: (p) => ({
    className: 'InputLayer',
    config: { batchInputShape: [null, num(p, 'features')], dtype: 'float32' },
  }),
};

/** Token-id sequence input (text). */
export const inputSequence: LayerSpec = {
  kind: 'InputSequence',
  label: 'Token sequence input',
  category: 'Input',
  help: 'Text as a fixed-length sequence of token ids (feed it to an Embedding).',
  params: {
    length: { type: 'int', label: 'Sequence length', default: 100, min: 1, max: 100_000 },
    vocabSize: { type: 'int', label: 'Vocabulary size', default: 10_000, min: 2, max: 10_000_000 },
  },
  inputs: { min: 0, max: 0 },
  inferShape: (_i, p) => ({ ok: true, shape: [num(p, 'length')] }),
  paramCount: () => 0,
  compile: (p) => ({
    className: 'InputLayer',
    config: { batchInputShape: [null, num(p, 'length')], dtype: 'float32' },
  }),
};

/** Output head: a Dense layer sized to the classes, plus the loss the trainer uses. */
export const output: LayerSpec = {
  kind: 'Output',
  label: 'Output (classifier)',
  category: 'Output',
  help: 'The prediction: one probability per class. Softmax for one label per sample, sigmoid for two classes.',
  params: {
    classes: { type: 'int', label: 'Classes', default: 10, min: 1, max: 100_000 },
    activation: { type: 'enum', label: 'Activation', default: 'softmax', options: ['softmax', 'sigmoid'] },
    loss: {
      type: 'enum',
      label: 'Loss',
      default: 'sparseCategoricalCrossentropy',
      options: ['sparseCategoricalCrossentropy', 'categoricalCrossentropy', 'binaryCrossentropy'],
      help: 'Sparse categorical cross-entropy takes class indices as labels.',
    },
  },
  inputs: { min: 1, max: 1 },
  inferShape([input], p) {
    if (input.length !== 1)
      return {
        ok: false,
        message: `The output head needs a flat input; this edge carries ${formatShape(input)}.`,
        fix: { kind: 'insertBefore', layerKind: 'Flatten', label: 'Insert Flatten' },
      };
    return { ok: true, shape: [num(p, 'classes')] };
  },
  paramCount: ([input], p) => ((input[0] ?? 0) + 1) * num(p, 'classes'),
  macs: ([input], p) => (input[0] ?? 0) * num(p, 'classes'),
  compile: (p) => ({
    className: 'Dense',
    config: { units: num(p, 'classes'), activation: str(p, 'activation') },
  }),
};
