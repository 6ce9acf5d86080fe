import * as tf from '@tensorflow/tfjs';

interface Pending {
  rows: Float32Array[];
  resolve: (out: Float32Array[]) => void;
  reject: (err: Error) => void;
}

/**
 * Micro-batching: requests arriving within `windowMs` of the first queued one are predicted together in
 * one model call (up to `maxBatch` samples), then split back per request.
 */
export class MicroBatcher {
  private queue: Pending[] = [];
  private queued = 0;
  private timer: NodeJS.Timeout | null = null;
  /** Model calls made and samples predicted. */
  readonly stats = { batches: 0, samples: 0, largestBatch: 0 };

  constructor(
    private readonly model: tf.LayersModel,
    private readonly sampleShape: number[],
    private readonly windowMs = 2,
    private readonly maxBatch = 512,
  ) {}

  /** Predict rows (each one sample's flat features); resolves with one probability row per input row. */
  predict(rows: Float32Array[]): Promise<Float32Array[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ rows, resolve, reject });
      this.queued += rows.length;
      if (this.queued >= this.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.windowMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queue;
    const count = this.queued;
    this.queue = [];
    this.queued = 0;
    if (!batch.length) return;
    try {
      const per = this.sampleShape.reduce((a, b) => a * b, 1);
      const x = new Float32Array(count * per);
      let at = 0;
      for (const p of batch)
        for (const r of p.rows) {
          x.set(r, at);
          at += per;
        }
      const probs = tf.tidy(
        () =>
          (
            this.model.predict(tf.tensor(x, [count, ...this.sampleShape])) as tf.Tensor
          ).dataSync() as Float32Array,
      );
      const width = probs.length / count;
      this.stats.batches++;
      this.stats.samples += count;
      this.stats.largestBatch = Math.max(this.stats.largestBatch, count);
      let row = 0;
      for (const p of batch) p.resolve(p.rows.map(() => probs.slice(row * width, ++row * width)));
    } catch (err) {
      for (const p of batch) p.reject(err as Error);
    }
  }

  /** Fail whatever is still queued (the server is stopping). */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const p of this.queue) p.reject(new Error('The model service is stopping.'));
    this.queue = [];
    this.queued = 0;
  }
}
