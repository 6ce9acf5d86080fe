import { test, expect, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { DatasetsPage } from './datasets-page';

/**
 * Issue 16, item 2: the browser version works with files on the person's own computer. A CSV is
 * uploaded through the file picker, imported with the defaults, a small MLP is trained on it, exported
 * to ONNX and downloaded through the browser; the downloaded file is a model onnxruntime opens.
 */

/** Three classes over four numeric features (Iris-shaped, so the tabular template fits as it is). */
function writeFlowers(dir: string): string {
  const rows = ['sepal_length,sepal_width,petal_length,petal_width,species'];
  let s = 7;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
  const kinds = [
    { name: 'setosa', c: [5.0, 3.4, 1.5, 0.2] },
    { name: 'versicolor', c: [5.9, 2.8, 4.3, 1.3] },
    { name: 'virginica', c: [6.6, 3.0, 5.6, 2.0] },
  ];
  for (let i = 0; i < 240; i++) {
    const k = kinds[i % 3];
    rows.push([...k.c.map((v) => (v + rnd() * 0.6).toFixed(2)), k.name].join(','));
  }
  const path = join(dir, 'flowers from my laptop.csv');
  writeFileSync(path, rows.join('\n') + '\n');
  return path;
}

test('browser files: upload a CSV with the file picker, import, train, export ONNX, download it', async ({ page }) => {
  const local = mkdtempSync(join(tmpdir(), 'layerlab-e2e-uploads-'));
  const csv = writeFlowers(local);
  const ds = new DatasetsPage(page);
  await ds.app.open();
  await ds.open();

  // Upload through the file picker: the schema of the uploaded copy shows by itself.
  await page.getByTestId('import-csv-button').click();
  await expect(page.getByTestId('import-upload')).toBeVisible();
  await page.getByTestId('import-upload-input').setInputFiles(csv);
  await expect(page.getByTestId('import-schema')).toBeVisible({ timeout: 30_000 });
  // The name is made safe on the server; the path field shows where the copy is.
  await expect(page.getByTestId('import-path')).toHaveValue(/[\\/]uploads[\\/]flowers_from_my_laptop\.csv$/);
  await expect(page.getByTestId('import-name')).toHaveValue('flowers_from_my_laptop');
  await expect(page.getByTestId('label-select')).toHaveValue('species');
  await ds.confirmCsv();
  await expect(ds.row('flowers_from_my_laptop')).toContainText('4 values per row · 3 classes');

  // Train the tabular MLP on it, briefly.
  await ds.app.chooseTemplate('tabular-mlp');
  await ds.app.setName('uploaded flowers e2e');
  await ds.app.go('train');
  const select = page.getByTestId('dataset-select');
  const id = await select.locator('option', { hasText: 'flowers_from_my_laptop' }).getAttribute('value');
  await select.selectOption(id as string);
  await ds.app.setHyperparam('epochs', 2);
  await page.getByTestId('start-training').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'completed', { timeout: 120_000 });

  // Export for download, then download the ONNX file itself.
  await ds.app.go('experiments');
  await page.getByTestId('experiment-row-uploaded flowers e2e #1').click();
  await page.getByTestId('export-format').selectOption('onnx');
  await page.getByTestId('export-download-run').click();
  await expect(page.getByTestId('export-parity')).toContainText('top-1 agreement', { timeout: 60_000 });
  await expect(page.getByTestId('export-error')).toHaveCount(0);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download-model.onnx').click()]);
  expect(download.suggestedFilename()).toBe('model.onnx');
  const saved = join(local, 'downloaded.onnx');
  await download.saveAs(saved);
  expect(statSync(saved).size).toBeGreaterThan(100);

  // A real ONNX model: onnxruntime opens it, it takes 4 values and gives 3 class scores.
  const session = await ort.InferenceSession.create(readFileSync(saved));
  expect(session.inputNames).toHaveLength(1);
  const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', new Float32Array([0.1, -0.2, 0.3, 0.4]), [1, 4]) });
  expect(out[session.outputNames[0]].dims).toEqual([1, 3]);

  // Save model files… → Download (zip): the TF.js files of the run, zipped.
  await page.getByTestId('save-model').click();
  const [zip] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-model-download').click()]);
  expect(zip.suggestedFilename()).toBe('model-files.zip');
  await zip.saveAs(join(local, 'model-files.zip'));
  const listing = execFileSync('unzip', ['-l', join(local, 'model-files.zip')], { encoding: 'utf8' });
  expect(listing).toMatch(/model-files\/model\.json/);
  expect(listing).toMatch(/model-files\/[^\s]+\.bin/);
});

/** Two classes of 32×32 PNGs, four each, in one subfolder per class. */
async function writeShapes(dir: string): Promise<void> {
  for (const [cls, colour] of [['red', [220, 40, 40]], ['blue', [40, 60, 220]]] as const) {
    mkdirSync(join(dir, cls));
    for (let i = 0; i < 4; i++) {
      const px = Buffer.alloc(32 * 32 * 3);
      for (let p = 0; p < 32 * 32; p++) px.set(colour.map((c) => (c * (p % (i + 2) ? 1 : 0.5)) | 0), p * 3);
      await sharp(px, { raw: { width: 32, height: 32, channels: 3 } }).png().toFile(join(dir, cls, `${cls} ${i}.png`));
    }
  }
}

async function trainIris(page: Page, run: string): Promise<void> {
  await page.getByTestId('nav-train').click();
  await page.getByTestId('dataset-select').selectOption('builtin:iris');
  await page.getByTestId('hp-epochs').fill('1');
  await page.getByTestId('start-training').click();
  await expect(page.getByText(`Run “${run}”`)).toBeVisible();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'completed', { timeout: 120_000 });
}

test('browser files: upload an image folder, download a report and a bundle, upload the bundle back', async ({ page }) => {
  const local = mkdtempSync(join(tmpdir(), 'layerlab-e2e-uploads-'));
  const shapes = join(local, 'my shapes');
  mkdirSync(shapes);
  await writeShapes(shapes);
  const ds = new DatasetsPage(page);
  await ds.app.open();
  await ds.open();

  // A whole folder through the folder picker, then imported from the uploaded copy.
  await page.getByTestId('import-images-button').click();
  await page.getByTestId('import-images-upload-input').setInputFiles(shapes);
  await expect(page.getByTestId('import-images-path')).toHaveValue(/[\\/]uploads[\\/]my_shapes$/, { timeout: 30_000 });
  await page.getByTestId('import-images-confirm').click();
  await expect(page.getByTestId('import-done')).toContainText('8 images', { timeout: 60_000 });
  await expect(ds.row('my_shapes')).toContainText('2 classes');

  // Two short runs, compared; the report and the bundle come down as browser downloads.
  const model = `shared ${Date.now().toString(36)}`;
  await ds.app.chooseTemplate('tabular-mlp');
  await ds.app.setName(model);
  await trainIris(page, `${model} #1`);
  await trainIris(page, `${model} #2`);
  await ds.app.go('experiments');
  await page.getByTestId(`select-${model} #1`).check();
  await page.getByTestId(`select-${model} #2`).check();
  await page.getByTestId('compare-button').click();
  await expect(page.getByTestId('share-folder')).toHaveValue('');
  const [report] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-report').click()]);
  expect(report.suggestedFilename()).toMatch(/^layerlab-report-.*\.html$/);
  await report.saveAs(join(local, 'report.html'));
  expect(readFileSync(join(local, 'report.html'), 'utf8')).toContain(`${model} #2`);
  const [bundle] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-bundle').click()]);
  expect(bundle.suggestedFilename()).toMatch(/\.layerlab$/);
  const bundlePath = join(local, 'runs.layerlab');
  await bundle.saveAs(bundlePath);
  expect(statSync(bundlePath).size).toBeGreaterThan(1000);

  // The downloaded bundle, uploaded back: it is a file LayerLab reads.
  await page.getByTestId('compare-back').click();
  await page.getByTestId('import-bundle-open').click();
  await page.getByTestId('import-bundle-upload-input').setInputFiles(bundlePath);
  await expect(page.getByTestId('import-bundle-done')).toContainText('Imported 2 experiments', { timeout: 60_000 });
});
