import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { App } from './app';

/**
 * WCAG 2.1 AA check of every page, reached as a user would (nav clicks, a real Iris training run and
 * sweep so the experiment, compare and sweep pages have content). axe-core runs on each view; any
 * serious or critical violation fails the test, listed with the elements at fault.
 */
async function expectAccessible(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1] ?? ''}`).join(' | ')}`);
  expect.soft(bad, `axe on ${where}`).toEqual([]);
}

/** The element that has focus, described by its test id or text (for readable failures). */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { testId: el?.getAttribute('data-testid') ?? null, text: el?.textContent?.trim() ?? '', tag: el?.tagName ?? '' };
  });

test('every page passes axe (WCAG 2.1 AA, no serious or critical violations) and works from the keyboard', async ({ page }) => {
  test.setTimeout(300_000);
  const app = new App(page);
  await app.open();

  // Tab from a fresh page lands on the skip link first; Enter on it moves focus to the page content.
  await page.keyboard.press('Tab');
  expect(await focused(page)).toMatchObject({ testId: 'skip-link' });
  await expect(page.getByTestId('skip-link')).toBeVisible();
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');

  // The page hints name shortcuts that work in a browser (Ctrl+digit switches browser tabs there).
  await expect(page.getByTestId('nav-train')).toHaveAttribute('title', /Alt\+2/);

  await app.chooseTemplate('tabular-mlp');
  await app.setName('a11y iris');
  await expect(page.getByTestId('node-dense_1')).toBeVisible();
  await expectAccessible(page, 'the model editor');

  // The palette's own skip link jumps over the layer list to the graph; Tab then moves layer by layer,
  // and the focused layer shows a visible focus ring.
  await page.getByTestId('palette-search').focus();
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByTestId('skip-palette')).toBeFocused();
  await expect(page.getByTestId('skip-palette')).toBeVisible();
  await page.keyboard.press('Enter');
  const first = page.locator('.react-flow__node', { has: page.getByTestId('node-features') });
  await expect(first).toBeFocused();
  await expect(first).toHaveAttribute('aria-label', /input layer “features”/);
  await page.keyboard.press('Tab');
  const node = page.locator('.react-flow__node', { has: page.getByTestId('node-dense_1') });
  await expect(node).toBeFocused();
  await expect(node).toHaveAttribute('aria-label', /Dense.*dense_1/);
  const ring = await node.evaluate((el) => {
    const s = getComputedStyle(el);
    return { outline: `${s.outlineStyle} ${s.outlineWidth}`, shadow: s.boxShadow };
  });
  expect(ring.outline === 'none 0px' && ring.shadow === 'none', `focus ring on a node: ${JSON.stringify(ring)}`).toBe(false);
  // Edges are announced with the layers they join, not internal ids.
  await expect(page.locator('.react-flow__edge').first()).toHaveAttribute('aria-label', /from “?features”? to “?dense_1/);

  await app.go('datasets');
  await expectAccessible(page, 'the datasets page');

  await app.go('train');
  await expect(page.getByTestId('dataset-select')).toHaveValue('builtin:iris');
  await app.setHyperparam('epochs', 2);
  await expectAccessible(page, 'the train page before a run');
  await page.getByTestId('start-training').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'completed', { timeout: 120_000 });
  await expectAccessible(page, 'the train page after a run');

  await app.go('experiments');
  await expectAccessible(page, 'the experiments list');
  await page.getByTestId('experiment-row-a11y iris #1').click();
  await expect(page.getByTestId('confusion-matrix')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('export-panel')).toBeVisible();
  await expectAccessible(page, 'an experiment with its confusion matrix and export panel');

  // A confusion cell is a keyboard button: Tab reaches it, Enter opens its examples.
  const cell = page.getByTestId('confusion-matrix').getByRole('button').first();
  await page.getByTestId('confusion-matrix').locator('text').first().click();
  await cell.focus();
  await expect(cell).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('examples')).toBeVisible();
  await expectAccessible(page, 'an experiment with a confusion cell opened');

  // Serving panel, while a model is served.
  await page.getByTestId('serve-start').click();
  await expect(page.getByTestId('serve-curl')).toBeVisible({ timeout: 30_000 });
  await expectAccessible(page, 'the serving panel while serving');
  await page.getByTestId('serve-stop').click();
  await expect(page.getByTestId('serve-start')).toBeVisible();

  // A 2-trial sweep gives the sweep view (with its best trial) and a comparison of two runs.
  await page.getByTestId('nav-sweeps').click();
  await expect(page.getByTestId('sweeps-page')).toBeVisible();
  await expectAccessible(page, 'the sweeps page');
  await page.getByTestId('new-sweep').click();
  await page.getByTestId('sweep-values-learningRate').fill('0.003, 0.03');
  await page.getByTestId('sweep-strategy').selectOption('grid');
  await page.getByTestId('sweep-max-trials').fill('2');
  await expectAccessible(page, 'the new sweep form');
  await page.getByTestId('sweep-start').click();
  await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-status', 'completed', { timeout: 150_000 });
  await expect(page.getByTestId('sweep-best')).toBeVisible();
  await expectAccessible(page, 'a finished sweep');

  await page.getByTestId('sweep-select-1').check();
  await page.getByTestId('sweep-select-2').check();
  await page.getByTestId('open-in-compare').click();
  await expect(page.getByTestId('compare-page')).toBeVisible();
  await expect(page.getByTestId('compare-confusion')).toBeVisible({ timeout: 30_000 });
  await expectAccessible(page, 'the compare page');
});

test('the getting-started guide: four steps that lead to their pages, put away for good, back from the help menu', async ({ page }) => {
  const app = new App(page);
  await app.open({ guide: true });
  const guide = page.getByTestId('first-run-guide');
  // Asked for from the help menu (on a first launch it is showing already: the same guide, focused).
  await page.getByTestId('help-button').click();
  await page.getByTestId('help-show-guide').click();
  await expect(guide).toBeVisible();
  await expect(guide.getByRole('heading', { name: /Getting started/ })).toBeFocused();
  await expect(guide.getByRole('link')).toHaveText(['1Data · Datasets page', '2Model · Model page', '3Train · Train page', '4Use · Experiments page']);
  await expect(guide.locator('li[aria-current="step"]')).toContainText('Model');
  await page.screenshot({ path: test.info().outputPath('guide-1440.png') });
  await expectAccessible(page, 'the getting-started guide');

  // Mouse: a step goes to its page and becomes the current step. Keyboard: Enter on a step link.
  await guide.getByTestId('guide-step-datasets').click();
  await expect(page.getByTestId('page-datasets')).toBeVisible();
  await expect(guide.locator('li[aria-current="step"]')).toContainText('Data');
  await guide.getByTestId('guide-step-train').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('page-train')).toBeVisible();
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.screenshot({ path: test.info().outputPath('guide-1024.png') });

  // Put away: gone, and still gone after a reload; the help menu brings it back.
  await page.getByTestId('guide-dismiss').click();
  await expect(guide).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('host-status')).toBeVisible();
  await expect(page.getByTestId('page-train')).toBeVisible();
  await expect(guide).toHaveCount(0);
  await page.getByTestId('help-button').click();
  await page.getByTestId('help-show-guide').click();
  await expect(guide).toBeVisible();
});
