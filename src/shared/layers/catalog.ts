import type { LayerSpec } from './types';
import { dense, flatten, dropout, activation, reshape } from './entries/core';
import { inputImage, inputVector, inputSequence, output } from './entries/io';
import { conv2d, maxPool2d } from './entries/conv';

/** Every layer kind the product knows, in palette order. The single source for UI, checker, compiler, exporters. */
export const LAYER_SPECS: readonly LayerSpec[] = [
  inputImage,
  inputVector,
  inputSequence,
  dense,
  flatten,
  dropout,
  activation,
  reshape,
  conv2d,
  maxPool2d,
  output,
];

const byKind = new Map(LAYER_SPECS.map((s) => [s.kind, s]));

/** The catalog entry for a kind, or undefined for an unknown kind (e.g. from a damaged file). */
export function getLayerSpec(kind: string): LayerSpec | undefined {
  return byKind.get(kind);
}

/** True for kinds that start a graph (no input ports). */
export const isInputKind = (kind: string): boolean => getLayerSpec(kind)?.inputs.max === 0;
