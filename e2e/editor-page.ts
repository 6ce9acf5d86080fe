import { expect, type Download, type Locator, type Page } from '@playwright/test';
import { App } from './app';

/** Page model for the graph editor on the Model page (palette, canvas, inspector, problems, files, code). */
export class EditorPage {
  readonly app: App;
  constructor(readonly page: Page) {
    this.app = new App(page);
  }

  /** "New from template" → "New empty model": a blank canvas. */
  async startEmpty(): Promise<void> {
    await this.app.chooseTemplate('empty');
    await expect(this.page.locator('.react-flow__node')).toHaveCount(0);
  }

  /**
   * Click a palette item: the layer is added after the selected one and connected to it, and becomes
   * the selection, so consecutive calls build a chain. Params are typed into the inspector.
   */
  async addLayer(kind: string, params: Record<string, string | number> = {}): Promise<void> {
    const before = await this.page.locator('.react-flow__node').count();
    await this.page.getByTestId(`palette-item-${kind}`).click();
    await expect(this.page.locator('.react-flow__node')).toHaveCount(before + 1);
    for (const [key, value] of Object.entries(params)) await this.setParam(key, value);
  }

  /** Type a value into the inspector field `param-<key>` and commit it (Enter blurs the field). */
  async setParam(key: string, value: string | number): Promise<void> {
    const field = this.page.getByTestId(`param-${key}`);
    await field.fill(String(value));
    await field.press('Enter');
  }

  node(name: string): Locator {
    return this.page.getByTestId(`node-${name}`);
  }

  shape(name: string): Locator {
    return this.page.getByTestId(`node-shape-${name}`);
  }

  async select(name: string): Promise<void> {
    // Click-to-add pans to the newest layer; fit the view first, as a person would, so older ones show.
    await this.page.getByTestId('zoom-fit').click();
    await this.node(name).click();
    await expect(this.page.getByTestId('param-name')).toHaveValue(name);
  }

  /** Expect each layer (by name) to show its output shape, e.g. { conv2d_1: '26×26×32' }. */
  async expectShapes(shapes: Record<string, string>): Promise<void> {
    for (const [name, shape] of Object.entries(shapes)) await expect(this.shape(name)).toHaveText(shape);
  }

  async deleteSelected(): Promise<void> {
    await this.page.getByTestId('delete').click();
  }

  async undo(): Promise<void> {
    await this.page.getByTestId('undo').click();
  }

  async redo(): Promise<void> {
    await this.page.getByTestId('redo').click();
  }

  diagnostics(): Locator {
    return this.page.getByTestId('diagnostic');
  }

  /** "Save graph…" and the browser download it starts. */
  async save(): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId('save-graph').click()]);
    return download;
  }

  /** "Open graph…" with a file from disk (the hidden file input). */
  async open(path: string): Promise<void> {
    await this.page.getByTestId('open-graph-input').setInputFiles(path);
    await expect(this.page.getByTestId('graph-file-notice')).toBeVisible();
  }
}
