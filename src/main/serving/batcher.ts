import type { Runner } from './runner';

interface Job {
  x: Float32Array;
  n: number;
  /** Samples of this job already sent to the model. */
  sent: number;
  out: Float32Array | null;
  failed: boolean;
  resolve: (out: Float32Array) => void;
  reject: (err: Error) => void;
}

/** A model call failed for this request alone (its neighbours in the batch were answered). */
export class PredictError extends Error {}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Adaptive batching: an idle model starts on a request at once (no waiting window, so batch-1 latency is
 * the model's own); requests that arrive while it is busy queue and go together into the next call. The
 * work is cut into chunks of at most `chunk` samples with a turn of the event loop between them, so a
 * 1,024-sample request never holds /healthz or a small request's parsing for its whole duration.
 *
 * Requests are validated before they get here; should a chunk still fail, each request in it is retried
 * alone, so only the one that fails is refused.
 */
export class AdaptiveBatcher {
  private queue: Job[] = [];
  private running = false;
  private closed = false;
  /** Model calls made, samples predicted, the largest call, and samples now being worked on. */
  readonly stats = { batches: 0, samples: 0, largestBatch: 0, inFlight: 0 };

  constructor(
    private readonly runner: Runner,
    private readonly sampleSize: number,
    private readonly outputSize: number,
    private readonly chunk = 64,
  ) {}

  /** n samples (flat) → n × outputSize outputs. */
  predict(x: Float32Array, n: number): Promise<Float32Array> {
    if (this.closed) return Promise.reject(new PredictError('The model service is stopping.'));
    return new Promise((resolve, reject) => {
      this.queue.push({ x, n, sent: 0, out: null, failed: false, resolve, reject });
      this.stats.inFlight += n;
      if (!this.running) {
        this.running = true;
        // Let requests read in this same turn of the event loop join the first call.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length && !this.closed) {
        await this.runChunk(this.takeChunk());
        await yieldToEventLoop();
      }
    } finally {
      this.running = false;
    }
  }

  /** Up to `chunk` samples from the front of the queue: whole small requests, or a slice of a big one. */
  private takeChunk(): { job: Job; from: number; count: number }[] {
    const parts: { job: Job; from: number; count: number }[] = [];
    let room = this.chunk;
    for (const job of this.queue) {
      if (room === 0) break;
      const count = Math.min(room, job.n - job.sent);
      if (count <= 0) continue;
      parts.push({ job, from: job.sent, count });
      job.sent += count;
      room -= count;
    }
    return parts;
  }

  private async runChunk(parts: { job: Job; from: number; count: number }[]): Promise<void> {
    const total = parts.reduce((a, p) => a + p.count, 0);
    const x = new Float32Array(total * this.sampleSize);
    let at = 0;
    for (const p of parts) {
      x.set(p.job.x.subarray(p.from * this.sampleSize, (p.from + p.count) * this.sampleSize), at * this.sampleSize);
      at += p.count;
    }
    this.stats.batches++;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, total);
    try {
      const y = await this.runner.run(x, total);
      let row = 0;
      for (const p of parts) {
        this.store(p.job, p.from, y.subarray(row * this.outputSize, (row + p.count) * this.outputSize));
        row += p.count;
      }
    } catch {
      if (parts.length === 1) this.fail(parts[0].job);
      else
        for (const p of parts) {
          const alone = p.job.x.subarray(p.from * this.sampleSize, (p.from + p.count) * this.sampleSize);
          try {
            this.store(p.job, p.from, await this.runner.run(alone, p.count));
          } catch {
            this.fail(p.job);
          }
        }
    }
    for (const p of parts) this.finish(p.job, p.count);
  }

  private store(job: Job, from: number, y: Float32Array): void {
    if (job.failed) return;
    job.out ??= new Float32Array(job.n * this.outputSize);
    job.out.set(y, from * this.outputSize);
  }

  /** Refuses a job and drops the part of it not yet sent. */
  private fail(job: Job): void {
    if (job.failed) return;
    job.failed = true;
    const i = this.queue.indexOf(job);
    if (i >= 0) this.queue.splice(i, 1);
    this.stats.inFlight = Math.max(0, this.stats.inFlight - (job.n - job.sent));
    job.reject(new PredictError('The model could not compute an answer for this request.'));
  }

  /** Chunks run one at a time, so a job whose every sample was sent is complete once its chunk is back. */
  private finish(job: Job, count: number): void {
    this.stats.samples += count;
    this.stats.inFlight = Math.max(0, this.stats.inFlight - count);
    if (job.failed || job.sent < job.n) return;
    const i = this.queue.indexOf(job);
    if (i >= 0) this.queue.splice(i, 1);
    job.resolve(job.out ?? new Float32Array(0));
  }

  /** Fail whatever is still queued (the server is stopping). */
  close(): void {
    this.closed = true;
    for (const job of [...this.queue]) this.fail(job);
    this.stats.inFlight = 0;
  }
}
