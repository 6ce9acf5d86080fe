import type { LayerSpec } from './types';
import { dense, flatten, dropout, activation, reshape } from './entries/core';
import { inputImage, inputVector, inputSequence, output } from './entries/io';
import { conv1d, conv2d } from './entries/conv';
import { separableConv2d, depthwiseConv2d } from './entries/conv-depthwise';
import {
  maxPool1d,
  maxPool2d,
  averagePool2d,
  globalAveragePool1d,
  globalAveragePool2d,
} from './entries/pooling';
import { batchNormalization, layerNormalization } from './entries/normalization';
import { embedding, lstm, gru, bidirectional } from './entries/recurrent';
import { positionalEmbedding, transformerEncoder } from './entries/attention';
import { add, concatenate, multiply } from './entries/merge';

/** Every layer kind the product knows, in palette order. The single source for UI, checker, compiler, exporters. */
export const LAYER_SPECS: readonly LayerSpec[] = [
  inputImage,
  inputVector,
  inputSequence,
  dense,
  flatten,
  reshape,
  dropout,
  activation,
  embedding,
  conv1d,
  conv2d,
  separableConv2d,
  depthwiseConv2d,
  maxPool1d,
  maxPool2d,
  averagePool2d,
  globalAveragePool1d,
  globalAveragePool2d,
  batchNormalization,
  layerNormalization,
  lstm,
  gru,
  bidirectional,
  positionalEmbedding,
  transformerEncoder,
  add,
  concatenate,
  multiply,
  output,
];

const byKind = new Map(LAYER_SPECS.map((s) => [s.kind, s]));

/** The catalog entry for a kind, or undefined for an unknown kind (e.g. from a damaged file). */
export function getLayerSpec(kind: string): LayerSpec | undefined {
  return byKind.get(kind);
}

/** True for kinds that start a graph (no input ports). */
export const isInputKind = (kind: string): boolean => getLayerSpec(kind)?.inputs.max === 0;
