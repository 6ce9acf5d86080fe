/** Electron entry: the composition root only. Everything with logic lives in electron/, services/, engine/. */
import { app, createMainWindow, dialog, pickDirectory, registerAppScheme, serveRenderer, utilityTrainerLauncher, wireIpc } from './electron/main-window';
import { join } from 'node:path';
import { createHost } from './host';
import { appRoot } from './app-root';

const outMain = join(appRoot(), 'out/main');
registerAppScheme();
app.enableSandbox();

void app.whenReady().then(() => {
  let host: ReturnType<typeof createHost>;
  try {
    host = createHost({
      dataDir: app.getPath('userData'),
      host: 'electron',
      launchTrainer: utilityTrainerLauncher(join(outMain, 'trainer.js')),
      pickDirectory,
    });
  } catch (err) {
    // A damaged, empty or missing database (with the restore command), or a newer schema: say so and stop,
    // never start an empty project over the user's work.
    dialog.showErrorBox('LayerLab cannot open its project', err instanceof Error ? err.message : String(err));
    app.quit();
    return;
  }
  serveRenderer(join(outMain, '../renderer'));
  wireIpc(host);
  createMainWindow(join(outMain, '../preload/index.cjs'), { packaged: app.isPackaged });
  app.on('window-all-closed', () => {
    // Let the start-up backup finish before the database closes.
    void host.backup.finally(() => {
      host.close();
      app.quit();
    });
  });
});
