import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';

/** The application menu: standard roles plus navigation shortcuts the renderer also knows. */
export function buildMenu(win: BrowserWindow): Menu {
  const go = (hash: string) => () => void win.webContents.executeJavaScript(`location.hash = ${JSON.stringify(hash)}`);
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { label: 'File', submenu: [{ role: process.platform === 'darwin' ? 'close' : 'quit' }] },
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
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
