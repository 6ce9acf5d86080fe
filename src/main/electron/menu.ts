import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';

/** The application menu: standard roles plus navigation shortcuts the renderer also knows. */
export function buildMenu(win: BrowserWindow, opts: { packaged?: boolean } = {}): Menu {
  const go = (hash: string) => () => void win.webContents.executeJavaScript(`location.hash = ${JSON.stringify(hash)}`);
  return Menu.buildFromTemplate(menuTemplate(go, { packaged: opts.packaged ?? false, platform: process.platform }));
}

/**
 * The menu as data. Packaged builds get a View menu without Reload and Toggle Developer Tools (the
 * standard `viewMenu` role has both); development builds keep the standard one.
 */
export function menuTemplate(go: (hash: string) => () => void, opts: { packaged: boolean; platform: string }): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions = opts.packaged
    ? { label: 'View', submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }] }
    : { role: 'viewMenu' };
  return [
    ...(opts.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { label: 'File', submenu: [{ role: opts.platform === 'darwin' ? 'close' : 'quit' }] },
    { role: 'editMenu' },
    {
      label: 'Go',
      submenu: [
        { label: 'Model', accelerator: 'CmdOrCtrl+1', click: go('#/model') },
        { label: 'Train', accelerator: 'CmdOrCtrl+2', click: go('#/train') },
        { label: 'Experiments', accelerator: 'CmdOrCtrl+3', click: go('#/experiments') },
        { label: 'Datasets', accelerator: 'CmdOrCtrl+4', click: go('#/datasets') },
        { label: 'Sweeps', accelerator: 'CmdOrCtrl+5', click: go('#/sweeps') },
      ],
    },
    view,
    { role: 'windowMenu' },
  ];
}
