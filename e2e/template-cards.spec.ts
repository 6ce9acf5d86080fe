import { test, expect } from '@playwright/test';
import { App } from './app';

test('template cards show a picture of each graph, and choosing one puts it on the canvas', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.go('model');
  await page.getByTestId('new-from-template').click();
  const card = page.getByTestId('template-mnist-cnn');
  // The MNIST CNN's picture has one box per layer (8) and one line per edge (7).
  const pic = card.getByTestId('template-picture');
  await expect(pic).toHaveAttribute('data-layers', '8');
  await expect(pic.locator('rect')).toHaveCount(8);
  await expect(pic.locator('line')).toHaveCount(7);
  const cards = page.locator('[data-testid^="template-"]:has([data-testid="template-picture"])');
  expect(await cards.count()).toBeGreaterThan(1);
  await page.screenshot({ path: 'test-results/template-cards.png' });
  await card.click();
  await expect(page.getByTestId('node-conv2d_1')).toBeVisible();
});
