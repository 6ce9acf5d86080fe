import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The web host under test: the built app, a fresh data folder, a known token. Chromium comes from
// Debian (/usr/bin/chromium) because Playwright cannot download its own browsers here.
const port = Number(process.env.E2E_PORT ?? 5310);
import { E2E_TOKEN } from './e2e/constants';
// One temp root per run (this file is evaluated again in each worker: the env carries the first one),
// holding the web host's data folder and every temp folder of the specs (TMPDIR); e2e/global-teardown.ts
// removes it, so a run leaves nothing in the temp directory.
const tempRoot = process.env.LAYERLAB_E2E_ROOT ?? mkdtempSync(join(tmpdir(), 'layerlab-e2e-'));
process.env.LAYERLAB_E2E_ROOT = tempRoot;
process.env.TMPDIR = tempRoot;
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tempRoot, 'data-'));
process.env.E2E_DATA_DIR = dataDir;

export default defineConfig({
  testDir: 'e2e',
  timeout: 180_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  globalTeardown: './e2e/global-teardown.ts',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
  webServer: {
    command: `node out/main/web.js --port ${port} --data-dir ${dataDir}`,
    url: `http://127.0.0.1:${port}/`,
    env: { LAYERLAB_TOKEN: E2E_TOKEN },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
  },
  projects: [
    { name: 'web', testIgnore: /electron\.spec\.ts/ },
    { name: 'electron', testMatch: /electron\.spec\.ts/ },
  ],
});
