import { test, expect } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatasetsPage } from './datasets-page';

test.use({ viewport: { width: 1440, height: 900 } });

/**
 * 120 loans: two numbers, a categorical `purpose` and a lopsided label (`outcome`: 100 repaid, 20 default),
 * so the class-balance preview has something to say before the import.
 */
function writeLoans(dir: string): string {
  const purposes = ['car', 'house', 'study'];
  const lines = ['amount,term_months,purpose,outcome'];
  for (let i = 0; i < 120; i++) lines.push([1000 + ((i * 37) % 900), 12 + (i % 4) * 12, purposes[i % 3], i % 6 === 0 ? 'default' : 'repaid'].join(','));
  const path = join(dir, 'loans.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

test('import dialog: class balance before Import, a bad split refused in words, labelled category bars after', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'layerlab-e2e-split-'));
  const ds = new DatasetsPage(page);
  await ds.app.open();
  await ds.open();
  await ds.inspectCsv(writeLoans(dir));
  await ds.chooseLabel('outcome');

  // The label's classes over the whole file, with counts, before anything is imported.
  const balance = page.getByTestId('label-balance');
  await expect(balance).toHaveAttribute('data-classes', '2');
  await expect(balance).toContainText('Classes of “outcome”: 2 in 120 rows');
  await expect(balance.getByTestId('label-class').filter({ hasText: 'repaid' })).toContainText('100 (83 %)');
  await expect(balance.getByTestId('label-class').filter({ hasText: 'default' })).toContainText('20 (17 %)');

  // The split in words and rows; 0.9 / 0.1 / 0.1 is refused with a sentence, not rescaled.
  const note = page.getByTestId('split-note');
  await expect(note).toContainText('80 % to learn from (about 96 rows)');
  await expect(note).toContainText('to spot overfitting');
  await page.getByTestId('split-train').fill('0.9');
  await expect(note).toContainText('add up to 1.1, not 1');
  await expect(note).toHaveAttribute('role', 'alert');
  await expect(page.getByTestId('import-confirm')).toBeDisabled();
  await page.screenshot({ path: 'test-results/import-dialog-bad-split.png', fullPage: true });
  await page.getByTestId('split-train').fill('0.8');
  await expect(note).not.toContainText('not 1');
  await expect(page.getByTestId('import-confirm')).toBeEnabled();
  await page.screenshot({ path: 'test-results/import-dialog.png', fullPage: true });

  const name = `loans ${Date.now().toString(36)}`;
  await ds.setName(name);
  await ds.confirmCsv();
  // Plain words for the input size instead of "one sample is 9".
  await expect(page.getByTestId('import-done')).toContainText(/each row gives the model \d+ numbers/);
  await expect(page.getByTestId('import-done')).not.toContainText('one sample');

  // The dataset's column cards: a categorical column shows each category's name and count.
  await ds.select(name);
  const bars = page.getByTestId('category-bars-purpose').getByTestId('category-bar');
  await expect(bars).toHaveCount(3);
  for (const p of ['car', 'house', 'study']) await expect(bars.filter({ hasText: p })).toContainText('40');
  await expect(page.getByTestId('version-facts')).toContainText('each row gives the model');
  await expect(page.getByTestId('dataset-detail')).not.toContainText('One sample');
  await page.screenshot({ path: 'test-results/dataset-category-bars.png', fullPage: true });
});
