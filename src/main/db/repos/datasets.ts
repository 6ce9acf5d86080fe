import type { Db } from '../connection';
import { STAGING_SOURCE } from './dataset-data';

/** A dataset with its newest version, as stored. */
export interface DatasetVersionRow {
  id: string;
  dataset_id: string;
  version: number;
  name: string;
  description: string;
  kind: 'image' | 'table' | 'text';
  source: string;
  input_shape: string;
  classes: string;
  train_count: number;
  test_count: number;
  recipe: string;
}

/** All SQL touching datasets and their versions. */
export function datasetsRepo(db: Db) {
  const stmts = {
    upsertDataset: db.prepare(`INSERT INTO datasets (id, name, description, kind, source, created_at) VALUES (@id, @name, @description, @kind, @source, @created_at)
      ON CONFLICT(id) DO UPDATE SET name = excluded.name, description = excluded.description`),
    upsertVersion: db.prepare(`INSERT INTO dataset_versions (id, dataset_id, version, input_shape, classes, train_count, test_count, recipe, created_at)
      VALUES (@id, @dataset_id, @version, @input_shape, @classes, @train_count, @test_count, @recipe, @created_at)
      ON CONFLICT(id) DO NOTHING`),
    latest: db.prepare(`SELECT v.*, d.name, d.description, d.kind, d.source FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id
      WHERE v.version = (SELECT MAX(version) FROM dataset_versions WHERE dataset_id = v.dataset_id) AND d.source <> '${STAGING_SOURCE}' ORDER BY d.created_at, d.id`),
    version: db.prepare(`SELECT v.*, d.name, d.description, d.kind, d.source FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id WHERE v.id = ?`),
  };
  return {
    /** Register (or refresh) a dataset and one version of it, atomically. */
    register: db.transaction(
      (
        d: { id: string; name: string; description: string; kind: string; source: string },
        v: { id: string; version: number; inputShape: number[]; classes: string[]; trainCount: number; testCount: number; recipe: unknown },
        now: string,
      ) => {
        stmts.upsertDataset.run({ ...d, created_at: now });
        stmts.upsertVersion.run({
          id: v.id,
          dataset_id: d.id,
          version: v.version,
          input_shape: JSON.stringify(v.inputShape),
          classes: JSON.stringify(v.classes),
          train_count: v.trainCount,
          test_count: v.testCount,
          recipe: JSON.stringify(v.recipe ?? {}),
          created_at: now,
        });
      },
    ),
    latestVersions: () => stmts.latest.all() as DatasetVersionRow[],
    version: (id: string) => stmts.version.get(id) as DatasetVersionRow | undefined,
  };
}
export type DatasetsRepo = ReturnType<typeof datasetsRepo>;
