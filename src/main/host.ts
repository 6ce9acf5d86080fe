import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appRoot } from './app-root';
import { acquireHostLock, backupDatabase, createRepos, openDatabase, type BackupResult } from './db';
import type { HostKind } from '../shared/api/types';
import type { LaunchTrainer } from './engine/launch-child';
import { createServices, EventBus } from './services';
import { databaseFile } from './paths';
import { cleanTornFiles } from './fs/torn-files';

/** Version from package.json (read at run time so every host reports the same). */
export function appVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** Everything a host needs: the contract's handlers over one database, and the event bus. */
export function createHost(opts: {
  dataDir: string;
  host: HostKind;
  launchTrainer: LaunchTrainer;
  pickDirectory?: (title: string) => Promise<string | null>;
}) {
  const file = databaseFile(opts.dataDir);
  const db = openDatabase(file);
  // Held while this host runs, so restore-backup never swaps the database under it.
  const lock = acquireHostLock(opts.dataDir, opts.host);
  cleanTornFiles(opts.dataDir);
  const repos = createRepos(db);
  const bus = new EventBus();
  const services = createServices({
    repos,
    bus,
    dataDir: opts.dataDir,
    host: opts.host,
    version: appVersion(),
    launchTrainer: opts.launchTrainer,
    pickDirectory: opts.pickDirectory,
    now: () => new Date().toISOString(),
  });
  // A quiet moment: the database opened and checked clean, runs of dead hosts are marked interrupted,
  // and this host has started nothing yet. Hosts await it before exiting (short CLI commands).
  const backup: Promise<BackupResult> = backupDatabase(db, file);
  return {
    handlers: services.handlers,
    bus,
    repos,
    backup,
    close() {
      services.dispose();
      db.close();
      lock.release();
    },
  };
}
export type Host = ReturnType<typeof createHost>;
