import { test, expect } from '@playwright/test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EditorPage } from './editor-page';

// The seed CNN, built from the palette; each layer's expected output shape.
const SEED_SHAPES = {
  input_image_1: '28×28×1',
  conv2d_1: '26×26×32',
  max_pool2d_1: '13×13×32',
  conv2d_2: '11×11×64',
  max_pool2d_2: '5×5×64',
  flatten_1: '1600',
  dense_1: '64',
  output_1: '10',
};

test('build the seed CNN by drag and drop, fix a shape mistake, undo/redo, save, reopen and train it', async ({ page }) => {
  const ed = new EditorPage(page);
  await ed.app.open();
  await ed.startEmpty();
  await ed.app.setName('palette cnn');

  // Click-to-add chains each new layer after the selected one; params go through the inspector.
  await ed.addLayer('InputImage', { height: 28, width: 28, channels: 1 });
  await ed.addLayer('Conv2D', { filters: 32, kernelSize: 3 });
  await ed.addLayer('MaxPool2D');
  await ed.addLayer('Conv2D', { filters: 64 });
  await ed.addLayer('MaxPool2D');
  await ed.addLayer('Flatten');
  await ed.addLayer('Dense', { units: 64 });
  await ed.addLayer('Output', { classes: 10 });
  await ed.expectShapes(SEED_SHAPES);
  await expect(page.getByTestId('graph-validity')).toHaveText('Valid · 121,930 parameters');
  await expect(ed.diagnostics()).toHaveCount(0);

  // The mistake: Dense straight after a Conv/Pool block (the Flatten deleted; its links are bridged).
  await ed.select('flatten_1');
  await ed.deleteSelected();
  await expect(ed.node('flatten_1')).toHaveCount(0);
  const flat = ed.diagnostics().filter({ hasText: 'Dense needs a flat input' });
  await expect(flat).toHaveCount(1);
  await expect(flat).toContainText('5×5×64');
  await expect(page.getByTestId('graph-validity')).toContainText('Not trainable yet');

  // One-click fix, then undo brings the mistake back and redo re-applies the fix.
  await flat.getByTestId('fix-button').click();
  await expect(flat).toHaveCount(0);
  await expect(ed.shape('dense_1')).toHaveText('64');
  await expect(page.getByTestId('graph-validity')).toHaveText('Valid · 121,930 parameters');
  await ed.undo();
  await expect(flat).toHaveCount(1);
  await ed.redo();
  await expect(flat).toHaveCount(0);
  await expect(page.getByTestId('graph-validity')).toHaveText('Valid · 121,930 parameters');

  // Save: a <name>.layerlab.json download holding the 8 layers.
  const download = await ed.save();
  expect(download.suggestedFilename()).toBe('palette cnn.layerlab.json');
  const file = join(mkdtempSync(join(tmpdir(), 'layerlab-graph-')), download.suggestedFilename());
  await download.saveAs(file);
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { format: string; name: string; graph: { nodes: unknown[]; edges: unknown[] } };
  expect(saved.format).toBe('layerlab-graph');
  expect(saved.name).toBe('palette cnn');
  expect(saved.graph.nodes).toHaveLength(8);
  expect(saved.graph.edges).toHaveLength(7);

  // Start over, then reopen the file: the same model comes back, name included.
  await ed.startEmpty();
  await expect(page.getByTestId('model-name')).toHaveValue('Untitled model');
  await ed.open(file);
  await expect(page.getByTestId('graph-file-notice')).toContainText('Opened “palette cnn.layerlab.json”');
  await expect(page.getByTestId('model-name')).toHaveValue('palette cnn');
  await expect(page.locator('.react-flow__node')).toHaveCount(8);
  await expect(page.getByTestId('graph-validity')).toHaveText('Valid · 121,930 parameters');
  await expect(ed.shape('dense_1')).toHaveText('64');
  await page.getByTestId('graph-file-notice-dismiss').click();
  await expect(page.getByTestId('graph-file-notice')).toHaveCount(0);

  // Train what was reopened.
  await ed.app.go('train');
  await page.getByTestId('dataset-select').selectOption('builtin:mnist');
  await ed.app.setHyperparam('epochs', 1);
  await ed.app.setHyperparam('trainLimit', 256);
  await ed.app.setHyperparam('testLimit', 200);
  await page.getByTestId('start-training').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'completed', { timeout: 150_000 });
});

test('the code view follows every edit; a broken graph file is refused in plain words', async ({ page }) => {
  const ed = new EditorPage(page);
  await ed.app.open();
  await ed.app.chooseTemplate('mnist-cnn');
  await page.getByTestId('code-toggle').click();
  const code = page.getByTestId('code-text');
  await expect(page.getByTestId('code-view')).toBeVisible();
  await expect(code).toContainText('keras.layers.Conv2D(32, (3, 3), activation="relu", name="conv2d_1")');

  // An edit shows up in the code at once.
  await ed.select('conv2d_1');
  await ed.setParam('filters', 48);
  await expect(code).toContainText('keras.layers.Conv2D(48, (3, 3)');
  await page.getByTestId('code-tab-tfjs').click();
  await expect(code).toContainText("import * as tf from '@tensorflow/tfjs';");
  await expect(code).toContainText('filters: 48');

  // An invalid graph has no code, and says why.
  await ed.select('flatten');
  await ed.deleteSelected();
  await expect(page.getByTestId('code-text')).toHaveCount(0);
  await expect(page.getByTestId('code-unavailable')).toContainText('Dense needs a flat input');
  await ed.undo();
  await expect(code).toContainText('filters: 48');

  // Keyboard: Ctrl+S saves (a download), and a damaged file is refused with the parser's words.
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+s')]);
  expect(download.suggestedFilename()).toMatch(/\.layerlab\.json$/);
  const bad = join(mkdtempSync(join(tmpdir(), 'layerlab-graph-')), 'broken.layerlab.json');
  writeFileSync(bad, '{"format": "layerlab-graph", "version": 1, "graph": ');
  await ed.open(bad);
  const notice = page.getByTestId('graph-file-notice');
  await expect(notice).toHaveAttribute('data-tone', 'bad');
  await expect(notice).toContainText('Could not open “broken.layerlab.json”. This file is not valid JSON');
  await expect(page.locator('.react-flow__node')).toHaveCount(8);
});

test('a layer dropped from the palette lands where it was let go, the first one on an empty canvas too', async ({ page }) => {
  const ed = new EditorPage(page);
  await ed.app.open();
  await ed.startEmpty();
  const canvas = page.getByTestId('canvas');
  const area = (await canvas.boundingBox())!;

  // The drop point is the middle of the top edge of the new layer's box, 20 px down: the box is
  // centred on the pointer horizontally and its title sits under it (the layer is 200 px at zoom 1).
  const dropAt = async (kind: string, x: number, y: number) => {
    await page.getByTestId(`palette-item-${kind}`).dragTo(canvas, { targetPosition: { x, y } });
  };
  const expectAt = async (name: string, x: number, y: number) => {
    await expect(ed.node(name)).toBeVisible();
    const box = (await ed.node(name).boundingBox())!;
    expect(Math.abs(box.x + box.width / 2 - (area.x + x))).toBeLessThanOrEqual(4);
    expect(Math.abs(box.y - (area.y + y - 20))).toBeLessThanOrEqual(4);
  };

  // Off-centre on purpose: a view that re-centred on the first layer would move it by hundreds of px.
  await dropAt('InputImage', 180, 120);
  await expectAt('input_image_1', 180, 120);
  await page.screenshot({ path: test.info().outputPath('first-drop.png') });

  // A second drop lands at its own point, and the first layer is still where it was dropped (a fit of
  // the view queued by the first drop would have moved it by now).
  await dropAt('Conv2D', 520, 330);
  await expectAt('conv2d_1', 520, 330);
  await expectAt('input_image_1', 180, 120);
  // Undo takes the dropped layer away again.
  await ed.undo();
  await expect(ed.node('conv2d_1')).toHaveCount(0);
});

test('a refused link offers its fix as a button that draws it with the repair, undone in one step', async ({ page }) => {
  const ed = new EditorPage(page);
  await ed.app.open();
  await ed.startEmpty();
  const canvas = page.getByTestId('canvas');
  await page.getByTestId('palette-item-InputImage').dragTo(canvas, { targetPosition: { x: 200, y: 100 } });
  await page.getByTestId('palette-item-Dense').dragTo(canvas, { targetPosition: { x: 200, y: 420 } });
  await expect(ed.node('dense_1')).toBeVisible();

  // Draw a link from the image's output down to the Dense input: a 28×28×1 image is not a vector.
  const from = (await ed.node('input_image_1').locator('.react-flow__handle.source').boundingBox())!;
  const to = (await ed.node('dense_1').locator('.react-flow__handle.target').boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + 20, from.y + 120, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 10 });
  await expect(page.getByTestId('status-line')).toContainText('Let go here to be offered a fix.');
  await page.mouse.up();

  const offer = page.getByTestId('refused-link');
  await expect(offer).toContainText('That link was not drawn: Dense needs a flat input; this edge carries 28×28×1.');
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);
  const fix = page.getByTestId('refused-link-fix');
  await expect(fix).toHaveText('Insert a Flatten layer between them');
  await page.screenshot({ path: test.info().outputPath('refused-link-offer.png') });

  await fix.click();
  await expect(offer).toHaveCount(0);
  await expect(ed.node('flatten_1')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await expect(ed.shape('flatten_1')).toHaveText('784');
  await expect(page.getByTestId('status-line')).toContainText('Applied: Insert a Flatten layer between them.');
  await page.screenshot({ path: test.info().outputPath('refused-link-fixed.png') });

  // One Undo takes back both the Flatten and the link.
  await ed.undo();
  await expect(ed.node('flatten_1')).toHaveCount(0);
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);
  await expect(ed.node('dense_1')).toBeVisible();
});
