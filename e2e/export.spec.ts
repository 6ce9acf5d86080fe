import { test, expect } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from './app';

test('export a trained Iris model: Keras caveats shown before export, train.py with data.npz, a TF.js folder checked outside the app', async ({ page }) => {
  const folder = mkdtempSync(join(tmpdir(), 'layerlab-e2e-export-'));
  try {
    const app = new App(page);
    await app.open();
    await app.trainTemplate({ template: 'tabular-mlp', name: 'iris export e2e', dataset: 'builtin:iris', settings: { epochs: 2 }, timeoutMs: 120_000 });

    await app.go('experiments');
    await page.getByTestId('experiment-row-iris export e2e #1').click();
    await page.getByTestId('export-format').selectOption('keras');
    // What Keras cannot match is said before anything is exported.
    await expect(page.getByTestId('export-keras-caveats')).toContainText(/random initialisation/);
    await page.getByTestId('export-directory').fill(join(folder, 'keras'));
    await page.getByTestId('export-run').click();
    await expect(page.getByTestId('export-result')).toContainText('data.npz');
    expect(readFileSync(join(folder, 'keras', 'train.py'), 'utf8')).toContain('np.load(DATA_FILE)');

    await page.getByTestId('export-format').selectOption('tfjs');
    await expect(page.getByTestId('export-keras-caveats')).toHaveCount(0);
    await page.getByTestId('export-directory').fill(join(folder, 'tfjs'));
    await page.getByTestId('export-run').click();
    await expect(page.getByTestId('export-parity')).toContainText(/30 test split samples through TensorFlow\.js .* separate Node process/, { timeout: 60_000 });
    await expect(page.getByTestId('export-parity')).toContainText('top-1 agreement 100.0 %');
    for (const f of ['custom-layers.js', 'load.js', 'README.md', 'parity.json', 'preprocessing.json'])
      expect(existsSync(join(folder, 'tfjs', f))).toBe(true);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
