import * as tf from '@tensorflow/tfjs';
import { PositionalEmbedding } from './positional-embedding';
import { TransformerEncoder } from './transformer-encoder';

export { PositionalEmbedding, TransformerEncoder };

/**
 * Custom tfjs layers of the catalog (Transformer encoder block, positional embedding) register
 * themselves with tf.serialization here so that instantiateLayer finds them and saved models load back
 * with tf.loadLayersModel. Idempotent.
 */
let registered = false;
export function registerCustomLayers(): void {
  if (registered) return;
  registered = true;
  tf.serialization.registerClass(TransformerEncoder);
  tf.serialization.registerClass(PositionalEmbedding);
}
