import type { Command } from 'commander';
import { resolve } from 'node:path';
import { restoreBackup } from '../db';
import { databaseFile } from '../paths';
import { createOutput } from './output';

/**
 * `layerlab --data-dir <dir> restore-backup [--force]`: replace a damaged, empty or missing project
 * database by the newest automatic backup that checks clean. Runs without opening the database, which may
 * not open at all; refuses while any LayerLab holds the folder, and refuses a healthy database unless
 * --force. The replaced file is kept beside it as layerlab.db.damaged-<time>.
 */
export function registerRestoreBackup(program: Command): void {
  program
    .command('restore-backup')
    .description('Restore the project database from its newest automatic backup (after a "database is damaged" message).')
    .option('--force', 'restore even though the database checks clean (it is kept beside the restored one)', false)
    .action((o: { force: boolean }) => {
      const { dataDir, json } = program.opts<{ dataDir: string; json: boolean }>();
      const r = restoreBackup(databaseFile(resolve(dataDir)), { force: o.force });
      createOutput(json).result(
        r,
        () =>
          `Restored ${r.restored} from ${r.from}.` +
          (r.damaged ? ` The file it replaced is kept as ${r.damaged}.` : '') +
          (r.skipped.length ? ` Skipped backups that do not check clean: ${r.skipped.join(', ')}.` : ''),
      );
    });
}
