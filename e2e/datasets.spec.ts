import { test, expect, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { seededRandom } from '../src/shared/random';
import { DatasetsPage } from './datasets-page';
import { EditorPage } from './editor-page';

// Screenshots for the docs: SCREENSHOTS=1 npx playwright test e2e/datasets.spec.ts
const SHOTS = Boolean(process.env.SCREENSHOTS);
test.use({ viewport: { width: 1440, height: 900 } });

/** The app's own seeded PRNG, so every run writes the same file. */
const rng = seededRandom;

const SEGMENTS = ['bronze', 'silver', 'gold'] as const;
const REGIONS = ['north', 'south', 'east', 'west'] as const;

/**
 * 300 customers: an id, three numeric features and a region that predict the segment (50 / 30 / 20 %),
 * a noise column, and a few missing cells. The label sits before `region`, so a suggestion by position
 * (the last categorical column) would be wrong; the import suggests `segment` by its class-like name.
 */
function writeCustomers(dir: string): { path: string; majority: number; features: number } {
  const rand = rng(7);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const lines = ['customer_id,visits,spend,tenure_years,signup_batch,segment,region'];
  const counts = [0, 0, 0];
  for (let i = 0; i < 300; i++) {
    const u = rand();
    const k = u < 0.5 ? 0 : u < 0.8 ? 1 : 2;
    counts[k]++;
    const visits = Math.max(0, Math.round(3 + 4 * k + 1.5 * gauss()));
    const spend = Math.max(1, 20 + 30 * k + 10 * gauss()).toFixed(2);
    const tenure = Math.max(0, 1 + k + gauss()).toFixed(1);
    const batch = 1 + Math.floor(rand() * 5);
    const region = rand() < 0.6 ? REGIONS[k] : REGIONS[Math.floor(rand() * 4)];
    lines.push(
      [
        `C${String(1000 + i)}`,
        visits,
        i === 17 || i === 130 ? '' : spend, // two missing spends
        tenure,
        batch,
        SEGMENTS[k],
        i === 42 ? 'NA' : region, // one missing region
      ].join(','),
    );
  }
  const path = join(dir, 'customers.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  // visits, spend, tenure_years (z-scored) + region one-hot (4).
  return { path, majority: Math.max(...counts) / 300, features: 3 + REGIONS.length };
}

/** class subfolders of small PNGs and JPEGs (each class its own colour and stripe), plus one broken file. */
async function writeImages(dir: string): Promise<void> {
  const classes = { circle: [230, 60, 60], square: [60, 160, 60], triangle: [60, 90, 220] } as const;
  for (const [cls, [r, g, b]] of Object.entries(classes)) {
    mkdirSync(join(dir, cls));
    for (let i = 0; i < 6; i++) {
      const w = 40;
      const px = Buffer.alloc(w * w * 3);
      for (let p = 0; p < w * w; p++) {
        const stripe = Math.floor((p % w) / 5) % 2 === i % 2 ? 1 : 0.6;
        px[p * 3] = r * stripe;
        px[p * 3 + 1] = g * stripe;
        px[p * 3 + 2] = b * stripe;
      }
      const img = sharp(px, { raw: { width: w, height: w, channels: 3 } });
      if (i % 2 === 0) await img.png().toFile(join(dir, cls, `${cls}-${i}.png`));
      else await img.jpeg().toFile(join(dir, cls, `${cls}-${i}.jpg`));
    }
  }
  writeFileSync(join(dir, 'square', 'broken.png'), Buffer.from('not really a PNG file at all'));
}

/**
 * Record, from inside the page, whether the import progress bar showed up and how far it got: on a
 * small file the whole import can take less time than one Playwright poll.
 */
async function watchProgress(page: Page): Promise<() => Promise<{ seen: boolean; max: number }>> {
  await page.evaluate(() => {
    const w = window as unknown as { __progress: { seen: boolean; max: number } };
    w.__progress = { seen: false, max: 0 };
    const check = () => {
      const bar = document.querySelector('[data-testid="import-progress"] [role="progressbar"]');
      if (!bar) return;
      w.__progress.seen = true;
      w.__progress.max = Math.max(w.__progress.max, Number(bar.getAttribute('aria-valuenow')));
    };
    new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  return () =>
    page.evaluate(() => (window as unknown as { __progress: { seen: boolean; max: number } }).__progress);
}

test('import a CSV through the dialog, look at it, and train the table MLP on it', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'layerlab-e2e-csv-'));
  const csv = writeCustomers(dir);
  const name = `customers ${Date.now().toString(36)}`;
  const ds = new DatasetsPage(page);
  await ds.app.open();
  await ds.open();
  if (SHOTS) await page.screenshot({ path: 'test-results/datasets-list-before.png' });

  // Schema step: every column found with its inferred type; the id column is recognised and ignored.
  await ds.inspectCsv(csv.path);
  await expect(ds.schemaRow('customer_id')).toContainText('id-like');
  await expect(page.getByTestId('column-role-customer_id')).toHaveValue('ignore');
  for (const col of ['visits', 'spend', 'tenure_years', 'signup_batch'])
    await expect(ds.schemaRow(col)).toHaveAttribute('data-type', 'numeric');
  await expect(ds.schemaRow('region')).toHaveAttribute('data-type', 'categorical');
  await expect(ds.schemaRow('spend')).toContainText('2 missing');
  // Each default comes with its reason, and the label is suggested by name, not position.
  await expect(page.getByTestId('column-reason-customer_id')).toContainText('Left out');
  await expect(page.getByTestId('column-reason-spend')).toContainText('Z-scored');
  await expect(page.getByTestId('column-scaling-spend')).toHaveValue('zscore');
  await expect(page.getByTestId('label-select')).toHaveValue('segment');
  await expect(page.getByTestId('label-reason')).toContainText('class-like name');
  await ds.setName(name);
  await ds.chooseLabel('segment');
  await expect(ds.schemaRow('segment')).toContainText('label');
  await ds.setRole('signup_batch', 'ignore');
  await expect(page.getByTestId('import-feature-summary')).toContainText(`${csv.features} input values`);
  if (SHOTS) await page.screenshot({ path: 'docs/import.png' });
  const progress = await watchProgress(page);
  await ds.confirmCsv();
  expect((await progress()).seen, 'the progress bar showed while importing').toBe(true);
  await expect(page.getByTestId('import-done')).toContainText(name);

  // The new dataset: listed, selected, with rows, per-column statistics and the class chart.
  await expect(ds.row(name)).toContainText(`${csv.features} values per row · 3 classes`);
  await expect(ds.row(name)).toHaveAttribute('aria-pressed', 'true');
  const table = page.getByTestId('preview-table');
  await expect(table.locator('thead th')).toContainText(['segment']);
  // The raw rows keep every column; the ones the model does not get are marked.
  await expect(table.locator('thead th[data-role="ignore"]')).toHaveText(['customer_id', 'signup_batch']);
  await expect(table.locator('thead th[data-role="label"]')).toContainText('segment');
  await expect(table.locator('tbody tr')).toHaveCount(25);
  await expect(page.getByTestId('column-stats-spend')).toContainText('2 missing');
  await expect(page.getByTestId('class-balance')).toBeVisible();
  const counts = await ds.classCounts();
  expect(Object.keys(counts).sort()).toEqual(['bronze', 'gold', 'silver']);
  expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(300);
  expect(counts.bronze / 300).toBeCloseTo(csv.majority, 5);
  if (SHOTS) {
    await page.getByTestId('import-done').getByText('Dismiss').click();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: 'docs/datasets.png' });
  }

  // Train the tabular MLP on it. The template is made for Iris (4 features): choosing the dataset adapts
  // it, says what changed, and the Model page shows the new input size.
  const ed = new EditorPage(page);
  await ds.app.chooseTemplate('tabular-mlp');
  await ds.app.setName(`mlp on ${name}`);
  await ds.app.go('train');
  const select = page.getByTestId('dataset-select');
  const id = await select.locator('option', { hasText: name }).getAttribute('value');
  await select.selectOption(id as string);
  const warnings = page.getByTestId('page-train').locator('.app-warning');
  await expect(page.getByTestId('model-adapted')).toContainText(`“features” takes ${csv.features} numbers per row (was 4)`);

  await ds.app.go('model');
  await ed.select('features');
  await ed.expectShapes({ features: String(csv.features) });
  await ed.app.go('train');
  await expect(page.getByTestId('graph-validity')).toContainText('Ready');
  await expect(warnings).toHaveCount(0);

  await ds.app.setHyperparam('epochs', 10);
  await ds.app.setHyperparam('batchSize', 16);
  await ds.app.setHyperparam('learningRate', 0.01);
  await page.getByTestId('start-training').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'completed', {
    timeout: 60_000,
  });
  const acc = Number(await page.getByTestId('test-accuracy').getAttribute('data-value'));
  expect(acc, `test accuracy ${acc} against a majority rate of ${csv.majority}`).toBeGreaterThan(
    csv.majority + 0.1,
  );
});

test('import an image folder: the broken file is reported, an empty test split is warned about, thumbnails show', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'layerlab-e2e-images-'));
  await writeImages(dir);
  const name = `shapes ${Date.now().toString(36)}`;
  const ds = new DatasetsPage(page);
  await ds.app.open();
  await ds.open();

  // Six images per class: the default 10 % test share rounds to no image at all, and the notice says so.
  await ds.importImages(dir, `${name} small test`);
  const done = page.getByTestId('import-done');
  await expect(done).toContainText('18 images (15 train, 3 validation, 0 test)');
  await expect(done).toContainText('The test split is empty');
  const skipped = page.getByTestId('import-skipped');
  await expect(skipped).toContainText('1 file skipped');
  await expect(skipped).toContainText('square/broken.png');

  // A larger test share fixes it.
  await ds.importImages(dir, name, { train: 0.7, test: 0.2 });
  await expect(done).toContainText(name);
  await expect(done).toContainText('18 images (12 train, 3 validation, 3 test)');
  await expect(done).not.toContainText('split is empty');
  await expect(skipped).toContainText('square/broken.png');

  await expect(ds.row(name)).toContainText('28 × 28 × 1 images · 3 classes');
  await expect(ds.row(name)).toHaveAttribute('aria-pressed', 'true');
  const grid = page.getByTestId('image-grid');
  await expect(grid.locator('img')).toHaveCount(6);
  await expect
    .poll(() => grid.locator('img').evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).naturalWidth === 28)))
    .toBe(true);
  await page.getByTestId('image-class').selectOption('square');
  await expect(grid.locator('img')).toHaveCount(6);
  await expect(grid.locator('img').first()).toHaveAttribute('alt', /^square #/);
  expect(await ds.classCounts()).toEqual({ circle: 6, square: 6, triangle: 6 });
  if (SHOTS) {
    await page.mouse.move(0, 0);
    await page.screenshot({ path: 'test-results/datasets-images.png', fullPage: true });
  }
});
