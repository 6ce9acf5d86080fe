import { test, expect } from '@playwright/test';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from './app';

/**
 * Issue 16, item 1, walked as a user does: the page loads (and so asks the host for its backend report,
 * which used to leave tfjs on an uninitialised wasm backend), a small model is trained, exported to ONNX
 * and served, all by clicking. Before the fix Export showed tfjs's raw "backend 'wasm' has not yet been
 * initialized" (wrapped as "files are damaged") and Serve failed the same way.
 */
test('load, train, export ONNX, serve: by clicking, in the order a user works', async ({ page }) => {
  const app = new App(page);
  await app.open();
  // The UI's backend report call has happened: its answer is on screen.
  await expect(page.getByTestId('backend-status')).toContainText(/WebAssembly/i);

  await app.trainTemplate({ template: 'mnist-cnn', name: 'export serve e2e', dataset: 'builtin:mnist', settings: { epochs: 1, trainLimit: 256, testLimit: 200 }, timeoutMs: 150_000 });

  await app.go('experiments');
  await page.getByTestId('experiment-row-export serve e2e #1').click();

  const folder = join(mkdtempSync(join(tmpdir(), 'layerlab-e2e-export-')), 'onnx');
  await page.getByTestId('export-format').selectOption('onnx');
  await page.getByTestId('export-directory').fill(folder);
  await page.getByTestId('export-run').click();
  await expect(page.getByTestId('export-parity')).toContainText('top-1 agreement', { timeout: 60_000 });
  await expect(page.getByTestId('export-error')).toHaveCount(0);
  expect(existsSync(join(folder, 'model.onnx'))).toBe(true);

  await page.getByTestId('serve-start').click();
  await expect(page.getByTestId('serve-curl')).toContainText(':classify', { timeout: 30_000 });
  await expect(page.getByTestId('export-error')).toHaveCount(0);
  // Who answers, and why, in words (onnxruntime when the converted model matches the app on a probe).
  await expect(page.getByTestId('serve-runtime')).toContainText(/onnxruntime|TensorFlow\.js|tfjs/);
  const url = (await page.getByTestId('serve-status').locator('code').first().textContent())!;
  const res = await fetch(url);
  expect(res.status).toBe(200);
  await page.getByTestId('serve-stop').click();
  await expect(page.getByTestId('serve-start')).toBeVisible();
});
