import type { Command } from 'commander';
import { resolve } from 'node:path';
import { restoreBackup } from '../db';
import { databaseFile } from '../paths';
import { createOutput } from './output';

/**
 * `layerlab restore-backup`: replace a damaged project database by the automatic backup taken at the
 * last clean start (layerlab.db.bak). Runs without opening the database, which may not open at all.
 */
export function registerRestoreBackup(program: Command): void {
  program
    .command('restore-backup')
    .description('Restore the project database from its automatic backup (after a "database is damaged" message).')
    .action(() => {
      const { dataDir, json } = program.opts<{ dataDir: string; json: boolean }>();
      const r = restoreBackup(databaseFile(resolve(dataDir)));
      createOutput(json).result(r, () => `Restored ${r.restored} from ${r.from}.${r.damaged ? ` The damaged file is kept as ${r.damaged}.` : ''}`);
    });
}
