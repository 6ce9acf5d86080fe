import { test, expect } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from './app';

/**
 * Issue 17 as an analyst works: train a small table model, open it, try a case of their own (the
 * probabilities move when a field changes), then score next month's file with three broken rows and read
 * which rows could not be scored and why.
 */
test('try a trained Iris model on a case, then score a file with three malformed rows', async ({ page }) => {
  const folder = mkdtempSync(join(tmpdir(), 'layerlab-e2e-tryit-'));
  try {
    const app = new App(page);
    await app.open();
    await app.chooseTemplate('tabular-mlp');
    await app.setName('iris tryit e2e');
    await app.go('train');
    await page.getByTestId('dataset-select').selectOption('builtin:iris');
    await app.setHyperparam('epochs', 5);
    await page.getByTestId('start-training').click();
    await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'completed', { timeout: 120_000 });

    await app.go('experiments');
    await page.getByTestId('experiment-row-iris tryit e2e #1').click();
    const panel = page.getByTestId('tryit-panel');
    await expect(panel).toBeVisible();
    // The form starts from a test sample and answers at once: one bar per class.
    await expect(page.getByTestId('tryit-prob-row')).toHaveCount(3);
    const probabilities = async () =>
      page.getByTestId('tryit-prob-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-p')).join(','));
    const before = await probabilities();
    await page.getByTestId('tryit-field-petal_length').fill('6.9');
    await page.getByTestId('tryit-field-petal_width').fill('2.4');
    await expect.poll(probabilities, { timeout: 10_000 }).not.toBe(before);
    await expect(page.getByTestId('tryit-error')).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath('tryit.png'), fullPage: true });

    // Next month's file: five good rows and three a model cannot read.
    const csv = [
      'sepal_length,sepal_width,petal_length,petal_width',
      '5.1,3.5,1.4,0.2',
      '6.2,2.9,4.3,1.3',
      '7.7,3.0,6.1,2.3',
      'five,3.0,1.5,0.2',
      '5.0,3.4,1.5,0.2',
      '6.0,2.2',
      '6.3,3.3,6.0,2.5',
      '5.8,2.7,5.1,1.9,extra,cells',
    ].join('\n');
    const input = join(folder, 'next-month.csv');
    writeFileSync(input, `${csv}\n`);
    await page.getByTestId('score-path').fill(input);
    await page.getByTestId('score-run').click();
    await expect(page.getByTestId('score-result')).toContainText('Scored 5 of 8 rows', { timeout: 30_000 });
    const unscored = page.getByTestId('score-unscored').locator('tbody tr');
    await expect(unscored).toHaveCount(3);
    // Row numbers as a spreadsheet shows them (the header is row 1), each with its reason in words.
    await expect(unscored.nth(0)).toContainText('5');
    await expect(unscored.nth(0)).toContainText(/sepal_length/);
    await page.screenshot({ path: test.info().outputPath('score-file.png'), fullPage: true });

    const out = join(folder, 'next-month-predictions.csv');
    expect(existsSync(out)).toBe(true);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/p_setosa/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
