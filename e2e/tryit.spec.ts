import { test, expect, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from './app';

/**
 * Issue 17: use a trained model. First, all in the browser: Train a small table model on Iris by clicking, open Try it,
 * change fields and see the probability bars move; then upload a CSV with three malformed rows, score it,
 * see those three rows listed by row number, the evaluation on the file, and download the predictions.
 */

const COLUMNS = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'] as const;
const SETOSA = [5.0, 3.4, 1.5, 0.2];
const VIRGINICA = [6.7, 3.0, 5.8, 2.2];

/** 20 good rows (label included, so the file is evaluated too) and 3 the model cannot read. */
function writeNextMonth(dir: string): string {
  const rows = [[...COLUMNS, 'species'].join(',')];
  for (let i = 0; i < 20; i++) {
    const [name, c] = i % 2 ? ['virginica', VIRGINICA] : ['setosa', SETOSA];
    rows.push([...c.map((v, k) => (v + ((i * (k + 3)) % 5) * 0.04).toFixed(2)), name].join(','));
  }
  rows.splice(4, 0, '5.1,3.5,1.4,setosa'); // row 5: a field missing
  rows.splice(9, 0, '6.1,wide,4.7,1.4,versicolor'); // row 10: a word in a number column
  rows.splice(15, 0, '6.3,2.9,5.6,1.8,virginica,extra'); // row 16: a field too many
  const path = join(dir, 'next month.csv');
  writeFileSync(path, rows.join('\n') + '\n');
  return path;
}

/** The probabilities the bars show, by class. */
async function bars(page: Page): Promise<Record<string, number>> {
  const rows = page.getByTestId('tryit-prob-row');
  const out: Record<string, number> = {};
  for (const row of await rows.all()) out[(await row.getAttribute('data-class'))!] = Number(await row.getAttribute('data-p'));
  return out;
}

async function fill(page: Page, values: number[]): Promise<void> {
  for (const [k, c] of COLUMNS.entries()) await page.getByTestId(`tryit-field-${c}`).fill(String(values[k]));
}

test('use a trained model: Try it moves the bars, Score a file lists malformed rows and downloads predictions', async ({ page }) => {
  const local = mkdtempSync(join(tmpdir(), 'layerlab-e2e-tryit-'));
  const app = new App(page);
  await app.open();

  // Train the tabular MLP on Iris, by clicking.
  await app.trainTemplate({ template: 'tabular-mlp', name: 'tryit e2e', dataset: 'builtin:iris', settings: { epochs: 30 }, timeoutMs: 150_000 });

  // Try it: the form is filled from a test row and answered at once, one bar per class.
  await app.go('experiments');
  await page.getByTestId('experiment-row-tryit e2e #1').click();
  const panel = page.getByTestId('tryit-panel');
  await expect(panel).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('tryit-prob-row')).toHaveCount(3);
  for (const c of COLUMNS) await expect(page.getByTestId(`tryit-field-${c}`)).not.toHaveValue('');

  // A setosa-like flower, then a virginica-like one: the bars follow.
  await fill(page, SETOSA);
  await expect(page.getByTestId('tryit-predicted')).toHaveText('setosa', { timeout: 15_000 });
  const before = await bars(page);
  await fill(page, VIRGINICA);
  await expect(page.getByTestId('tryit-predicted')).toHaveText('virginica', { timeout: 15_000 });
  const after = await bars(page);
  expect(after.virginica).toBeGreaterThan(before.virginica);
  expect(after.setosa).toBeLessThan(before.setosa);
  expect(Object.values(after).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  // A word in a number field is refused by column name.
  await page.getByTestId('tryit-field-petal_width').fill('wide');
  await expect(page.getByTestId('tryit-error')).toContainText('petal_width');
  await page.getByTestId('tryit-field-petal_width').fill('2.2');
  await expect(page.getByTestId('tryit-error')).toHaveCount(0);
  // Why? One bar per column: how it moves P(virginica) against its training value.
  await expect(page.getByTestId('tryit-predicted')).toHaveText('virginica', { timeout: 15_000 });
  await page.getByTestId('why-run').click();
  const effects = page.getByTestId('why-effect');
  await expect(effects).toHaveCount(4, { timeout: 30_000 });
  const deltas = await effects.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-delta'))));
  expect(deltas.every(Number.isFinite)).toBe(true);
  expect(Math.max(...deltas.map(Math.abs))).toBeGreaterThan(0.01);
  // Which columns matter over the test split: one row per column, the largest accuracy loss first.
  await page.getByTestId('importance-run').click();
  const importance = page.getByTestId('importance-row');
  await expect(importance).toHaveCount(4, { timeout: 60_000 });
  const drops = await importance.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-drop'))));
  expect(drops.every(Number.isFinite)).toBe(true);
  expect([...drops].sort((a, b) => b - a)).toEqual(drops);
  expect(drops[0]).toBeGreaterThan(0);
  await panel.screenshot({ path: test.info().outputPath('tryit-panel.png') });

  // Score a file uploaded from this computer.
  const csv = writeNextMonth(local);
  await page.getByTestId('score-upload-input').setInputFiles(csv);
  await expect(page.getByTestId('score-path')).toHaveValue(/[\\/]uploads[\\/]next_month\.csv$/, { timeout: 30_000 });
  await page.getByTestId('score-run').click();
  const result = page.getByTestId('score-result');
  await expect(result).toContainText('Scored 20 of 23 rows', { timeout: 60_000 });
  const unscored = page.getByTestId('score-unscored').locator('tbody tr');
  await expect(unscored).toHaveCount(3);
  await expect(unscored.locator('td:first-child')).toHaveText(['5', '10', '16']);
  await expect(unscored.nth(1)).toContainText('sepal_width');
  // The file held the label column: its evaluation shows with a confusion matrix.
  await expect(page.getByTestId('file-evaluation').first()).toContainText('20 labelled rows');
  await expect(page.getByTestId('file-confusion-matrix').first()).toBeVisible();
  await page.getByTestId('score-panel').screenshot({ path: test.info().outputPath('score-file.png') });

  // Download the predictions: one row per scored row, one probability column per class.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('score-download').click()]);
  expect(download.suggestedFilename()).toBe('next_month-predictions.csv');
  const saved = join(local, 'predictions.csv');
  await download.saveAs(saved);
  const lines = readFileSync(saved, 'utf8').trim().split(/\r?\n/);
  expect(lines).toHaveLength(21);
  expect(lines[0]).toMatch(/p_setosa/);
  expect(lines[0]).toMatch(/p_virginica/);
  await page.screenshot({ path: test.info().outputPath('tryit-page.png'), fullPage: true });

  // Which columns matter was kept with the experiment: opening it again shows it without shuffling again.
  await app.go('datasets');
  await app.go('experiments');
  await page.getByTestId('experiment-row-tryit e2e #1').click();
  await expect(page.getByTestId('importance-stored')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('importance-row')).toHaveCount(4);
  expect(await page.getByTestId('importance-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-drop'))))).toEqual(drops);
});

test('try a trained Iris model on a case, then score a file with three malformed rows', async ({ page }) => {
  const folder = mkdtempSync(join(tmpdir(), 'layerlab-e2e-tryit-'));
  try {
    const app = new App(page);
    await app.open();
    await app.trainTemplate({ template: 'tabular-mlp', name: 'iris tryit e2e', dataset: 'builtin:iris', settings: { epochs: 5 }, timeoutMs: 120_000 });

    await app.go('experiments');
    await page.getByTestId('experiment-row-iris tryit e2e #1').click();
    const panel = page.getByTestId('tryit-panel');
    await expect(panel).toBeVisible();
    // The form starts from a test sample and answers at once: one bar per class.
    await expect(page.getByTestId('tryit-prob-row')).toHaveCount(3);
    const probabilities = async () =>
      page.getByTestId('tryit-prob-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-p')).join(','));
    const before = await probabilities();
    await page.getByTestId('tryit-field-petal_length').fill('6.9');
    await page.getByTestId('tryit-field-petal_width').fill('2.4');
    await expect.poll(probabilities, { timeout: 10_000 }).not.toBe(before);
    await expect(page.getByTestId('tryit-error')).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath('tryit.png'), fullPage: true });

    // Next month's file: five good rows and three a model cannot read.
    const csv = [
      'sepal_length,sepal_width,petal_length,petal_width',
      '5.1,3.5,1.4,0.2',
      '6.2,2.9,4.3,1.3',
      '7.7,3.0,6.1,2.3',
      'five,3.0,1.5,0.2',
      '5.0,3.4,1.5,0.2',
      '6.0,2.2',
      '6.3,3.3,6.0,2.5',
      '5.8,2.7,5.1,1.9,extra,cells',
    ].join('\n');
    const input = join(folder, 'next-month.csv');
    writeFileSync(input, `${csv}\n`);
    // Typed paths on the server, as the desktop app names them; the predictions go where the person chose.
    const out = join(folder, 'next-month-predictions.csv');
    await page.getByTestId('score-path').fill(input);
    await page.getByTestId('score-out').fill(out);
    await page.getByTestId('score-run').click();
    await expect(page.getByTestId('score-result')).toContainText('Scored 5 of 8 rows', { timeout: 30_000 });
    const unscored = page.getByTestId('score-unscored').locator('tbody tr');
    await expect(unscored).toHaveCount(3);
    // Row numbers as a spreadsheet shows them (the header is row 1), each with its reason in words.
    await expect(unscored.locator('td:first-child')).toHaveText(['5', '7', '9']);
    await expect(unscored.nth(0)).toContainText(/sepal_length/);
    await page.screenshot({ path: test.info().outputPath('score-file.png'), fullPage: true });

    expect(existsSync(out)).toBe(true);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/p_setosa/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('Try it on a digits model: the test image answers, a drawn digit answers, Why? maps where it looks', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.trainTemplate({ template: 'mnist-cnn', name: 'digits tryit e2e', dataset: 'builtin:mnist', settings: { epochs: 1, trainLimit: 256, testLimit: 200 }, timeoutMs: 150_000 });

  await app.go('experiments');
  await page.getByTestId('experiment-row-digits tryit e2e #1').click();
  // A test image to start from, answered with the ten classes' bars.
  await expect(page.getByTestId('tryit-image')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('tryit-prob-row')).toHaveCount(10);
  const probabilities = () => page.getByTestId('tryit-prob-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-p')).join(','));
  const before = await probabilities();

  // Draw a stroke on the pad (28×28 grayscale): the drawing is what the model now reads.
  const pad = page.getByTestId('tryit-draw');
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.8, { steps: 5 });
  await page.mouse.up();
  await expect.poll(probabilities, { timeout: 15_000 }).not.toBe(before);
  await expect(page.getByTestId('tryit-error')).toHaveCount(0);

  // Why? covers each of 7×7 squares in turn and tints them by how much the predicted class falls.
  await page.getByTestId('why-run').click();
  const cells = page.getByTestId('why-cell');
  await expect(cells).toHaveCount(49, { timeout: 60_000 });
  const deltas = await cells.evaluateAll((c) => c.map((e) => Number(e.getAttribute('data-delta'))));
  expect(deltas.every(Number.isFinite)).toBe(true);
  expect(Math.max(...deltas)).toBeGreaterThan(0);
  await page.getByTestId('tryit-panel').screenshot({ path: test.info().outputPath('tryit-digits.png') });

  // The confusion matrix's examples have the same map: where the model looks in one test digit.
  const matrix = page.getByTestId('confusion-matrix');
  const busiest = await matrix
    .locator('[data-testid^="confusion-cell-"]')
    .evaluateAll((c) => c.map((e) => ({ id: e.getAttribute('data-testid')!, v: Number(e.getAttribute('data-value')) })).sort((a, b) => b.v - a.v)[0]!.id);
  await page.getByTestId(busiest).click();
  const examples = page.getByTestId('examples');
  await examples.getByTestId('example-why').first().click();
  const exampleCells = examples.getByTestId('why-cell');
  await expect(exampleCells).toHaveCount(49, { timeout: 60_000 });
  const exampleDeltas = await exampleCells.evaluateAll((c) => c.map((e) => Number(e.getAttribute('data-delta'))));
  expect(exampleDeltas.every(Number.isFinite)).toBe(true);
  expect(Math.max(...exampleDeltas)).toBeGreaterThan(0);
  await examples.screenshot({ path: test.info().outputPath('examples-why.png') });
});
