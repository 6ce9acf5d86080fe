import { chain, type GraphTemplate } from './build';
import { lstmText, resnetBlock, tabularMlp, transformerText } from './extra';

export { chain, dag, type GraphTemplate, type DagNode } from './build';
export { lstmText, resnetBlock, tabularMlp, transformerText } from './extra';

/** The seed: the classic Keras MNIST CNN, layer for layer. */
export const mnistCnn: GraphTemplate = {
  id: 'mnist-cnn',
  name: 'MNIST CNN (Keras classic)',
  description:
    'Conv2D 32 → MaxPool → Conv2D 64 → MaxPool → Flatten → Dense 64 → 10 classes. Reaches ~99 % on MNIST.',
  datasetId: 'builtin:mnist',
  ...chain([
    { kind: 'InputImage', name: 'input', params: { height: 28, width: 28, channels: 1 } },
    {
      kind: 'Conv2D',
      name: 'conv2d_1',
      params: { filters: 32, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu' },
    },
    { kind: 'MaxPool2D', name: 'max_pooling2d_1', params: { poolSize: 2, strides: 0, padding: 'valid' } },
    {
      kind: 'Conv2D',
      name: 'conv2d_2',
      params: { filters: 64, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu' },
    },
    { kind: 'MaxPool2D', name: 'max_pooling2d_2', params: { poolSize: 2, strides: 0, padding: 'valid' } },
    { kind: 'Flatten', name: 'flatten', params: {} },
    { kind: 'Dense', name: 'dense_1', params: { units: 64, activation: 'relu' } },
    {
      kind: 'Output',
      name: 'output',
      params: { classes: 10, activation: 'softmax', loss: 'sparseCategoricalCrossentropy' },
    },
  ]),
};

/** Every template, first one is the default. */
export const TEMPLATES: readonly GraphTemplate[] = [
  mnistCnn,
  tabularMlp,
  lstmText,
  resnetBlock,
  transformerText,
];
