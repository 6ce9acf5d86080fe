import { test, expect } from '@playwright/test';
import { App } from './app';

test('a 4-trial learning-rate sweep on Iris: trials finish, the best is highlighted, two open in the comparison', async ({
  page,
}) => {
  const app = new App(page);
  await app.open();
  await app.chooseTemplate('tabular-mlp');
  await app.setName('iris mlp');
  await app.go('train');
  await expect(page.getByTestId('dataset-select')).toHaveValue('builtin:iris');
  await app.setHyperparam('epochs', 3);

  await page.getByTestId('nav-sweeps').click();
  await expect(page.getByTestId('sweeps-page')).toBeVisible();
  await page.getByTestId('new-sweep').click();
  await expect(page.getByTestId('sweep-param-learningRate')).toBeChecked();
  await page.getByTestId('sweep-values-learningRate').fill('0.0003, 0.003, 0.03, 0.1');
  await page.getByTestId('sweep-strategy').selectOption('grid');
  await page.getByTestId('sweep-max-trials').fill('4');
  await expect(page.getByTestId('sweep-start')).toHaveText(/Start 4 trials/);
  await page.getByTestId('sweep-start').click();

  // Trials run one after another and land in the table; the plots fill in as they finish.
  await expect(page.getByTestId('sweep-view')).toBeVisible();
  await expect(page.getByTestId('sweep-trial-4')).toBeVisible();
  await expect(page.getByTestId('sweep-trial-1')).toHaveAttribute('data-state', /running|completed/, {
    timeout: 60_000,
  });
  await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-status', 'completed', {
    timeout: 170_000,
  });
  for (const n of [1, 2, 3, 4])
    await expect(page.getByTestId(`sweep-trial-${n}`)).toHaveAttribute('data-state', 'completed');

  const best = page.getByTestId('sweep-best');
  await expect(best).toBeVisible();
  const bestN = await best.getAttribute('data-trial');
  await expect(page.getByTestId(`sweep-trial-${bestN}`)).toHaveAttribute('data-best', 'true');
  await expect(page.locator('[data-testid="parallel-coords"] polyline')).toHaveCount(4);
  await expect(page.locator('[data-testid="parallel-coords"] polyline[data-best]')).toHaveAttribute(
    'data-trial',
    bestN ?? '',
  );
  await expect(page.locator('[data-testid="sweep-scatter"] circle')).toHaveCount(4);

  await page.getByTestId('sweep-select-1').check();
  await page.getByTestId('sweep-select-2').check();
  await page.getByTestId('open-in-compare').click();
  await expect(page.getByTestId('compare-page')).toBeVisible();
  await expect(page.getByTestId('sweep-compare')).toHaveAttribute('data-ids', /^[\w-]+,[\w-]+$/);
  await expect(page.getByTestId('compare-summary')).toContainText('0.0003');
});
