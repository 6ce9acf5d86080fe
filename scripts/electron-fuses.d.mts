/** Fuse name (as in @electron/fuses' FuseV1Options) → wanted state. */
export const FUSES: Readonly<Record<string, boolean>>;
export interface AfterPackContext {
  appOutDir: string;
  electronPlatformName: string;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}
export function packagedExecutable(context: AfterPackContext): string;
export default function afterPack(context: AfterPackContext): Promise<void>;
