import { test, expect, type Page } from '@playwright/test';
import { App } from './app';

/** The smallest canvas each viewport must leave for the graph, in CSS pixels. */
const SIZES = [
  { width: 1024, height: 768, canvas: 560 },
  { width: 1280, height: 720, canvas: 620 },
] as const;

async function box(page: Page, testIdOrSelector: string) {
  const b = await page.locator(testIdOrSelector).first().boundingBox();
  if (!b) throw new Error(`${testIdOrSelector} is not on screen`);
  return b;
}

test('at 1024×768 and 1280×720 the canvas keeps its room and the experiments table fits or scrolls', async ({ page }) => {
  const app = new App(page);
  await app.open();
  // One short real run, so the experiments table has a row.
  await app.trainTemplate({ template: 'mnist-cnn', name: 'small screen cnn', dataset: 'builtin:mnist', settings: { epochs: 1, trainLimit: 320, testLimit: 200 }, timeoutMs: 120_000 });

  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await app.go('model');
    await expect(page.getByTestId('node-conv2d_1')).toBeVisible();
    const canvas = await box(page, '.react-flow');
    console.log(`${size.width}×${size.height}: canvas ${Math.round(canvas.width)}×${Math.round(canvas.height)}`);
    expect(canvas.width, `canvas width at ${size.width}×${size.height}`).toBeGreaterThanOrEqual(size.canvas);
    expect(canvas.x + canvas.width).toBeLessThanOrEqual(size.width);
    // The minimap, when shown, covers at most a quarter of the canvas's width.
    const minimap = page.locator('.ed-minimap');
    if (await minimap.isVisible()) expect((await box(page, '.ed-minimap')).width).toBeLessThanOrEqual(canvas.width / 4);
    // The toolbar stays within two rows.
    const toolbar = await box(page, '.app-model-page > .app-toolbar');
    expect(toolbar.height, 'toolbar height').toBeLessThanOrEqual(90);
    await page.screenshot({ path: `test-results/model-${size.width}x${size.height}.png` });

    await app.go('experiments');
    const table = page.getByTestId('experiments-table');
    await expect(table).toBeVisible();
    const scroller = page.getByTestId('experiments-table-scroll');
    const view = await scroller.boundingBox();
    expect(view, 'the table sits in its own scroll box').not.toBeNull();
    // The visible part of the table ends inside the window; what is wider scrolls inside its box.
    expect(view!.x + view!.width).toBeLessThanOrEqual(size.width);
    const { scrollWidth, clientWidth, overflowX } = await scroller.evaluate((el) => ({
      scrollWidth: el.scrollWidth,
      clientWidth: el.clientWidth,
      overflowX: getComputedStyle(el).overflowX,
    }));
    console.log(`${size.width}×${size.height}: table ${scrollWidth} px in a ${clientWidth} px box`);
    if (scrollWidth > clientWidth) expect(overflowX).toBe('auto');
    // The columns that matter most are always in view: name, status and test accuracy.
    for (const col of ['Name', 'Status', 'Test acc']) {
      const th = await box(page, `[data-testid="experiments-table"] th:has-text("${col}")`);
      expect(th.x + th.width, `${col} column in view`).toBeLessThanOrEqual(size.width);
    }
    await page.screenshot({ path: `test-results/experiments-${size.width}x${size.height}.png` });
  }
});
