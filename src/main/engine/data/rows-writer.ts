import { Worker } from 'node:worker_threads';
import { workerEntry } from '../../worker-entry';

/**
 * The import thread's side of the preview-rows writer (rows-writer-worker.mjs): a streaming import's
 * source rows (a JSON chunk per thousand rows, about as many bytes as the file) are stored by a worker
 * thread with its own SQLite connection while this thread reads and parses, which took a quarter of a
 * 1,000,000-row import off this thread. At most MAX_PENDING_BYTES are in flight: past that this thread
 * waits for the writer, so memory stays bounded when the disk is slow. The version row must already be
 * committed (the rows refer to it).
 */
const MAX_PENDING_BYTES = 8 * 2 ** 20;
const FAILED_DISK_FULL = 2;

interface WriterError {
  code: string;
  message: string;
}

export class RowsWriter {
  private readonly worker: Worker;
  private readonly state = new Int32Array(new SharedArrayBuffer(8));
  private readonly ended: Promise<WriterError | null>;
  private error: WriterError | null = null;

  constructor(databaseFile: string, versionId: string) {
    const { file, options } = workerEntry('rows-writer');
    this.worker = new Worker(file, {
      ...options,
      workerData: { file: databaseFile, versionId, state: this.state.buffer },
      // It holds only the rows in flight: a small heap is plenty.
      resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 4 },
    });
    this.worker.unref();
    this.ended = new Promise((resolve) => {
      this.worker.on('message', (m: { done?: true; error?: WriterError }) => {
        if (m.error) this.error = m.error;
        resolve(m.error ?? null);
      });
      this.worker.on('error', (err) => resolve((this.error = { code: '', message: err.message })));
      this.worker.on('exit', () => resolve(this.error ?? { code: '', message: 'The rows writer stopped.' }));
    });
  }

  /** Store preview rows chunk `index` (`count` rows, JSON), its first row being row `first` of the version. */
  rows(index: number, first: number, rows: string, count: number): void {
    this.failed();
    const bytes = rows.length * 2;
    // Wait (blocking, in short slices) while too much is in flight: the writer releases bytes as it stores them.
    for (let pending = Atomics.load(this.state, 0); pending > 0 && pending + bytes > MAX_PENDING_BYTES; pending = Atomics.load(this.state, 0)) {
      Atomics.wait(this.state, 0, pending, 100);
      this.failed();
    }
    Atomics.add(this.state, 0, bytes);
    this.worker.postMessage({ index, first, count, rows });
  }

  /** Wait until every chunk sent is stored; throws what the writer met, with SQLite's code (a full disk). */
  async finish(): Promise<void> {
    this.worker.postMessage({ finish: true });
    const error = await this.ended;
    await this.worker.terminate();
    if (error) throw writerError(error);
  }

  /** Stop at once, writing nothing more (what was written goes when the import is discarded). */
  async stop(): Promise<void> {
    await this.worker.terminate();
  }

  private failed(): void {
    if (this.error) throw writerError(this.error);
    // This thread may have been waiting, its event loop blocked: the writer's flag arrives before its message.
    const flag = Atomics.load(this.state, 1);
    if (flag !== 0) throw writerError({ code: flag === FAILED_DISK_FULL ? 'SQLITE_FULL' : '', message: 'storing the imported rows failed' });
  }
}

/** The writer's failure as an Error carrying SQLite's code, so the usual checks (a full disk) recognise it. */
function writerError(e: WriterError): Error {
  return Object.assign(new Error(e.message), { code: e.code });
}
