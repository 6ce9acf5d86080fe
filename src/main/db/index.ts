import type { Db } from './connection';
import { experimentsRepo } from './repos/experiments';
import { datasetsRepo } from './repos/datasets';
import { settingsRepo } from './repos/settings';
import { datasetDataRepo } from './repos/dataset-data';
import { artifactsRepo } from './repos/artifacts';

export { openDatabase, migrate, DatabaseOpenError, type Db } from './connection';
export { restoreBackup, backupFileOf, backupDatabase, existingBackups, BACKUPS_KEPT, type BackupResult } from './backup';
export { DatabaseCorruptError, RestoreRefusedError, RESTORE_COMMAND, restoreCommand, isDiskFull, DISK_FULL_MESSAGE } from './errors';
export { acquireHostLock, liveHostLocks } from './lock';

/** Every repository over one connection: the only way services touch SQL. */
export function createRepos(db: Db) {
  return { db, experiments: experimentsRepo(db), datasets: datasetsRepo(db), settings: settingsRepo(db), datasetData: datasetDataRepo(db), artifacts: artifactsRepo(db) };
}
export type Repos = ReturnType<typeof createRepos>;
