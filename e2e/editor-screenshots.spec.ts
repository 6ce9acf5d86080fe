import { test, expect } from '@playwright/test';
import { EditorPage } from './editor-page';

// Regenerates the README screenshots: SCREENSHOTS=1 npx playwright test e2e/editor-screenshots.spec.ts
test.skip(!process.env.SCREENSHOTS, 'set SCREENSHOTS=1 to refresh docs/*.png');
test.use({ viewport: { width: 1440, height: 900 } });

test('README screenshots of the editor, a shape error with its fix, and the code view', async ({ page }) => {
  const ed = new EditorPage(page);
  await ed.app.open();
  await ed.app.chooseTemplate('mnist-cnn');
  await ed.app.setName('My MNIST CNN');
  await page.getByText('Dismiss').first().click();
  await ed.select('conv2d_2');
  await page.mouse.move(0, 0);
  await page.screenshot({ path: 'docs/editor.png' });

  await ed.select('flatten');
  await ed.deleteSelected();
  await ed.select('dense_1');
  await expect(page.getByTestId('fix-button')).toBeVisible();
  await page.getByTestId('fix-button').hover();
  await page.screenshot({ path: 'docs/editor-error.png' });
  await ed.undo();

  await ed.select('conv2d_1');
  await page.getByTestId('code-toggle').click();
  await expect(page.getByTestId('code-text')).toBeVisible();
  await page.getByTestId('zoom-fit').click();
  await page.waitForTimeout(400);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: 'docs/code-view.png' });
});
