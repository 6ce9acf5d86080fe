/** Electron entry: the composition root only. Everything with logic lives in electron/, services/, engine/. */
import { app, createMainWindow, pickDirectory, registerAppScheme, serveRenderer, utilityTrainerLauncher, wireIpc } from './electron/main-window';
import { join } from 'node:path';
import { createHost } from './host';
import { appRoot } from './app-root';

const outMain = join(appRoot(), 'out/main');
registerAppScheme();
app.enableSandbox();

void app.whenReady().then(() => {
  const host = createHost({
    dataDir: app.getPath('userData'),
    host: 'electron',
    launchTrainer: utilityTrainerLauncher(join(outMain, 'trainer.js')),
    pickDirectory,
  });
  serveRenderer(join(outMain, '../renderer'));
  wireIpc(host);
  createMainWindow(join(outMain, '../preload/index.cjs'));
  app.on('window-all-closed', () => {
    host.close();
    app.quit();
  });
});
