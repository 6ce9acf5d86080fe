import { describe, expect, it } from 'vitest';
import afterPack, { FUSES, packagedExecutable } from '../../../scripts/electron-fuses.mjs';

// @electron/fuses is not installed here (it is a packaging-machine dependency): the settings are data,
// checked below; the hook says plainly what is missing instead of packaging an unlocked binary.
describe('Electron fuses for packaged builds', () => {
  it('closes running as Node, NODE_OPTIONS, --inspect and code from outside the asar', () => {
    expect(FUSES).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      LoadBrowserProcessSpecificV8Snapshot: false,
      GrantFileProtocolExtraPrivileges: false,
    });
  });

  it('finds the packaged executable per platform', () => {
    const ctx = (platform: string) => ({ appOutDir: '/out', electronPlatformName: platform, packager: { appInfo: { productFilename: 'LayerLab' } } });
    expect(packagedExecutable(ctx('darwin'))).toBe('/out/LayerLab.app');
    expect(packagedExecutable(ctx('win32'))).toBe('/out/LayerLab.exe');
    expect(packagedExecutable(ctx('linux'))).toBe('/out/layerlab');
  });

  it('without @electron/fuses the packaging stops with one plain line (never an unlocked binary)', async () => {
    await expect(
      afterPack({ appOutDir: '/nowhere', electronPlatformName: 'linux', packager: { appInfo: { productFilename: 'LayerLab' } } }),
    ).rejects.toThrow(/npm install -D @electron\/fuses/);
  });
});
