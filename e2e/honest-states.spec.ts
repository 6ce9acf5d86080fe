import { test, expect } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from './app';
import { E2E_TOKEN } from './constants';
import { DatasetsPage } from './datasets-page';
import { EditorPage } from './editor-page';

// Issue 16 items 3 and 5: actions say why they are disabled, no internal ids reach the analyst,
// a paused run reads "Paused", the live chart fills per batch, and a reload mid-run reattaches.

/** A tiny two-class CSV the import takes with its defaults (the label column is named like one). */
function writeTinyCsv(): string {
  const dir = mkdtempSync(join(tmpdir(), 'layerlab-e2e-honest-'));
  const lines = ['width,height,kind'];
  for (let i = 0; i < 60; i++) lines.push(`${(i % 7) + 1},${(i % 5) + 2},${i % 2 ? 'wide' : 'tall'}`);
  const path = join(dir, 'shapes.csv');
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

test('Start says why it is disabled once the chosen dataset was deleted, with no internal id', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.chooseTemplate('tabular-mlp');

  const ds = new DatasetsPage(page);
  await ds.open();
  await ds.inspectCsv(writeTinyCsv());
  await ds.setName('doomed shapes');
  await ds.confirmCsv();

  await app.go('train');
  const option = page.getByTestId('dataset-select').locator('option', { hasText: 'doomed shapes' });
  await page.getByTestId('dataset-select').selectOption((await option.getAttribute('value'))!);
  // The Iris template takes 4 numbers and 3 classes; this file gives 2 and 2: choosing it adapts the model.
  await expect(page.getByTestId('model-adapted')).toContainText('“features” takes 2 numbers per row (was 4)');
  await expect(page.getByTestId('model-adapted')).toContainText('“output” predicts 2 classes (was 3)');
  await expect(page.getByTestId('fit-problem')).toHaveCount(0);
  await expect(page.getByTestId('start-training')).toBeEnabled();

  await ds.open();
  await page.getByTestId('dataset-row-doomed shapes').click();
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('dataset-delete').click();
  await expect(page.getByTestId('dataset-row-doomed shapes')).toHaveCount(0);

  await app.go('train');
  await expect(page.getByTestId('start-training')).toBeDisabled();
  await expect(page.getByTestId('start-blocker')).toContainText('no longer exists');
  await expect(page.getByTestId('start-training')).toHaveAttribute('aria-describedby', 'start-blocker');
  await expect(page.getByTestId('dataset-select')).toHaveValue('');
  await expect(page.locator('body')).not.toContainText(/ds-[0-9a-f]{6,}/);
  await expect(page.getByTestId('error-banner')).toHaveCount(0);
});

test('pause reads Paused, the chart fills per batch on clean axes, and a reload mid-run reattaches', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.chooseTemplate('mnist-cnn');
  await app.setName('honest states cnn');
  await app.go('train');
  await page.getByTestId('dataset-select').selectOption('builtin:mnist');
  await app.setHyperparam('epochs', 30);
  await app.setHyperparam('trainLimit', 0);
  await app.setHyperparam('testLimit', 200);
  await page.getByTestId('start-training').click();

  const status = page.getByTestId('training-status');
  const chart = page.getByTestId('training-chart');
  await expect(status).toHaveAttribute('data-status', 'running', { timeout: 60_000 });
  // Per-batch points arrive long before the first of 30 MNIST epochs ends.
  await expect(chart).toHaveAttribute('data-live-points', /^[1-9]\d*$/, { timeout: 60_000 });
  await expect(chart).toHaveAttribute('data-epochs', '0');

  await page.getByTestId('pause-training').click();
  await expect(status).toHaveAttribute('data-status', 'paused');
  await expect(page.getByTestId('paused-badge')).toHaveText('Paused');
  await expect(status).not.toContainText('Training…');
  await expect(page.getByTestId('pause-training')).toContainText('Continue');
  await page.getByTestId('pause-training').click();
  await expect(status).toHaveAttribute('data-status', 'running');
  await expect(page.getByTestId('paused-badge')).toHaveCount(0);

  // Reload in the same tab: still signed in (token kept for the tab) and following the same run.
  await page.reload();
  await expect(page.getByTestId('host-status')).toBeVisible();
  await expect(page.getByTestId('error-banner')).toHaveCount(0);
  await expect(status).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
  await expect(page.getByTestId('training-progress')).toContainText('batch', { timeout: 60_000 });
  await expect(page.getByTestId('header-context')).toContainText('honest states cnn #');

  // Another model replaces the draft: the Train page no longer passes the old run off as this model's.
  await app.chooseTemplate('tabular-mlp');
  await app.go('train');
  await expect(status).toHaveAttribute('data-status', 'idle');
  await expect(status).toContainText('trained another model');

  // Stop the long run so the host is free for the next spec.
  await page.getByTestId('cancel-training').click();
  await expect(page.getByTestId('header-context')).toContainText('(cancelled)', { timeout: 30_000 });
});

test('the token stays with the address; a missing or wrong one shows the help page with nothing retrying behind it', async ({ page, context }) => {
  const app = new App(page);
  await app.open();
  await app.go('experiments');
  // The address keeps the token: a copied link or bookmark opens signed in, in a new tab too.
  expect(page.url()).toContain(`token=${E2E_TOKEN}`);
  const copy = await context.newPage();
  await copy.goto(page.url());
  await expect(copy.getByTestId('host-status')).toBeVisible();
  await expect(copy.getByTestId('page-experiments')).toBeVisible();
  await copy.close();

  for (const [address, access] of [
    ['/?token=not-the-right-token', 'wrong'],
    ['/', 'missing'],
  ] as const) {
    const tab = await context.newPage();
    const api: string[] = [];
    let sockets = 0;
    tab.on('request', (r) => r.url().includes('/api/') && api.push(r.url()));
    tab.on('websocket', () => sockets++);
    await tab.goto(address);
    await expect(tab.getByTestId('access-help')).toHaveAttribute('data-access', access);
    await expect(tab.getByTestId('access-help')).toContainText('npm start');
    // The editor is not rendered as if usable, and "Backend: checking…" is not left waiting.
    await expect(tab.getByTestId('page-model')).toHaveCount(0);
    await expect(tab.getByText('Backend: checking')).toHaveCount(0);
    // Give a retry loop time to show itself (the old one reconnected every second), then count.
    await tab.waitForTimeout(3000);
    expect(sockets).toBe(0);
    expect(api.length).toBe(access === 'wrong' ? 1 : 0);
    await tab.close();
  }
});

test('an empty canvas is one problem in the header, the Problems panel and the status line alike', async ({ page }) => {
  const ed = new EditorPage(page);
  await ed.app.open();
  await ed.startEmpty();
  await expect(page.getByTestId('graph-validity')).toContainText('The model is empty');
  await expect(page.getByTestId('diagnostic')).toHaveCount(1);
  await expect(page.getByTestId('diagnostic')).toContainText('The model is empty');
  await expect(page.getByTestId('problem-count')).toHaveText('1');
  await expect(page.getByTestId('status-line')).toHaveText('1 problem to fix before training.');
  await expect(page.getByText('Shapes check out')).toHaveCount(0);

  // With layers, the status line's count is the panel's list, errors and warnings told apart.
  await ed.addLayer('InputImage');
  await ed.addLayer('Dense');
  const errors = await page.locator('[data-testid=diagnostic].ed-diag-error').count();
  const warnings = await page.locator('[data-testid=diagnostic].ed-diag-warning').count();
  expect(errors).toBeGreaterThan(0);
  await expect(page.getByTestId('problem-count')).toHaveText(String(errors));
  await expect(page.getByTestId('status-line')).toContainText(`${errors} problem${errors === 1 ? '' : 's'} to fix before training`);
  if (warnings > 0) await expect(page.getByTestId('status-line')).toContainText(`${warnings} warning`);
});
