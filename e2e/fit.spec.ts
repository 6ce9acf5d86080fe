import { test, expect } from '@playwright/test';
import { App } from './app';
import { EditorPage } from './editor-page';

/**
 * Issue 15 as the analyst met it: the table template (made for Iris, 4 numbers per row, 3 classes) with the
 * penguins data (10 numbers per row after the import). Start used to stay enabled and the run failed with
 * tfjs's shape error. Now choosing the dataset adapts the model (one undoable edit, said on the page), a
 * mismatch the user makes afterwards blocks Start with a Fix, and the recommended model is one click away.
 */
test('choosing a dataset adapts the model; Undo brings the mismatch back, and Adapt fixes it again', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.chooseTemplate('tabular-mlp');
  await app.setName('penguins fit e2e');
  await app.go('train');
  await page.getByTestId('dataset-select').selectOption('builtin:penguins');
  await expect(page.getByTestId('model-adapted')).toContainText(/Adapted the model to .*“features” takes 10 numbers per row \(was 4\)/);
  await expect(page.getByTestId('fit-problem')).toHaveCount(0);
  await expect(page.getByTestId('start-training')).toBeEnabled();
  await page.screenshot({ path: test.info().outputPath('adapted.png'), fullPage: true });

  // Undo: the model is the Iris one again, and Start waits with the reason and the fix.
  await page.getByTestId('undo-adapt').click();
  await expect(page.getByTestId('fit-problem')).toContainText(/input layer “features” takes 4 numbers per row, but .* gives 10 numbers per row/);
  await expect(page.getByTestId('start-training')).toBeDisabled();
  await expect(page.getByTestId('start-blocker')).toContainText('does not fit this dataset');
  await page.getByTestId('adapt-model').click();
  await expect(page.getByTestId('fit-problem')).toHaveCount(0);

  await app.setHyperparam('epochs', 3);
  await page.getByTestId('start-training').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'completed', { timeout: 120_000 });
  // The adapted layer is what the Model page shows.
  await app.go('model');
  await expect(page.getByTestId('node-features')).toContainText('10');
});

test('a mismatch the user makes after choosing the data blocks Start, with its Fix', async ({ page }) => {
  const app = new App(page);
  const ed = new EditorPage(page);
  await app.open();
  await app.chooseTemplate('tabular-mlp');
  await app.go('train');
  await page.getByTestId('dataset-select').selectOption('builtin:iris');
  await expect(page.getByTestId('start-training')).toBeEnabled();

  await app.go('model');
  await ed.select('output');
  await ed.setParam('classes', 5);
  await app.go('train');
  await expect(page.getByTestId('fit-problem')).toContainText(/output layer “output” predicts 5 classes, but .* has 3/);
  await expect(page.getByTestId('start-training')).toBeDisabled();
  await page.getByTestId('adapt-model').click();
  await expect(page.getByTestId('fit-problem')).toHaveCount(0);
  await expect(page.getByTestId('start-training')).toBeEnabled();
  // The Fix is the same undoable edit as choosing the data: said on the page, and Undo brings the 5 back.
  await expect(page.getByTestId('model-adapted')).toContainText('“output” predicts 3 classes (was 5)');
  await page.getByTestId('undo-adapt').click();
  await expect(page.getByTestId('fit-problem')).toContainText(/predicts 5 classes/);
});

test('the recommended model for a dataset: offered on the Train page, one click, trains and stops on its own', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.chooseTemplate('mnist-cnn');
  await app.go('train');
  // The MNIST CNN cannot take table rows: Start says so, and the recommended model is right there.
  await page.getByTestId('dataset-select').selectOption('builtin:penguins');
  await expect(page.getByTestId('start-training')).toBeDisabled();
  await expect(page.getByTestId('start-blocker')).toContainText('recommended model');
  const rec = page.getByTestId('recommended-model');
  await expect(rec).toContainText('Recommended for this dataset');
  await expect(rec).toContainText(/Dense \d+ → Dense \d+ → 3 classes/);
  await expect(rec).toContainText('validation loss');
  await page.screenshot({ path: test.info().outputPath('recommended.png'), fullPage: true });

  await page.getByTestId('use-recommended').click();
  await expect(page.getByTestId('recommended-in-use')).toBeVisible();
  await expect(page.getByTestId('hp-earlyStoppingPatience')).not.toHaveValue('0');
  await expect(page.getByTestId('start-training')).toBeEnabled();
  await page.getByTestId('start-training').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'completed', { timeout: 150_000 });
  const acc = Number(await page.getByTestId('test-accuracy').getAttribute('data-value'));
  expect(acc).toBeGreaterThan(0.9);

  // The Model page shows what was loaded, and Undo brings the CNN back.
  await app.go('model');
  await expect(page.getByTestId('template-loaded')).toContainText('Recommended MLP for');
});
