import { test, expect, type Locator, type Page } from '@playwright/test';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EditorPage } from './editor-page';

/** Train the model now in the editor on 320 MNIST digits for 2 epochs, through the Train page. */
async function trainHere(page: Page, ed: EditorPage, learningRate: string, run: string): Promise<void> {
  await ed.app.go('train');
  await page.getByTestId('dataset-select').selectOption('builtin:mnist');
  await ed.app.setHyperparam('epochs', 2);
  await ed.app.setHyperparam('trainLimit', 320);
  await ed.app.setHyperparam('testLimit', 200);
  await ed.app.setHyperparam('batchSize', 32);
  await ed.app.setHyperparam('learningRate', learningRate);
  await page.getByTestId('start-training').click();
  // The live panel names the new run first: until then its status is the previous run's.
  await expect(page.getByText(`Run “${run}”`)).toBeVisible();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'completed', { timeout: 150_000 });
}

/** Boxes of the graph diff that share area on screen (there should be none). */
async function overlappingBoxes(boxes: Locator): Promise<string[]> {
  const all = await boxes.evaluateAll((els) =>
    els.map((el) => ({ id: el.getAttribute('data-testid') ?? '', r: el.getBoundingClientRect().toJSON() as DOMRect })),
  );
  const hits: string[] = [];
  for (let i = 0; i < all.length; i++)
    for (let j = i + 1; j < all.length; j++) {
      const [a, b] = [all[i].r, all[j].r];
      if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) hits.push(`${all[i].id} × ${all[j].id}`);
    }
  return hits;
}

test('compare two runs of one model, trained in the app: run names, settings in words, curves with epochs, a clear graph diff', async ({
  page,
}) => {
  const ed = new EditorPage(page);
  const model = `cnn ${Date.now().toString(36)}`;
  const names = [`${model} #1`, `${model} #2`];
  await ed.app.open();
  await ed.app.chooseTemplate('mnist-cnn');
  await ed.app.setName(model);
  await trainHere(page, ed, '0.001', names[0]);

  // The variant: a narrower dense layer, a Dropout after it, a larger learning rate.
  await ed.app.go('model');
  await ed.select('dense_1');
  await ed.setParam('units', 32);
  await ed.addLayer('Dropout');
  await expect(page.getByTestId('param-name')).toHaveValue('dropout_1');
  await trainHere(page, ed, '0.002', names[1]);

  await ed.app.go('experiments');
  // Each run carries its own number after the model's name.
  for (const n of names) await expect(page.getByTestId(`experiment-row-${n}`)).toBeVisible();
  await page.getByTestId(`select-${names[0]}`).check();
  await page.getByTestId(`select-${names[1]}`).check();
  await page.getByTestId('compare-button').click();
  await expect(page.getByTestId('compare-summary')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('compare-1440.png'), fullPage: true });

  // The dataset by its name and version, not its id.
  await expect(page.getByTestId('compare-summary')).toContainText(/MNIST.* v\d/);
  await expect(page.getByTestId('compare-summary')).not.toContainText('builtin:mnist@');

  // The diff reads as words: labels, not keys; "—" where a run has no such layer; never "null".
  const diff = page.getByTestId('compare-diff');
  await expect(diff).toHaveAttribute('data-rows', '4');
  await expect(page.getByTestId('diff-row-learningRate')).toContainText('Learning rate');
  await expect(page.getByTestId('diff-row-learningRate')).toContainText('0.002');
  // Compared in table order, newest first: the variant (#2) is the baseline the first column shows.
  await expect(page.getByTestId('diff-row-dense_1.units')).toHaveText(/^dense_1: Units\s*32\s*64$/);
  await expect(page.getByTestId('diff-row-dropout_1.kind')).toHaveText(/^dropout_1: layer type\s*Dropout\s*—$/);
  await expect(diff).not.toContainText(/null|undefined|learningRate/);

  // Curves with labelled epoch ticks on both panels.
  await expect(page.getByTestId('compare-curves').getByTestId('epoch-tick-loss')).toHaveText(['1', '2']);
  await expect(page.getByTestId('compare-curves').getByTestId('epoch-tick-accuracy')).toHaveText(['1', '2']);

  // Graph diff: the dropout is one side's only extra layer, and no box sits on another.
  await expect(page.getByTestId('graph-diff')).toHaveAttribute('data-changed', '1');
  await expect(page.getByTestId('graph-diff-node-dense_1')).toContainText('Units: 32 → 64');
  await expect(page.getByTestId('graph-diff-node-dropout_1')).toHaveAttribute('data-change', 'removed');
  expect(await overlappingBoxes(page.locator('[data-testid^="graph-diff-node-"]'))).toEqual([]);
  await page.getByTestId('graph-diff').screenshot({ path: test.info().outputPath('graph-diff.png') });

  // Compare at a small screen too.
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.screenshot({ path: test.info().outputPath('compare-1024.png'), fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });

  // Both runs' curves, overlaid.
  const curves = page.getByTestId('compare-curves');
  await expect(curves).toHaveAttribute('data-series', '2');
  for (const n of names) await expect(curves.getByTestId(`curve-${n}`).first()).toBeAttached();

  await expect(page.getByTestId('graph-diff-node-conv2d_1')).toHaveAttribute('data-change', 'same');
  await expect(page.getByTestId('compare-confusion-diff')).toBeVisible();
  // Each run's logistic-regression baseline, trained on its own training rows, beside its test accuracy.
  await expect(page.getByTestId('compare-logistic')).toHaveCount(2);
  await expect(page.getByTestId('compare-logistic').first()).toHaveText(/^\d+\.\d\d %$/);

  // The same comparison as a self-contained HTML report.
  const folder = mkdtempSync(join(tmpdir(), 'layerlab-e2e-report-'));
  await page.getByTestId('share-folder').fill(folder);
  await page.getByTestId('save-report').click();
  await expect(page.getByTestId('share-done')).toContainText('.html');
  const report = readFileSync(join(folder, readdirSync(folder)[0]), 'utf8');
  expect(report).toContain(names[0]);
  // Per run: learning curves + confusion matrix + ROC curves.
  expect(report.match(/<svg/g)?.length).toBe(6);

  // Back to the table: open the first run, click a wrong cell of its confusion matrix, see those digits.
  await page.getByTestId('compare-back').click();
  await page.getByTestId(`experiment-row-${names[0]}`).click();
  const matrix = page.getByTestId('confusion-matrix');
  await expect(matrix).toBeVisible();
  // The evaluation shows the baselines beside the model's own figures.
  await expect(page.getByTestId('baseline-logistic')).toContainText(/Logistic regression\s*\d+\.\d %/);
  await expect(page.getByTestId('baseline-majority')).toContainText(/most common class/);
  const wrong = await matrix.locator('[data-testid^="confusion-cell-"]').evaluateAll(
    (cells) =>
      cells
        .map((c) => ({ id: c.getAttribute('data-testid') ?? '', v: Number(c.getAttribute('data-value')) }))
        .filter((c) => {
          const [t, p] = c.id.split('-').slice(-2);
          return t !== p && c.v > 0;
        })
        .sort((a, b) => b.v - a.v)[0]?.id,
  );
  expect(wrong, 'a 2-epoch model on 320 digits makes some mistakes').toBeTruthy();
  await page.getByTestId(wrong as string).click();
  await expect(page.getByTestId('examples')).toBeVisible();
  await expect(page.getByTestId('example-image').first()).toBeVisible();
  const [, t, p] = /(\d+)-(\d+)$/.exec(wrong as string) ?? [];
  await expect(page.getByTestId('examples')).toContainText(`True ${t} → predicted ${p}`);

  // A run keeps a new name once renamed: after a reload too.
  await page.getByTestId('rename-experiment').click();
  await page.getByTestId('rename-input').fill(`${model} baseline`);
  await page.getByTestId('rename-confirm').click();
  await expect(page.getByTestId(`experiment-row-${model} baseline`)).toBeVisible();
  await ed.app.open();
  await ed.app.go('experiments');
  await expect(page.getByTestId(`experiment-row-${model} baseline`)).toBeVisible();
  await expect(page.getByTestId(`experiment-row-${names[1]}`)).toBeVisible();
});
