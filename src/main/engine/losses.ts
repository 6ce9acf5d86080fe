import * as tf from '@tensorflow/tfjs';

type PerSample = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/** Keras' per-sample loss functions by the names the Output layer offers. */
const BASE: Record<string, PerSample> = {
  // What tfjs does internally for the sparse loss: one-hot the class indices, then categorical CE.
  sparseCategoricalCrossentropy: (yTrue, yPred) =>
    tf.metrics.categoricalCrossentropy(
      tf.oneHot(tf.cast(tf.reshape(yTrue, [-1]), 'int32'), yPred.shape[yPred.shape.length - 1]!),
      yPred,
    ),
  categoricalCrossentropy: tf.metrics.categoricalCrossentropy,
  binaryCrossentropy: tf.metrics.binaryCrossentropy,
};

/** The accuracy that matches a loss's label format (named explicitly: a custom loss defeats tfjs's guess). */
function accuracyFor(loss: string, width: number): PerSample {
  if (loss === 'binaryCrossentropy' || width === 1) return tf.metrics.binaryAccuracy;
  return loss === 'sparseCategoricalCrossentropy' ? tf.metrics.sparseCategoricalAccuracy : tf.metrics.categoricalAccuracy;
}

/**
 * 'balanced' class weights as scikit-learn and Keras users know them: n / (classes × count of the class),
 * so every class weighs the same in the loss. A class absent from training gets weight 0.
 */
export function balancedClassWeights(labels: Int32Array, classes: number): number[] {
  const counts = new Array<number>(Math.max(classes, 2)).fill(0);
  for (const l of labels) counts[l]++;
  const present = counts.filter((c) => c > 0).length;
  return counts.map((c) => (c > 0 ? labels.length / (present * c) : 0));
}

/** The loss a sample contributes, multiplied by its class's weight (Keras' `class_weight`). */
function weighted(base: PerSample, loss: string, weights: number[]): PerSample {
  return (yTrue, yPred) =>
    tf.tidy(() => {
      const w = tf.tensor1d(weights);
      const perSample = base(yTrue, yPred);
      const sampleWeights =
        loss === 'categoricalCrossentropy'
          ? tf.squeeze(tf.matMul(yTrue, tf.reshape(w, [-1, 1])), [1])
          : tf.gather(w, tf.cast(tf.reshape(yTrue, [-1]), 'int32'));
      return tf.mul(perSample, sampleWeights);
    });
}

/**
 * Compile a model for training (main thread and gradient workers alike): the Output layer's loss,
 * optionally class-weighted, and the matching accuracy metric.
 */
export function compileForTraining(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  loss: string,
  classWeights: number[] | null,
): void {
  const base = BASE[loss];
  if (!base) throw new Error(`Unknown loss "${loss}".`);
  const width = (model.outputs[0].shape[model.outputs[0].shape.length - 1] ?? 1) as number;
  model.compile({
    optimizer,
    loss: classWeights ? weighted(base, loss, classWeights) : loss,
    metrics: [accuracyFor(loss, width)],
  });
}
