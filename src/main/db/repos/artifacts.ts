import type { Db } from '../connection';

/** One file or folder produced from an experiment (an export), with its JSON metadata. */
export interface ArtifactRow {
  id: number;
  experiment_id: string;
  kind: string;
  path: string;
  meta: string;
  created_at: string;
}

/** All SQL touching the artifacts table. */
export function artifactsRepo(db: Db) {
  const stmts = {
    insert: db.prepare(
      'INSERT INTO artifacts (experiment_id, kind, path, meta, created_at) VALUES (@experiment_id, @kind, @path, @meta, @created_at)',
    ),
    list: db.prepare('SELECT * FROM artifacts WHERE experiment_id = ? AND kind = ? ORDER BY id DESC'),
  };
  return {
    /** Record an artifact; returns its id. */
    insert(a: Omit<ArtifactRow, 'id' | 'meta'> & { meta: unknown }): number {
      return Number(stmts.insert.run({ ...a, meta: JSON.stringify(a.meta ?? {}) }).lastInsertRowid);
    },
    /** An experiment's artifacts of one kind, newest first. */
    list: (experimentId: string, kind: string) => stmts.list.all(experimentId, kind) as ArtifactRow[],
  };
}
export type ArtifactsRepo = ReturnType<typeof artifactsRepo>;
