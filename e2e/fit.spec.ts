import { test, expect } from '@playwright/test';
import { App } from './app';

/**
 * Issue 15 as the analyst met it: the table template (made for Iris, 4 numbers per row, 3 classes) with the
 * penguins data (10 numbers per row after the import). Start used to stay enabled and the run failed with
 * tfjs's shape error; now the Train page says what does not fit, Start waits, and one click adapts the model.
 */
test('a model that does not fit the dataset: Start waits, Adapt fixes it, the run completes', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.chooseTemplate('tabular-mlp');
  await app.setName('penguins fit e2e');
  await app.go('train');
  await page.getByTestId('dataset-select').selectOption('builtin:penguins');
  await expect(page.getByTestId('fit-problem')).toContainText(/input layer “features” takes 4 numbers per row, but .* gives 10 numbers per row/);
  await expect(page.getByTestId('start-training')).toBeDisabled();
  await expect(page.getByTestId('start-blocker')).toContainText('does not fit this dataset');
  await page.screenshot({ path: test.info().outputPath('does-not-fit.png'), fullPage: true });

  await page.getByTestId('adapt-model').click();
  await expect(page.getByTestId('fit-problem')).toHaveCount(0);
  await expect(page.getByTestId('start-training')).toBeEnabled();
  await app.setHyperparam('epochs', 3);
  await page.getByTestId('start-training').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'completed', { timeout: 120_000 });

  // The adapted layer is what the Model page shows.
  await app.go('model');
  await expect(page.getByTestId('node-features')).toContainText('10');
});
