import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

/**
 * A streaming import's parsed rows, kept on disk between its two passes so that the second pass reads
 * compact binary records instead of reading and parsing the CSV file again (parsing was most of an
 * import's time). Memory stays independent of the file: rows go to disk a block at a time, and only the
 * distinct values of string cells are kept in memory, up to a cap per column (rarer values past it are
 * written into the record itself).
 *
 * A record: split code (u8), label id (u32), the numbers (f64 each, NaN = missing), then per string cell a
 * reference (i32: a dictionary id, -1 = missing, -2 = the string follows as u32 byte length + UTF-8).
 * Records never straddle blocks; each block is written as its byte length (u32) and its records.
 *
 * The file lives in the data folder as `import-spool-<uuid>.tmp-<pid>`: deleted when the import ends
 * however it ends, and by the next host start (torn-files.ts) after a kill.
 */

/**
 * Distinct values of one string cell kept as dictionary ids, and all dictionaries' characters together;
 * values past either (or longer than DICTIONARY_VALUE_CHARS: free text) are written inline.
 */
const DICTIONARY_CAP = 50_000;
const DICTIONARY_CHARS = 8_000_000;
const DICTIONARY_VALUE_CHARS = 200;
const BLOCK_BYTES = 1 << 20;
const MISSING = -1;
const INLINE = -2;

export interface SpoolLayout {
  /** Numbers per record. */
  numbers: number;
  /** String cells per record. */
  strings: number;
}

/** One record as the reader hands it over (the arrays are reused for the next record). */
export interface SpoolRecord {
  code: number;
  label: number;
  numbers: Float64Array;
  strings: (string | null)[];
}

export class RowSpool {
  readonly file: string;
  private fd: number;
  private buf = Buffer.allocUnsafe(BLOCK_BYTES);
  private view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  /** Bytes of the current block (after its 4-byte length). */
  private at = 4;
  private readonly ids: Map<string, number>[];
  private readonly values: string[][];
  private readonly refs: Int32Array;
  private dictionaryChars = 0;
  private closed = false;
  rows = 0;

  constructor(
    dir: string,
    private readonly layout: SpoolLayout,
  ) {
    this.file = join(dir, `import-spool-${randomUUID()}.tmp-${process.pid}`);
    this.fd = openSync(this.file, 'wx+', 0o600);
    this.ids = Array.from({ length: layout.strings }, () => new Map());
    this.values = Array.from({ length: layout.strings }, () => []);
    this.refs = new Int32Array(layout.strings);
  }

  /** Append one row. `numbers` and `strings` hold exactly the layout's counts. */
  write(code: number, label: number, numbers: ArrayLike<number>, strings: readonly (string | null)[]): void {
    const { layout } = this;
    let size = 5 + 8 * layout.numbers + 4 * layout.strings;
    const refs = this.refs;
    for (let s = 0; s < layout.strings; s++) {
      const v = strings[s];
      if (v === null) refs[s] = MISSING;
      else {
        let id = this.ids[s].get(v);
        if (id === undefined && this.ids[s].size < DICTIONARY_CAP && v.length <= DICTIONARY_VALUE_CHARS && this.dictionaryChars < DICTIONARY_CHARS) {
          id = this.values[s].push(v) - 1;
          this.ids[s].set(v, id);
          this.dictionaryChars += v.length;
        }
        if (id === undefined) {
          refs[s] = INLINE;
          size += 4 + 3 * v.length; // UTF-8 takes at most 3 bytes per UTF-16 unit
        } else refs[s] = id;
      }
    }
    this.room(size);
    const view = this.view;
    let at = this.at;
    view.setUint8(at, code);
    view.setUint32(at + 1, label, true);
    at += 5;
    for (let i = 0; i < layout.numbers; i++, at += 8) view.setFloat64(at, numbers[i], true);
    for (let s = 0; s < layout.strings; s++) {
      view.setInt32(at, refs[s], true);
      at += 4;
      if (refs[s] === INLINE) {
        const bytes = this.buf.write(strings[s]!, at + 4, 'utf8');
        view.setUint32(at, bytes, true);
        at += 4 + bytes;
      }
    }
    this.at = at;
    this.rows++;
  }
  /** Make room for a record of up to `size` bytes in the current block. */
  private room(size: number): void {
    if (this.at + size <= this.buf.length) return;
    this.flush();
    if (4 + size > this.buf.length) {
      // A record larger than a block (huge text cells): this block grows to hold it.
      this.buf = Buffer.allocUnsafe(4 + size);
      this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    }
  }

  private flush(): void {
    if (this.at === 4) return;
    this.view.setUint32(0, this.at - 4, true);
    writeSync(this.fd, this.buf, 0, this.at);
    this.at = 4;
  }

  /**
   * Read every record back in order, a block at a time, yielding to the event loop between blocks (so a
   * cancel is heard) and reporting the records read so far.
   */
  async read(onRecord: (r: SpoolRecord) => void, opts: { signal?: AbortSignal; onProgress?: (rows: number) => void } = {}): Promise<void> {
    this.flush();
    const { layout } = this;
    const record: SpoolRecord = { code: 0, label: 0, numbers: new Float64Array(layout.numbers), strings: new Array(layout.strings).fill(null) };
    const head = Buffer.allocUnsafe(4);
    let position = 0;
    let block = Buffer.allocUnsafe(BLOCK_BYTES);
    let rows = 0;
    for (;;) {
      if (opts.signal?.aborted) return;
      if (readSync(this.fd, head, 0, 4, position) < 4) break;
      const length = head.readUInt32LE(0);
      if (length > block.length) block = Buffer.allocUnsafe(length);
      if (readSync(this.fd, block, 0, length, position + 4) < length) throw new Error('The import spool ended early.');
      position += 4 + length;
      const view = new DataView(block.buffer, block.byteOffset, length);
      for (let at = 0; at < length; ) {
        record.code = view.getUint8(at);
        record.label = view.getUint32(at + 1, true);
        at += 5;
        for (let i = 0; i < layout.numbers; i++, at += 8) record.numbers[i] = view.getFloat64(at, true);
        for (let s = 0; s < layout.strings; s++) {
          const ref = view.getInt32(at, true);
          at += 4;
          if (ref >= 0) record.strings[s] = this.values[s][ref];
          else if (ref === MISSING) record.strings[s] = null;
          else {
            const bytes = view.getUint32(at, true);
            record.strings[s] = block.toString('utf8', at + 4, at + 4 + bytes);
            at += 4 + bytes;
          }
        }
        onRecord(record);
        rows++;
      }
      opts.onProgress?.(rows);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Close and delete the file (safe to call more than once). */
  discard(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      closeSync(this.fd);
    } finally {
      rmSync(this.file, { force: true });
    }
  }
}
