/**
 * Electron fuses for packaged builds, flipped in the binary by an electron-builder `afterPack` hook
 * (`afterPack: 'scripts/electron-fuses.mjs'`). Fuses are read before any of our code runs, so they close
 * doors that no runtime check can: running the app as plain Node, NODE_OPTIONS, --inspect, loading code
 * from outside the signed asar.
 *
 * @electron/fuses is not installed on this machine (packaging runs where the internet is: install it there
 * as a devDependency). The settings are plain data here, checked by src/main/electron/fuses.test.ts.
 */

/** Fuse name (as in @electron/fuses' FuseV1Options) → wanted state. */
export const FUSES = Object.freeze({
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  LoadBrowserProcessSpecificV8Snapshot: false,
  GrantFileProtocolExtraPrivileges: false,
});

/** The packaged executable electron-builder just wrote, per platform. */
export function packagedExecutable(context) {
  const name = context.packager.appInfo.productFilename;
  if (context.electronPlatformName === 'darwin') return `${context.appOutDir}/${name}.app`;
  if (context.electronPlatformName === 'win32') return `${context.appOutDir}/${name}.exe`;
  return `${context.appOutDir}/${context.packager.executableName ?? name.toLowerCase()}`;
}

/** electron-builder afterPack hook: flip the fuses, or stop the build with one plain line. */
export default async function afterPack(context) {
  let fuses;
  try {
    fuses = await import('@electron/fuses');
  } catch {
    throw new Error('Packaging needs @electron/fuses to lock the Electron binary down: run "npm install -D @electron/fuses" on the packaging machine.');
  }
  const { flipFuses, FuseVersion, FuseV1Options } = fuses;
  const options = { version: FuseVersion.V1, resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' };
  for (const [name, value] of Object.entries(FUSES)) {
    if (!(name in FuseV1Options)) throw new Error(`Unknown Electron fuse "${name}" in scripts/electron-fuses.mjs.`);
    options[FuseV1Options[name]] = value;
  }
  await flipFuses(packagedExecutable(context), options);
}
