import { test, expect, _electron as electron } from '@playwright/test';
import { electronBinary } from '../scripts/electron-binary.mjs';

const binary = electronBinary();
const SKIP_REASON = "SKIPPED: Electron's binary is not installed on this machine (it cannot be downloaded here); the web project covers the same UI, and the Electron security settings are unit-tested in src/main/electron.";
if (!binary) console.log(SKIP_REASON);

test('desktop window: sandboxed renderer without Node, contract over IPC', async () => {
  test.skip(!binary, SKIP_REASON);
  const app = await electron.launch({ executablePath: binary!, args: ['.'] });
  const win = await app.firstWindow();
  expect(await win.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(await win.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
  expect(await win.evaluate(() => Object.keys((window as unknown as { layerlab: object }).layerlab).sort())).toEqual(['call', 'on']);
  await app.close();
});
