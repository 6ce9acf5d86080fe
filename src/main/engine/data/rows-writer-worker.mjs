/**
 * The streaming import's preview-rows writer (a worker thread with its own SQLite connection): it stores
 * the chunks of source rows the import thread hands it, all that is queued in one transaction, while the
 * import thread goes on reading and parsing, so the two cores of a small machine share an import. See
 * rows-writer.ts for the other side.
 *
 * Plain JavaScript on purpose: a worker started from the TypeScript sources (tests, bench) would otherwise
 * load a TypeScript loader of its own, tens of MB and a second of CPU. Built as out/main/rows-writer.js.
 *
 * Messages in: { index, first, count, rows } (a chunk of rows as JSON), then { finish: true }.
 * Messages out: { error: { code, message } } as soon as a write fails, and { done: true } after finish.
 * Shared state (Int32): [0] bytes sent and not yet written, [1] 0, or why writing failed (1 failed, 2 disk full).
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const FAILED = 1;
const DISK_FULL = 2;

const port = parentPort;
if (!port) throw new Error('rows-writer must run in a worker thread.');
const { file, versionId } = workerData;
const state = new Int32Array(workerData.state);

const db = new Database(file);
db.pragma('busy_timeout = 5000');
db.pragma('foreign_keys = ON');
db.pragma('synchronous = NORMAL');
const insertRows = db.prepare('INSERT INTO dataset_rows (version_id, chunk_index, first_row, count, rows) VALUES (?, ?, ?, ?, ?)');

let queue = [];
let scheduled = false;
let error = null;

const diskFull = (e) => /^(SQLITE_FULL|ENOSPC|EDQUOT)$/.test(String(e?.code ?? '')) || /database or disk is full|no space left on device/i.test(String(e?.message ?? ''));

/** Write everything queued in one transaction; then release its bytes so the import thread may go on. */
function drain() {
  scheduled = false;
  const batch = queue;
  queue = [];
  let finish = false;
  try {
    db.transaction(() => {
      for (const m of batch) {
        if (m.finish) finish = true;
        else if (!error) insertRows.run(versionId, m.index, m.first, m.count, m.rows);
      }
    })();
  } catch (err) {
    error = { code: typeof err?.code === 'string' ? err.code : '', message: String(err?.message ?? err) };
    // The import thread reads this flag while it waits for room; the message follows for its event loop.
    Atomics.store(state, 1, diskFull(err) ? DISK_FULL : FAILED);
    port.postMessage({ error });
  } finally {
    // Every queued byte is released, written or not, so the import thread never waits on a failed writer.
    Atomics.sub(state, 0, batch.reduce((n, m) => n + (m.finish ? 0 : m.rows.length * 2), 0));
    Atomics.notify(state, 0);
  }
  if (finish) {
    db.close();
    port.postMessage(error ? { error } : { done: true });
  }
}

port.on('message', (m) => {
  queue.push(m);
  if (!scheduled) {
    scheduled = true;
    setImmediate(drain);
  }
});
