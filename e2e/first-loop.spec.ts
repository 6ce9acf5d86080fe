import { test, expect } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { App } from './app';
import { loadModelFiles } from '../src/main/engine/model-files';

test('the first loop: MNIST CNN template → train → experiment listed → model files that load and predict', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await expect(page.getByTestId('backend-status')).toContainText(/WebAssembly/i);

  await app.chooseTemplate('mnist-cnn');
  await app.setName('seed cnn e2e');
  await expect(page.getByTestId('node-conv2d_1')).toBeVisible();

  await app.go('train');
  await page.getByTestId('dataset-select').selectOption('builtin:mnist');
  await app.setHyperparam('epochs', 2);
  await app.setHyperparam('trainLimit', 640);
  await app.setHyperparam('testLimit', 500);
  await page.getByTestId('start-training').click();

  // The chart fills epoch by epoch while the run goes on.
  await expect(page.getByTestId('training-chart')).toHaveAttribute('data-epochs', '1', { timeout: 120_000 });
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'completed', { timeout: 120_000 });
  await expect(page.getByTestId('training-chart')).toHaveAttribute('data-epochs', '2');
  const acc = Number(await page.getByTestId('test-accuracy').getAttribute('data-value'));
  expect(acc).toBeGreaterThan(0.5);

  await app.go('experiments');
  const row = page.getByTestId('experiment-row-seed cnn e2e #1');
  await expect(row).toContainText(/completed/i);
  await expect(row).toContainText('%');
  await row.click();
  // The experiment page says what it trained on: wasm here, so no GPU adapter is named.
  await expect(page.getByTestId('experiment-backend')).toHaveText('WebAssembly (tfjs-backend-wasm)');

  const folder = mkdtempSync(join(tmpdir(), 'layerlab-e2e-model-'));
  await page.getByTestId('save-model').click();
  await page.getByTestId('save-model-path').fill(folder);
  await page.getByTestId('save-model-confirm').click();
  await expect(page.getByTestId('saved-files')).toContainText('model.json');

  // The saved files load with tf.loadLayersModel (through a file handler) and predict 10 probabilities.
  const model = await loadModelFiles(folder);
  const probs = (model.predict(tf.zeros([1, 28, 28, 1])) as tf.Tensor).dataSync();
  expect(probs).toHaveLength(10);
  expect(Array.from(probs).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
});

test('a run can be cancelled', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.chooseTemplate('mnist-cnn');
  await app.setName('cancel me');
  await app.go('train');
  await app.setHyperparam('epochs', 20);
  await app.setHyperparam('trainLimit', 0);
  await page.getByTestId('start-training').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'running', { timeout: 60_000 });
  await page.getByTestId('cancel-training').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'cancelled', { timeout: 30_000 });
});
