import { test, expect, type APIRequestContext } from '@playwright/test';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from './app';
import { E2E_TOKEN } from './constants';
import { mnistCnn } from '../src/shared/templates';
import type { ModelGraph } from '../src/shared/graph/types';

/** Call the contract over HTTP, as the renderer does (faster than clicking the runs together). */
async function call<T>(
  request: APIRequestContext,
  baseURL: string,
  method: string,
  input: unknown,
): Promise<T> {
  const res = await request.post(`${baseURL}/api/${method}`, {
    headers: { 'x-layerlab-token': E2E_TOKEN },
    data: input,
  });
  const body = (await res.json()) as { ok: boolean; result?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${method}: ${body.error?.message}`);
  return body.result as T;
}

const withDenseUnits = (g: ModelGraph, units: number): ModelGraph => ({
  ...g,
  nodes: g.nodes.map((n) => (n.name === 'dense_1' ? { ...n, params: { ...n.params, units } } : n)),
});

test('compare two variants of the seed CNN: curves, the one changed param, the graph diff, wrong digits', async ({
  page,
  request,
  baseURL,
}) => {
  const base = baseURL as string;
  const suffix = Date.now().toString(36);
  const names = [`cnn 64 ${suffix}`, `cnn 32 ${suffix}`];
  const hyperparams = { epochs: 2, trainLimit: 320, testLimit: 200, batchSize: 32 };
  const ids: string[] = [];
  for (const [i, graph] of [mnistCnn.graph, withDenseUnits(mnistCnn.graph, 32)].entries()) {
    const exp = await call<{ id: string }>(request, base, 'experiments.create', {
      name: names[i],
      graph,
      layout: mnistCnn.layout,
      datasetId: 'builtin:mnist',
      hyperparams,
    });
    ids.push(exp.id);
    await call(request, base, 'training.start', { id: exp.id });
    // One at a time: two trainers would only share the same cores.
    await expect
      .poll(
        async () =>
          (await call<{ id: string; status: string }[]>(request, base, 'experiments.list', {})).find(
            (e) => e.id === exp.id,
          )?.status,
        {
          timeout: 150_000,
          intervals: [1000],
        },
      )
      .toBe('completed');
  }

  const app = new App(page);
  await app.open();
  await app.go('experiments');
  await page.getByTestId(`select-${names[0]}`).check();
  await page.getByTestId(`select-${names[1]}`).check();
  await page.getByTestId('compare-button').click();

  // Both runs' curves, overlaid.
  const curves = page.getByTestId('compare-curves');
  await expect(curves).toHaveAttribute('data-series', '2');
  for (const n of names) await expect(curves.getByTestId(`curve-${n}`).first()).toBeAttached();

  // The diff names exactly the changed parameter.
  const diff = page.getByTestId('compare-diff');
  await expect(diff).toHaveAttribute('data-rows', '1');
  await expect(page.getByTestId('diff-row-dense_1.units')).toContainText('64');
  await expect(page.getByTestId('diff-row-dense_1.units')).toContainText('32');

  // The graph diff marks the changed layer, and only it.
  await expect(page.getByTestId('graph-diff-node-dense_1')).toHaveAttribute('data-change', 'changed');
  await expect(page.getByTestId('graph-diff-node-conv2d_1')).toHaveAttribute('data-change', 'same');
  await expect(page.getByTestId('graph-diff')).toHaveAttribute('data-changed', '1');
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
});
