import { test, expect } from '@playwright/test';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeScaleCsv } from '../bench/lib/scale-table';
import { DatasetsPage } from './datasets-page';

/**
 * A table larger than the web host's streaming threshold (32 MB), uploaded and imported by clicking as a
 * person would: the import streams (two passes, progress with rows/s and the time left), the datasets
 * list never shows a half-written dataset, and the finished dataset reads like any other.
 */
test('a 500,000-row CSV (38 MB) uploads and imports by streaming, with progress, and reads like any dataset', async ({ page }) => {
  test.setTimeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'layerlab-e2e-large-'));
  try {
    const file = join(dir, 'orders-2026.csv');
    await writeScaleCsv(file, 500_000);
    expect(statSync(file).size).toBeGreaterThan(32 * 2 ** 20);
    const ds = new DatasetsPage(page);
    await ds.app.open();
    await ds.open();
    await page.getByTestId('import-csv-button').click();
    await page.getByTestId('import-upload-input').setInputFiles(file);
    await expect(page.getByTestId('import-schema')).toBeVisible({ timeout: 120_000 });
    await page.getByTestId('label-select').selectOption('label');
    await ds.setName('orders 2026');
    await page.getByTestId('import-confirm').click();

    // The first pass says what it does, how fast and how long is left; the list shows nothing half-imported.
    await expect(page.getByTestId('import-progress')).toContainText(/pass 1 of 2.*rows\/s/, { timeout: 60_000 });
    await expect(page.getByText('An import in progress')).toHaveCount(0);
    await expect(page.getByTestId('import-progress')).toContainText(/s left/, { timeout: 60_000 });

    await expect(ds.row('orders 2026')).toContainText('19 values per row · 3 classes', { timeout: 120_000 });
    await expect(page.getByText(/Imported\s+orders 2026\s+\(version 1\) in [\d.]+ s: 500,000 rows/)).toBeVisible();
    await ds.row('orders 2026').click();
    await expect(page.getByText('Imported from orders-2026.csv: 500,000 rows, 3 classes.')).toBeVisible();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
