/**
 * The model the app recommends for a dataset: sized to its samples and classes, regularised (dropout),
 * and trained with settings that stop on their own (early stopping on the validation loss, the best
 * epoch's weights kept), so that "more epochs" is never the user's job. Offered first on the Train page,
 * and trained by `layerlab train --dataset <name>` when no template is named.
 *
 * Sizes follow the usual rules of thumb rather than a search: a table MLP a few times wider than its
 * input (two hidden layers, halving), a CNN that halves the image until it is about 7 pixels across, and
 * for text a word-embedding average (fastText-like), which learns from a few thousand short texts where
 * an LSTM or Transformer with default settings often stays at the majority class.
 */
import type { Hyperparams } from '../api/schemas';
import type { LayerNode } from '../graph/types';
import { chain, type GraphTemplate } from './build';

/** What the recommendation reads from a dataset. */
export interface DatasetProfile {
  name: string;
  id?: string;
  kind: 'table' | 'image' | 'text';
  /** One sample's stored shape: [features], [height, width, channels] or [length]. */
  inputShape: readonly number[];
  /** The number of classes (a count, or the class names). */
  classes: number | readonly string[];
  /** Training rows, when known: small tables get a smaller batch and more patience. */
  trainCount?: number;
  /** Text: the number of token ids (vocabulary + padding + unknown). */
  vocabSize?: number;
}

export interface Recommendation {
  template: GraphTemplate;
  /** Training settings that differ from the defaults. */
  hyperparams: Partial<Hyperparams>;
  /** One sentence per choice, in plain words, for the Train page. */
  reasons: string[];
}

type Layer = Omit<LayerNode, 'id'>;

const pow2AtLeast = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(1, n)));
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const output = (classes: number): Layer => ({
  kind: 'Output',
  name: 'output',
  params: { classes, activation: 'softmax', loss: 'sparseCategoricalCrossentropy' },
});
const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;

/** Stop when the validation loss has not improved for `patience` epochs; keep the best epoch's weights. */
const selfStopping = (epochs: number, patience: number): Partial<Hyperparams> => ({
  epochs,
  earlyStoppingPatience: patience,
  restoreBestWeights: true,
  reduceLrPatience: Math.max(2, Math.floor(patience / 2)),
  reduceLrFactor: 0.5,
});
const stopReason = (h: Partial<Hyperparams>) =>
  `Trains until the validation loss has not improved for ${h.earlyStoppingPatience} epochs (at most ${h.epochs}), halving the learning rate when it stalls, and keeps the best epoch's weights.`;

function tableModel(d: DatasetProfile, classes: number): Omit<Recommendation, 'template'> & { layers: Layer[]; summary: string } {
  const features = d.inputShape[0] ?? 1;
  const rows = d.trainCount ?? 1000;
  const width = clamp(pow2AtLeast(2 * (features + classes)), 32, 256);
  const dropout = rows < 1000 ? 0.3 : 0.2;
  const layers: Layer[] = [
    { kind: 'InputVector', name: 'features', params: { features } },
    { kind: 'Dense', name: 'dense_1', params: { units: width, activation: 'relu' } },
    { kind: 'Dropout', name: 'dropout_1', params: { rate: dropout } },
    { kind: 'Dense', name: 'dense_2', params: { units: width / 2, activation: 'relu' } },
    { kind: 'Dropout', name: 'dropout_2', params: { rate: dropout } },
    output(classes),
  ];
  // Small tables: small batches (enough steps per epoch) and more patience (noisy validation loss).
  const batchSize = clamp(pow2AtLeast(rows / 40), 16, 128);
  const hyperparams: Partial<Hyperparams> = {
    batchSize,
    learningRate: 0.002,
    validationSplit: rows < 1000 ? 0.2 : 0.1,
    ...selfStopping(300, rows < 2000 ? 20 : 10),
  };
  return {
    layers,
    summary: `Dense ${width} → Dense ${width / 2} → ${plural(classes, 'class')}`,
    hyperparams,
    reasons: [
      `Two hidden layers (${width} and ${width / 2} units), a few times wider than the ${plural(features, 'input number')} per row.`,
      `Dropout ${dropout} after each, so ${plural(rows, 'training row')} are not memorised.`,
      `Batches of ${batchSize}: enough weight updates per epoch for a table this size.`,
      stopReason(hyperparams),
    ],
  };
}

function imageModel(d: DatasetProfile, classes: number): Omit<Recommendation, 'template'> & { layers: Layer[]; summary: string } {
  const [height = 28, width = 28, channels = 1] = d.inputShape;
  const layers: Layer[] = [{ kind: 'InputImage', name: 'input', params: { height, width, channels } }];
  // Halve the image until it is about 7 pixels across, doubling the filters each time (at most 4 blocks).
  let side = Math.min(height, width);
  let filters = 32;
  const blocks: number[] = [];
  while (blocks.length < 4 && (blocks.length < 1 || side >= 12)) {
    blocks.push(filters);
    const i = blocks.length;
    layers.push({ kind: 'Conv2D', name: `conv2d_${i}`, params: { filters, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' } });
    layers.push({ kind: 'MaxPool2D', name: `max_pooling2d_${i}`, params: { poolSize: 2, strides: 0, padding: 'valid' } });
    side = Math.floor(side / 2);
    filters = Math.min(256, filters * 2);
  }
  // A large image would leave a huge Flatten: average each feature map instead.
  const pooled = side > 8;
  layers.push(pooled ? { kind: 'GlobalAveragePool2D', name: 'global_average_pooling2d', params: {} } : { kind: 'Flatten', name: 'flatten', params: {} });
  layers.push({ kind: 'Dropout', name: 'dropout_1', params: { rate: 0.25 } });
  layers.push({ kind: 'Dense', name: 'dense_1', params: { units: 128, activation: 'relu' } });
  layers.push({ kind: 'Dropout', name: 'dropout_2', params: { rate: 0.4 } });
  layers.push(output(classes));
  const hyperparams: Partial<Hyperparams> = { batchSize: 64, learningRate: 0.001, validationSplit: 0.1, ...selfStopping(40, 5) };
  return {
    layers,
    summary: `${blocks.map((f) => `Conv ${f}`).join(' → ')} → Dense 128 → ${plural(classes, 'class')}`,
    hyperparams,
    reasons: [
      `${plural(blocks.length, 'convolution block')} (${blocks.join(', ')} filters), each halving the ${height}×${width} image, down to about ${side}×${side}.`,
      pooled ? 'Each feature map is averaged before the classifier, which keeps the model small for large images.' : 'Dropout before and after the 128-unit layer, so the training images are not memorised.',
      stopReason(hyperparams),
    ],
  };
}

function textModel(d: DatasetProfile, classes: number): Omit<Recommendation, 'template'> & { layers: Layer[]; summary: string } {
  const length = d.inputShape[0] ?? 100;
  const vocabSize = d.vocabSize ?? 10_000;
  const layers: Layer[] = [
    { kind: 'InputSequence', name: 'tokens', params: { length, vocabSize } },
    { kind: 'Embedding', name: 'embedding', params: { vocabSize, outputDim: 64 } },
    { kind: 'GlobalAveragePool1D', name: 'global_average_pooling1d', params: {} },
    { kind: 'Dropout', name: 'dropout_1', params: { rate: 0.3 } },
    { kind: 'Dense', name: 'dense_1', params: { units: 32, activation: 'relu' } },
    output(classes),
  ];
  const hyperparams: Partial<Hyperparams> = { batchSize: 32, learningRate: 0.003, validationSplit: 0.1, ...selfStopping(60, 5) };
  return {
    layers,
    summary: `Embedding 64 → average over words → Dense 32 → ${plural(classes, 'class')}`,
    hyperparams,
    reasons: [
      `Each of the ${vocabSize.toLocaleString('en-US')} word ids gets 64 learned numbers; a text is the average of its words' (word order is not used), which learns from a few thousand texts.`,
      stopReason(hyperparams),
    ],
  };
}

/** The recommended model and settings for a dataset. */
export function recommendModel(d: DatasetProfile): Recommendation {
  const classes = typeof d.classes === 'number' ? d.classes : d.classes.length;
  const made = d.kind === 'image' ? imageModel(d, classes) : d.kind === 'text' ? textModel(d, classes) : tableModel(d, classes);
  const kindName = d.kind === 'image' ? 'CNN' : d.kind === 'text' ? 'Text model' : 'MLP';
  const built = chain(made.layers);
  return {
    template: {
      id: 'recommended',
      name: `Recommended ${kindName} for ${d.name}`,
      description: made.summary,
      datasetId: d.id ?? '',
      ...built,
    },
    hyperparams: made.hyperparams,
    reasons: made.reasons,
  };
}
