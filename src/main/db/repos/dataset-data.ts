import type { Db } from '../connection';

export type SplitName = 'train' | 'val' | 'test';

/** One stored chunk of a split: float32 features and int32 labels, `count` rows. */
export interface ChunkRow {
  split: SplitName;
  chunk_index: number;
  count: number;
  x: Buffer;
  y: Buffer;
}

/** Everything one imported version consists of, written in a single transaction. */
export interface NewImportedVersion {
  dataset: { id: string; name: string; description: string; kind: 'image' | 'table' | 'text'; source: string };
  version: {
    id: string;
    version: number;
    inputShape: number[];
    classes: string[];
    trainCount: number;
    valCount: number;
    testCount: number;
    recipe: unknown;
    stats: unknown;
  };
  chunks: Iterable<{ split: SplitName; index: number; count: number; x: Float32Array; y: Int32Array }>;
  /** Source rows for previews, in chunks (each row's first element is its split). */
  rows: Iterable<(string | null)[][]>;
  now: string;
}

/** A streaming import's chunks as they are written, before the version is visible (see stageImport). */
export interface StagedImport {
  /** The version this import will become (its chunks and rows are written under it). */
  versionId: string;
  chunk(c: { split: SplitName; index: number; count: number; x: Float32Array; y: Int32Array }): void;
  /** Preview rows chunk `index` (`count` rows, already JSON), its first row being row `first` of the version. */
  rows(index: number, first: number, rowsJson: string, count: number): void;
  /** Run several writes in one transaction. */
  batch(fn: () => void): void;
  /** Make the version visible under its dataset with its metadata, in one transaction (its id is the staged one). */
  commit(v: Omit<NewImportedVersion, 'chunks' | 'rows'>): void;
  /** Delete everything staged (cancel, failure). */
  discard(): void;
}

/** A stored version's metadata row. */
export interface VersionMetaRow {
  id: string;
  dataset_id: string;
  version: number;
  input_shape: string;
  classes: string;
  train_count: number;
  val_count: number;
  test_count: number;
  recipe: string;
  stats: string;
  created_at: string;
  kind: 'image' | 'table' | 'text';
  source: string;
}

/** The hidden dataset that holds a streaming import's version until it is committed (see stageImport). */
export const STAGING_SOURCE = 'staging';
const STAGING_PREFIX = 'staging:';

const asBuffer = (a: Float32Array | Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** SQL for imported datasets' tensors, preview rows and versions (the trainer may use it read-only). */
export function datasetDataRepo(db: Db) {
  const readonly = db.readonly;
  const stmts = {
    chunks: db.prepare('SELECT split, chunk_index, count, x, y FROM dataset_chunks WHERE version_id = ? AND split = ? ORDER BY chunk_index'),
    chunkIndex: db.prepare('SELECT chunk_index, count FROM dataset_chunks WHERE version_id = ? AND split = ? ORDER BY chunk_index'),
    chunk: db.prepare('SELECT count, x, y FROM dataset_chunks WHERE version_id = ? AND split = ? AND chunk_index = ?'),
    meta: db.prepare(`SELECT v.*, d.kind, d.source FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id WHERE v.id = ?`),
    versions: db.prepare(`SELECT v.*, d.kind, d.source FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id
      WHERE v.dataset_id = ? ORDER BY v.version DESC`),
    latestId: db.prepare('SELECT id FROM dataset_versions WHERE dataset_id = ? ORDER BY version DESC LIMIT 1'),
    rowChunks: db.prepare(`SELECT first_row, count, rows FROM dataset_rows WHERE version_id = ?
      AND first_row + count > ? AND first_row < ? ORDER BY chunk_index`),
    rowTotal: db.prepare('SELECT COALESCE(SUM(count), 0) AS n FROM dataset_rows WHERE version_id = ?'),
  };
  const write = readonly
    ? null
    : {
        maxVersion: db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM dataset_versions WHERE dataset_id = ?'),
        insertDataset: db.prepare(`INSERT INTO datasets (id, name, description, kind, source, created_at)
          VALUES (@id, @name, @description, @kind, @source, @created_at)
          ON CONFLICT(id) DO UPDATE SET name = excluded.name, description = excluded.description, source = excluded.source`),
        insertVersion: db.prepare(`INSERT INTO dataset_versions
          (id, dataset_id, version, input_shape, classes, train_count, val_count, test_count, recipe, stats, created_at)
          VALUES (@id, @dataset_id, @version, @input_shape, @classes, @train_count, @val_count, @test_count, @recipe, @stats, @created_at)`),
        insertChunk: db.prepare(`INSERT INTO dataset_chunks (version_id, split, chunk_index, count, x, y) VALUES (?, ?, ?, ?, ?, ?)`),
        insertRows: db.prepare(`INSERT INTO dataset_rows (version_id, chunk_index, first_row, count, rows) VALUES (?, ?, ?, ?, ?)`),
        deleteDataset: db.prepare("DELETE FROM datasets WHERE id = ? AND source <> 'builtin'"),
        datasetKind: db.prepare('SELECT kind, source FROM datasets WHERE id = ?'),
        stageImport: db.prepare('INSERT INTO staged_imports (id, pid, started_at) VALUES (?, ?, ?)'),
        stagedImports: db.prepare('SELECT id, pid FROM staged_imports'),
        dropStaged: db.prepare('DELETE FROM staged_imports WHERE id = ?'),
        // Moving the version from its import's hidden dataset to the real one leaves its chunks where they are.
        claimVersion: db.prepare(`UPDATE dataset_versions SET dataset_id = @dataset_id, version = @version, input_shape = @input_shape,
          classes = @classes, train_count = @train_count, val_count = @val_count, test_count = @test_count, recipe = @recipe,
          stats = @stats, created_at = @created_at WHERE id = @id AND dataset_id = @hidden`),
        dropHidden: db.prepare(`DELETE FROM datasets WHERE id = ? AND source = '${STAGING_SOURCE}'`),
      };
  const writer = () => {
    if (!write) throw new Error('The database is open read-only.');
    return write;
  };
  return {
    /** The next version number of a dataset (1 for a new one). */
    nextVersion: (datasetId: string) => (writer().maxVersion.get(datasetId) as { v: number }).v + 1,
    datasetInfo: (datasetId: string) => writer().datasetKind.get(datasetId) as { kind: string; source: string } | undefined,
    /**
     * Store a dataset version with all of its chunks and rows: one transaction, so a failure (or a kill)
     * leaves nothing of it visible. `onChunk` is told about each chunk written (for progress).
     */
    insertVersion(v: NewImportedVersion, onChunk?: (rowsWritten: number) => void): void {
      const w = writer();
      db.transaction(() => {
        w.insertDataset.run({ ...v.dataset, created_at: v.now });
        w.insertVersion.run({
          id: v.version.id,
          dataset_id: v.dataset.id,
          version: v.version.version,
          input_shape: JSON.stringify(v.version.inputShape),
          classes: JSON.stringify(v.version.classes),
          train_count: v.version.trainCount,
          val_count: v.version.valCount,
          test_count: v.version.testCount,
          recipe: JSON.stringify(v.version.recipe ?? {}),
          stats: JSON.stringify(v.version.stats ?? {}),
          created_at: v.now,
        });
        let written = 0;
        for (const c of v.chunks) {
          w.insertChunk.run(v.version.id, c.split, c.index, c.count, asBuffer(c.x), asBuffer(c.y));
          written += c.count;
          onChunk?.(written);
        }
        let first = 0;
        let index = 0;
        for (const rows of v.rows) {
          w.insertRows.run(v.version.id, index++, first, rows.length, JSON.stringify(rows));
          first += rows.length;
        }
      })();
    },
    /**
     * Start a streaming import whose version will be `versionId`. Its chunks and rows are written straight
     * into the dataset tables (written once: copying them at the end was a large part of an import's time)
     * under a version that belongs to a hidden dataset of this import (source 'staging', never listed);
     * `commit` moves the version to its real dataset in one transaction, `discard` deletes the hidden
     * dataset and by cascade all that was written. Imports of hosts that are gone (killed mid-import) are
     * discarded first, so a crash leaves nothing behind for long; staged_imports (migration 6) says whose.
     */
    stageImport(importId: string, versionId: string, now: string, alive: (pid: number) => boolean): StagedImport {
      const w = writer();
      const dropImport = (id: string) => db.transaction(() => (w.dropHidden.run(STAGING_PREFIX + id), w.dropStaged.run(id)))();
      for (const s of w.stagedImports.all() as { id: string; pid: number }[]) if (!alive(s.pid)) dropImport(s.id);
      const hidden = STAGING_PREFIX + importId;
      db.transaction(() => {
        w.stageImport.run(importId, process.pid, now);
        w.insertDataset.run({ id: hidden, name: 'An import in progress', description: '', kind: 'table', source: STAGING_SOURCE, created_at: now });
        w.insertVersion.run({
          ...{ id: versionId, dataset_id: hidden, version: 1, input_shape: '[]', classes: '[]' },
          ...{ train_count: 0, val_count: 0, test_count: 0, recipe: '{}', stats: '{}', created_at: now },
        });
      })();
      return {
        versionId,
        chunk: (c) => void w.insertChunk.run(versionId, c.split, c.index, c.count, asBuffer(c.x), asBuffer(c.y)),
        rows: (index, first, rowsJson, count) => void w.insertRows.run(versionId, index, first, count, rowsJson),
        batch: (fn) => db.transaction(fn)(),
        commit(v) {
          if (v.version.id !== versionId) throw new Error(`A staged import of ${versionId} cannot become ${v.version.id}.`);
          db.transaction(() => {
            w.insertDataset.run({ ...v.dataset, created_at: v.now });
            const moved = w.claimVersion.run({
              id: versionId,
              hidden,
              dataset_id: v.dataset.id,
              version: v.version.version,
              input_shape: JSON.stringify(v.version.inputShape),
              classes: JSON.stringify(v.version.classes),
              train_count: v.version.trainCount,
              val_count: v.version.valCount,
              test_count: v.version.testCount,
              recipe: JSON.stringify(v.version.recipe ?? {}),
              stats: JSON.stringify(v.version.stats ?? {}),
              created_at: v.now,
            });
            if (moved.changes !== 1) throw new Error(`The staged version ${versionId} is gone.`);
            w.dropHidden.run(hidden);
            w.dropStaged.run(importId);
          })();
        },
        discard: () => dropImport(importId),
      };
    },
    /** Delete an imported dataset and (by cascade) every version, chunk and row. Built-ins are kept. */
    deleteDataset: (id: string) => writer().deleteDataset.run(id).changes > 0,
    meta: (versionId: string) => stmts.meta.get(versionId) as VersionMetaRow | undefined,
    versions: (datasetId: string) => stmts.versions.all(datasetId) as VersionMetaRow[],
    latestVersionId: (datasetId: string) => (stmts.latestId.get(datasetId) as { id: string } | undefined)?.id,
    /** Chunks of one split, read one at a time (so a large dataset is never held twice). */
    /** Chunk numbers and row counts of one split, without reading the blobs. */
    chunkIndex(versionId: string, split: SplitName): { index: number; count: number }[] {
      return (stmts.chunkIndex.all(versionId, split) as { chunk_index: number; count: number }[]).map((r) => ({
        index: r.chunk_index,
        count: r.count,
      }));
    },
    /** One chunk's blobs (streamed training reads a few at a time). */
    chunk(versionId: string, split: SplitName, index: number): { count: number; x: Buffer; y: Buffer } | undefined {
      return stmts.chunk.get(versionId, split, index) as { count: number; x: Buffer; y: Buffer } | undefined;
    },
    *chunks(versionId: string, split: SplitName): Generator<ChunkRow> {
      for (const row of stmts.chunks.iterate(versionId, split)) yield { ...(row as Omit<ChunkRow, 'split'>), split };
    },
    /** Rows [offset, offset + limit) of the stored source rows. */
    rows(versionId: string, offset: number, limit: number): { rows: (string | null)[][]; total: number } {
      const out: (string | null)[][] = [];
      for (const c of stmts.rowChunks.all(versionId, offset, offset + limit) as { first_row: number; count: number; rows: string }[]) {
        const rows = JSON.parse(c.rows) as (string | null)[][];
        const from = Math.max(0, offset - c.first_row);
        const to = Math.min(c.count, offset + limit - c.first_row);
        out.push(...rows.slice(from, to));
      }
      return { rows: out, total: (stmts.rowTotal.get(versionId) as { n: number }).n };
    },
  };
}
export type DatasetDataRepo = ReturnType<typeof datasetDataRepo>;

/** Turn a stored blob back into a typed array (copying, so alignment is never an issue). */
export function blobToFloat32(b: Buffer): Float32Array {
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}
export function blobToInt32(b: Buffer): Int32Array {
  const out = new Int32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}
