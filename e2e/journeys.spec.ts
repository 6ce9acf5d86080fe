import { test, expect, type Locator, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import * as ort from 'onnxruntime-node';
import { DatasetsPage } from './datasets-page';
import { EditorPage } from './editor-page';

/**
 * Issue 16's "Done when": whole journeys, each one spec in the order a person works, by clicking only (no
 * API calls, no server paths typed in), in the web host, at a desktop and a small laptop screen. Every step
 * leaves a screenshot in test-results/ (kept by CI as artifacts), named <journey>-<viewport>/<nn>-<step>.png.
 */

const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
] as const;

/** Numbered full-page screenshots of one journey's steps. */
class Steps {
  private n = 0;
  constructor(private readonly page: Page) {}
  async shot(step: string): Promise<void> {
    this.n++;
    await this.page.screenshot({ path: this.path(step), fullPage: true });
  }
  /** One part of the page, scrolled into view (pages scroll inside their own box, so fullPage stops at the window). */
  async shotOf(part: Locator, step: string): Promise<void> {
    this.n++;
    await part.scrollIntoViewIfNeeded();
    await part.screenshot({ path: this.path(step) });
  }
  private path(step: string): string {
    return test.info().outputPath(`${String(this.n).padStart(2, '0')}-${step}.png`);
  }
}

/**
 * A sales-lead table as an analyst might have it on their laptop: four numeric columns and an outcome of
 * three kinds whose clouds overlap, so a small model makes some mistakes a confusion cell can show.
 */
function writeLeads(dir: string): string {
  const rows = ['visits,minutes,pages,days_since,outcome'];
  let s = 11;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
  const kinds = [
    { name: 'lost', c: [2, 3, 2, 40] },
    { name: 'nurture', c: [4, 6, 4, 20] },
    { name: 'won', c: [6, 9, 6, 8] },
  ];
  for (let i = 0; i < 1500; i++) {
    const k = kinds[i % 3];
    rows.push([k.c[0] + rnd() * 5, k.c[1] + rnd() * 8, k.c[2] + rnd() * 5, k.c[3] + rnd() * 40].map((v) => v.toFixed(2)).concat(k.name).join(','));
  }
  const path = join(dir, 'leads export.csv');
  writeFileSync(path, rows.join('\n') + '\n');
  return path;
}

/** The testid of the fullest wrong cell of the confusion matrix on screen, else of the fullest cell. */
async function fullestCell(page: Page, wrongOnly: boolean): Promise<string | undefined> {
  return page
    .getByTestId('confusion-matrix')
    .locator('[data-testid^="confusion-cell-"]')
    .evaluateAll(
      (cells, wrong) =>
        cells
          .map((c) => ({ id: c.getAttribute('data-testid') ?? '', v: Number(c.getAttribute('data-value')) }))
          .filter((c) => {
            const [t, p] = c.id.split('-').slice(-2);
            return c.v > 0 && (!wrong || t !== p);
          })
          .sort((a, b) => b.v - a.v)[0]?.id,
      wrongOnly,
    );
}

/**
 * Photos of three kinds as class subfolders of 28×28 grey PNGs: each kind a little brighter than the last,
 * under so much noise (half of them noise only) that a briefly trained model gets some of them wrong.
 */
async function writePets(dir: string): Promise<string> {
  const root = join(dir, 'my pets');
  let s = 5;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (const [k, cls] of ['cat', 'dog', 'rabbit'].entries()) {
    mkdirSync(join(root, cls), { recursive: true });
    for (let i = 0; i < 20; i++) {
      const px = Buffer.alloc(28 * 28);
      for (let p = 0; p < px.length; p++) px[p] = Math.round(i % 2 ? rnd() * 255 : 40 + k * 70 + rnd() * 110);
      await sharp(px, { raw: { width: 28, height: 28, channels: 1 } }).png().toFile(join(root, cls, `${cls} ${i}.png`));
    }
  }
  return root;
}

/** Confusion-matrix class names (row and column labels) that run into each other or out of the picture. */
async function crowdedLabels(page: Page, classes: string[]): Promise<string[]> {
  return page.getByTestId('confusion-matrix').evaluate((svg, names) => {
    const frame = svg.getBoundingClientRect();
    const labels = [...svg.querySelectorAll('text')].filter((el) => names.includes(el.textContent ?? '')).map((el) => ({ text: el.textContent ?? '', r: el.getBoundingClientRect() }));
    const out = labels.length === names.length * 2 ? [] : [`${labels.length} class labels for ${names.length} classes`];
    for (const l of labels) if (l.r.left < frame.left - 1 || l.r.top < frame.top - 1 || l.r.right > frame.right + 1) out.push(`${l.text} outside`);
    for (let i = 0; i < labels.length; i++)
      for (let j = i + 1; j < labels.length; j++) {
        const [a, b] = [labels[i].r, labels[j].r];
        if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) out.push(`${labels[i].text} × ${labels[j].text}`);
      }
    return out;
  }, classes);
}

/** Train page: the dataset, a few settings, Start; waits until the run named `run` has completed. */
async function trainOn(page: Page, dataset: string, settings: Record<string, string | number>, run: string): Promise<void> {
  await page.getByTestId('nav-train').click();
  await page.getByTestId('dataset-select').selectOption(dataset);
  for (const [key, value] of Object.entries(settings)) await page.getByTestId(`hp-${key}`).fill(String(value));
  await page.getByTestId('start-training').click();
  // The live panel names the new run first: until then its status is the previous run's.
  await expect(page.getByText(`Run “${run}”`)).toBeVisible();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'completed', { timeout: 150_000 });
}

for (const viewport of VIEWPORTS) {
  const size = `${viewport.width}x${viewport.height}`;
  test.describe(`journeys at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('analyst: upload a CSV, recommended model, train, pause, reload, confusion cell, ONNX download, serve and curl', async ({ page }) => {
      const local = mkdtempSync(join(tmpdir(), 'layerlab-e2e-journey-'));
      const csv = writeLeads(local);
      const steps = new Steps(page);
      const ds = new DatasetsPage(page);
      const app = ds.app;
      await app.open();
      await steps.shot('first-launch');

      // Data: upload the file from this computer and import it with the defaults.
      await ds.open();
      await page.getByTestId('import-csv-button').click();
      await page.getByTestId('import-upload-input').setInputFiles(csv);
      await expect(page.getByTestId('import-schema')).toBeVisible({ timeout: 30_000 });
      await expect(page.getByTestId('label-select')).toHaveValue('outcome');
      const dataset = `leads ${size}`;
      await ds.setName(dataset);
      await steps.shot('import-defaults');
      await ds.confirmCsv();
      await expect(ds.row(dataset)).toContainText('4 values per row · 3 classes');
      await steps.shot('imported');

      // Train: choose the dataset; the preloaded image model cannot take table rows, so use the recommended one.
      await app.go('train');
      const select = page.getByTestId('dataset-select');
      // The choice says what the data is in words.
      await expect(select.locator('option', { hasText: dataset })).toHaveText(`${dataset} — 4 numbers per row, 3 classes`);
      await select.selectOption((await select.locator('option', { hasText: dataset }).getAttribute('value'))!);
      await expect(page.getByTestId('recommended-model')).toContainText('Recommended for this dataset');
      await steps.shot('dataset-chosen');
      await page.getByTestId('use-recommended').click();
      await expect(page.getByTestId('recommended-in-use')).toBeVisible();
      // Named on the Model page, where a person names a model.
      const model = `leads model ${size}`;
      await app.go('model');
      await app.setName(model);
      await steps.shot('recommended-model');
      await app.go('train');
      // Long enough to pause by hand (no early stop, small batches), short enough for a test: the fused
      // table trainer ran 40 epochs of these 1,200 rows in about 3 s on a quiet machine, sometimes before
      // the Pause click landed; 500 epochs take about 25 s.
      await app.setHyperparam('epochs', 500);
      await app.setHyperparam('earlyStoppingPatience', 0);
      await app.setHyperparam('batchSize', 8);
      await page.getByTestId('start-training').click();
      const status = page.getByTestId('training-status');
      await expect(page.getByText(`Run “${model} #1”`)).toBeVisible();
      await expect(status).toHaveAttribute('data-status', 'running', { timeout: 60_000 });
      await expect(page.getByTestId('training-chart')).toHaveAttribute('data-live-points', /^[1-9]\d*$/, { timeout: 60_000 });

      // Pause: the run holds between two batches and says so.
      await page.getByTestId('pause-training').click();
      await expect(status).toHaveAttribute('data-status', 'paused');
      await expect(page.getByTestId('paused-badge')).toHaveText('Paused');
      await expect(page.getByTestId('pause-training')).toContainText('Continue');
      await expect(page.getByTestId('header-context')).toContainText(`${model} #1 (paused)`);
      await steps.shot('paused');

      // Reload mid-run: still signed in, following the same run, still paused; Continue goes on from there.
      await page.reload();
      await expect(page.getByTestId('host-status')).toBeVisible();
      await expect(page.getByTestId('header-context')).toContainText(`${model} #1 (paused)`);
      await app.go('train');
      await expect(status).toHaveAttribute('data-status', 'paused', { timeout: 30_000 });
      await expect(page.getByTestId('pause-training')).toContainText('Continue');
      await steps.shot('reloaded-reattached');
      await page.getByTestId('pause-training').click();
      await expect(page.getByTestId('paused-badge')).toHaveCount(0);
      await expect(status).toHaveAttribute('data-status', 'completed', { timeout: 150_000 });
      await expect(page.getByTestId('error-banner')).toHaveCount(0);
      await steps.shot('completed');

      // The experiment: its confusion matrix, and the test rows behind one cell.
      await app.go('experiments');
      const row = page.getByTestId(`experiment-row-${model} #1`);
      // The table names the uploaded dataset, not its internal id.
      await expect(row.getByTestId('experiment-dataset')).toHaveText(`${dataset} v1`);
      await row.click();
      await expect(page.getByTestId('confusion-matrix')).toBeVisible();
      // "nurture" is wider than a cell: the class names still read one by one, none cut off.
      const classes = ['lost', 'nurture', 'won'];
      expect(await crowdedLabels(page, classes)).toEqual([]);
      const cell = (await fullestCell(page, true)) ?? (await fullestCell(page, false));
      expect(cell, 'a trained model has a filled confusion cell').toBeTruthy();
      await page.getByTestId(cell!).click();
      const [, t, p] = /(\d+)-(\d+)$/.exec(cell!) ?? [];
      await expect(page.getByTestId('examples')).toContainText(`True ${classes[Number(t)]} → predicted ${classes[Number(p)]}`);
      await expect(page.getByTestId('example-row').first()).toBeVisible();
      await steps.shot('confusion-cell');

      // Export to ONNX for download, and download it: a model onnxruntime opens, 4 numbers in, 3 scores out.
      await page.getByTestId('export-format').selectOption('onnx');
      await page.getByTestId('export-download-run').click();
      await expect(page.getByTestId('export-parity')).toContainText('top-1 agreement', { timeout: 60_000 });
      await expect(page.getByTestId('export-error')).toHaveCount(0);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download-model.onnx').click()]);
      const onnx = join(local, download.suggestedFilename());
      await download.saveAs(onnx);
      expect(statSync(onnx).size).toBeGreaterThan(100);
      const session = await ort.InferenceSession.create(readFileSync(onnx));
      const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', new Float32Array([0.1, -0.2, 0.3, 0.4]), [1, 4]) });
      expect(out[session.outputNames[0]].dims).toEqual([1, 3]);
      await steps.shot('onnx-downloaded');

      // Serve, and call the model with the very curl line the page shows (run as a person pastes it in a shell).
      await page.getByTestId('serve-start').click();
      const curl = page.getByTestId('serve-curl');
      await expect(curl).toContainText(':predict', { timeout: 30_000 });
      await expect(page.getByTestId('export-error')).toHaveCount(0);
      // The whole line is readable where it is shown: it wraps inside its panel instead of running off it.
      const fits = await curl.evaluate((el) => el.scrollWidth <= el.clientWidth && el.getBoundingClientRect().right <= window.innerWidth);
      expect(fits, 'the curl line fits its panel').toBe(true);
      await steps.shot('serving');
      const answer = JSON.parse(execFileSync('bash', ['-c', (await curl.textContent())!], { encoding: 'utf8', timeout: 30_000 })) as {
        predictions: number[][];
      };
      expect(answer.predictions).toHaveLength(1);
      expect(answer.predictions[0]).toHaveLength(3);
      expect(answer.predictions[0].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      await expect(page.getByTestId('serve-status')).toContainText('1 request · 1 prediction · 1 batch · 0 errors', { timeout: 15_000 });
      await steps.shot('served-request');
      await page.getByTestId('serve-stop').click();
      await expect(page.getByTestId('serve-start')).toBeVisible();
    });

    test('team: two variants, compare and read the diff, download a bundle, import it back', async ({ page }) => {
      const local = mkdtempSync(join(tmpdir(), 'layerlab-e2e-journey-'));
      const steps = new Steps(page);
      const ed = new EditorPage(page);
      const app = ed.app;
      const model = `team mlp ${size}`;
      const runs = [`${model} #1`, `${model} #2`];
      await app.open();

      // The first variant: the table template as it comes, on Iris.
      await app.chooseTemplate('tabular-mlp');
      await app.setName(model);
      await steps.shot('template');
      await trainOn(page, 'builtin:iris', { epochs: 8, learningRate: 0.01 }, runs[0]);
      await steps.shot('first-run');

      // The second: a wider first layer and a smaller learning rate.
      await app.go('model');
      await ed.select('dense_1');
      await ed.setParam('units', 32);
      await steps.shot('variant-edited');
      await trainOn(page, 'builtin:iris', { epochs: 8, learningRate: 0.005 }, runs[1]);
      await steps.shot('second-run');

      // Compare the two: runs by their names, the dataset by its name, the settings that differ in words.
      await app.go('experiments');
      for (const r of runs) await page.getByTestId(`select-${r}`).check();
      await page.getByTestId('compare-button').click();
      const summary = page.getByTestId('compare-summary');
      await expect(summary).toBeVisible();
      for (const r of runs) await expect(summary).toContainText(r);
      await expect(summary).toContainText(/Iris.* v\d/);
      const diff = page.getByTestId('compare-diff');
      await expect(page.getByTestId('diff-row-learningRate')).toContainText(/Learning rate\s*0\.005\s*0\.01/);
      await expect(page.getByTestId('diff-row-dense_1.units')).toHaveText(/^dense_1: Units\s*32\s*16$/);
      await expect(diff).not.toContainText(/null|undefined|learningRate/);
      await expect(page.getByTestId('compare-curves')).toHaveAttribute('data-series', '2');
      await steps.shot('compare');
      await steps.shotOf(diff, 'compare-diff');

      // Share: the bundle of both runs comes down as a browser download.
      const [bundle] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-bundle').click()]);
      expect(bundle.suggestedFilename()).toMatch(/\.layerlab$/);
      const bundlePath = join(local, bundle.suggestedFilename());
      await bundle.saveAs(bundlePath);
      expect(statSync(bundlePath).size).toBeGreaterThan(1000);
      await steps.shot('bundle-downloaded');

      // "A fresh project": one web host has one data folder, so the journey deletes both runs here and
      // imports the downloaded bundle back, which is what a colleague's empty LayerLab would receive.
      await page.getByTestId('compare-back').click();
      for (const r of runs) {
        await page.getByTestId(`experiment-row-${r}`).click();
        await page.getByTestId('delete-experiment').click();
        await page.getByTestId('delete-confirm').click();
        await expect(page.getByTestId(`experiment-row-${r}`)).toHaveCount(0);
      }
      await steps.shot('runs-deleted');
      await page.getByTestId('import-bundle-open').click();
      await page.getByTestId('import-bundle-upload-input').setInputFiles(bundlePath);
      await expect(page.getByTestId('import-bundle-done')).toContainText('Imported 2 experiments', { timeout: 60_000 });
      for (const r of runs) await expect(page.getByTestId(`experiment-row-${r}`)).toBeVisible();
      await steps.shot('bundle-imported');

      // The imported runs are whole: their evaluation and their comparison read as before.
      await page.getByTestId(`experiment-row-${runs[1]}`).click();
      await expect(page.getByTestId('confusion-matrix')).toBeVisible();
      for (const r of runs) await page.getByTestId(`select-${r}`).check();
      await page.getByTestId('compare-button').click();
      await expect(page.getByTestId('diff-row-learningRate')).toContainText(/Learning rate\s*0\.005\s*0\.01/);
      await steps.shot('imported-compared');
    });

    test('images: upload a folder of images, train the recommended model, inspect its mistakes', async ({ page }) => {
      const local = mkdtempSync(join(tmpdir(), 'layerlab-e2e-journey-'));
      const folder = await writePets(local);
      const steps = new Steps(page);
      const ds = new DatasetsPage(page);
      const app = ds.app;
      const dataset = `pets ${size}`;
      await app.open();

      // Data: the whole folder through the folder picker, imported with the default size and a larger test share.
      await ds.open();
      await page.getByTestId('import-images-button').click();
      await page.getByTestId('import-images-upload-input').setInputFiles(folder);
      await expect(page.getByTestId('import-images-path')).toHaveValue(/[\\/]uploads[\\/]my_pets(-\d+)?$/, { timeout: 30_000 });
      await page.getByTestId('import-images-name').fill(dataset);
      await page.getByTestId('import-images-train').fill('0.7');
      await page.getByTestId('import-images-test').fill('0.2');
      await steps.shot('folder-uploaded');
      await page.getByTestId('import-images-confirm').click();
      await expect(page.getByTestId('import-done')).toContainText('60 images', { timeout: 60_000 });
      await expect(page.getByTestId('import-done')).not.toContainText('split is empty');
      await expect(ds.row(dataset)).toContainText('28 × 28 × 1 images · 3 classes');
      await ds.select(dataset);
      await expect(page.getByTestId('image-grid').locator('img').first()).toBeVisible();
      expect(await ds.classCounts()).toEqual({ cat: 20, dog: 20, rabbit: 20 });
      await steps.shot('imported');

      // Train: the recommended model for these images, briefly.
      await app.go('train');
      const select = page.getByTestId('dataset-select');
      await expect(select.locator('option', { hasText: dataset })).toHaveText(`${dataset} — 28 × 28 × 1 images, 3 classes`);
      const datasetId = (await select.locator('option', { hasText: dataset }).getAttribute('value'))!;
      await select.selectOption(datasetId);
      // The preloaded MNIST CNN takes 28×28×1 with 10 classes: choosing 3 classes adapts its output layer.
      await expect(page.getByTestId('model-adapted')).toContainText('3 classes');
      await page.getByTestId('use-recommended').click();
      await expect(page.getByTestId('recommended-in-use')).toBeVisible();
      await steps.shot('recommended-model');
      const model = `pets cnn ${size}`;
      await app.go('model');
      await app.setName(model);
      await trainOn(page, datasetId, { epochs: 3, earlyStoppingPatience: 0 }, `${model} #1`);
      await steps.shot('trained');

      // Errors: the fullest wrong cell of the confusion matrix, and the pictures behind it.
      await app.go('experiments');
      await page.getByTestId(`experiment-row-${model} #1`).click();
      await expect(page.getByTestId('confusion-matrix')).toBeVisible();
      await steps.shot('experiment');
      const cell = await fullestCell(page, true);
      expect(cell, 'three epochs on noisy pictures leave some mistakes').toBeTruthy();
      await page.getByTestId(cell!).click();
      const [, t, p] = /(\d+)-(\d+)$/.exec(cell!) ?? [];
      const classes = ['cat', 'dog', 'rabbit'];
      const examples = page.getByTestId('examples');
      await expect(examples).toContainText(`True ${classes[Number(t)]} → predicted ${classes[Number(p)]}`);
      await expect(examples.getByTestId('example-image').first()).toBeVisible();
      await expect
        .poll(() => examples.getByTestId('example-image').evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).naturalWidth === 28)))
        .toBe(true);
      await steps.shotOf(examples, 'mistakes');
      // Least confident first: the order control works on the same cell.
      await examples.getByRole('combobox', { name: 'Order' }).selectOption('confidence');
      await expect(examples.getByTestId('example-image').first()).toBeVisible();
    });
  });
}
