/** Messages between the main training thread and its gradient workers (worker.ts). */
export type ToWorker =
  | {
      type: 'init';
      /** model.toJSON() of the main replica (topology only). */
      modelTopology: unknown;
      loss: string;
      classWeights: number[] | null;
      classes: number;
      inputShape: number[];
      /** originalName of every model weight, in model.weights order (checked against the replica). */
      weightNames: string[];
      trainableSize: number;
      /** All model weights, model.weights order (written by the main thread before each step). */
      weights: SharedArrayBuffer;
      /** This worker's shard: features (float32) and integer labels. */
      input: SharedArrayBuffer;
      labels: SharedArrayBuffer;
      /** Gradients (trainable size), then the replica's non-trainable weights after the step. */
      out: SharedArrayBuffer;
    }
  | { type: 'step'; n: number; total: number; seed: number };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'done'; lossSum: number; metricSum: number }
  | { type: 'error'; message: string };
