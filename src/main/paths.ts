import { homedir } from 'node:os';
import { join } from 'node:path';

/** The platform's per-user app-data folder for LayerLab (what Electron's userData would be). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.LAYERLAB_DATA_DIR) return env.LAYERLAB_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'LayerLab');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'LayerLab');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'LayerLab');
}

/** The project database inside a data folder. */
export const databaseFile = (dataDir: string) => join(dataDir, 'layerlab.db');
