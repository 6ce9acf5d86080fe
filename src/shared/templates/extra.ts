import { chain, dag, type GraphTemplate } from './build';

/** A small multilayer perceptron for tabular data (4 numeric features, 3 classes: Iris). */
export const tabularMlp: GraphTemplate = {
  id: 'tabular-mlp',
  name: 'Table classifier (MLP)',
  description: '4 numeric features → Dense 16 → Dense 16 → 3 classes. For small tables such as Iris.',
  datasetId: 'builtin:iris',
  ...chain([
    { kind: 'InputVector', name: 'features', params: { features: 4 } },
    { kind: 'Dense', name: 'dense_1', params: { units: 16, activation: 'relu' } },
    { kind: 'Dense', name: 'dense_2', params: { units: 16, activation: 'relu' } },
    {
      kind: 'Output',
      name: 'output',
      params: { classes: 3, activation: 'softmax', loss: 'sparseCategoricalCrossentropy' },
    },
  ]),
};

/** Token ids → Embedding → LSTM → 2 classes (spam or not). */
export const lstmText: GraphTemplate = {
  id: 'lstm-text',
  name: 'Text classifier (LSTM)',
  description: '100 token ids → Embedding 32 → LSTM 32 → 2 classes. Reads e-mails word by word.',
  datasetId: 'builtin:spam',
  ...chain([
    { kind: 'InputSequence', name: 'tokens', params: { length: 100, vocabSize: 10_000 } },
    { kind: 'Embedding', name: 'embedding', params: { vocabSize: 10_000, outputDim: 32 } },
    { kind: 'LSTM', name: 'lstm', params: { units: 32, returnSequences: false } },
    {
      kind: 'Output',
      name: 'output',
      params: { classes: 2, activation: 'softmax', loss: 'sparseCategoricalCrossentropy' },
    },
  ]),
};

const conv = (filters: number, activation: string) => ({
  filters,
  kernelSize: 3,
  strides: 1,
  padding: 'same',
  activation,
});

/** One residual block: two convolutions whose result is added to the block's input (the skip). */
export const resnetBlock: GraphTemplate = {
  id: 'resnet-block',
  name: 'Residual CNN (ResNet block)',
  description:
    'Conv 16 → [Conv 16 → Conv 16] + skip → ReLU → MaxPool → 10 classes. The skip lets gradients flow straight through.',
  datasetId: 'builtin:mnist',
  ...dag(
    [
      { id: 'input', kind: 'InputImage', name: 'input', params: { height: 28, width: 28, channels: 1 } },
      { id: 'stem', kind: 'Conv2D', name: 'stem_conv', params: conv(16, 'relu') },
      { id: 'c1', kind: 'Conv2D', name: 'block_conv_1', params: conv(16, 'relu'), column: 1 },
      { id: 'c2', kind: 'Conv2D', name: 'block_conv_2', params: conv(16, 'linear'), column: 1 },
      { id: 'add', kind: 'Add', name: 'skip_add', params: {} },
      { id: 'relu', kind: 'Activation', name: 'block_relu', params: { activation: 'relu' } },
      {
        id: 'pool',
        kind: 'MaxPool2D',
        name: 'max_pooling2d',
        params: { poolSize: 2, strides: 0, padding: 'valid' },
      },
      { id: 'flat', kind: 'Flatten', name: 'flatten', params: {} },
      {
        id: 'out',
        kind: 'Output',
        name: 'output',
        params: { classes: 10, activation: 'softmax', loss: 'sparseCategoricalCrossentropy' },
      },
    ],
    [
      ['input', 'stem'],
      ['stem', 'c1'],
      ['c1', 'c2'],
      ['stem', 'add'],
      ['c2', 'add'],
      ['add', 'relu'],
      ['relu', 'pool'],
      ['pool', 'flat'],
      ['flat', 'out'],
    ],
  ),
};

/** Token ids → positional embedding → one Transformer encoder block → average → 2 classes. */
export const transformerText: GraphTemplate = {
  id: 'transformer-text',
  name: 'Text classifier (Transformer)',
  description:
    '64 token ids → positional embedding 32 → Transformer encoder (2 heads) → average over words → 2 classes.',
  datasetId: 'builtin:spam',
  ...chain([
    { kind: 'InputSequence', name: 'tokens', params: { length: 64, vocabSize: 10_000 } },
    {
      kind: 'PositionalEmbedding',
      name: 'positional_embedding',
      params: { vocabSize: 10_000, embedDim: 32 },
    },
    { kind: 'TransformerEncoder', name: 'transformer_encoder', params: { numHeads: 2, ffDim: 64 } },
    { kind: 'GlobalAveragePool1D', name: 'global_average_pooling1d', params: {} },
    { kind: 'Dropout', name: 'dropout', params: { rate: 0.1 } },
    {
      kind: 'Output',
      name: 'output',
      params: { classes: 2, activation: 'softmax', loss: 'sparseCategoricalCrossentropy' },
    },
  ]),
};
