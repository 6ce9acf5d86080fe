import { expect, type Locator, type Page } from '@playwright/test';
import { App } from './app';

/** Page model for the Datasets page: the list, the CSV and image-folder import dialogs, one dataset's detail. */
export class DatasetsPage {
  readonly app: App;
  constructor(readonly page: Page) {
    this.app = new App(page);
  }

  async open(): Promise<void> {
    await this.app.go('datasets');
    await expect(this.page.getByTestId('datasets-list')).toBeVisible();
  }

  /** "Import CSV…", type the path, "Inspect": the inferred schema shows. */
  async inspectCsv(path: string): Promise<void> {
    await this.page.getByTestId('import-csv-button').click();
    await this.page.getByTestId('import-path').fill(path);
    await this.page.getByTestId('import-inspect').click();
    await expect(this.page.getByTestId('import-schema')).toBeVisible();
  }

  /** One row of the inferred schema table. */
  schemaRow(column: string): Locator {
    return this.page.getByTestId(`schema-row-${column}`);
  }

  async setRole(column: string, role: 'feature' | 'ignore'): Promise<void> {
    await this.page.getByTestId(`column-role-${column}`).selectOption(role);
  }

  async chooseLabel(column: string): Promise<void> {
    await this.page.getByTestId('label-select').selectOption(column);
  }

  async setName(name: string): Promise<void> {
    await this.page.getByTestId('import-name').fill(name);
  }

  /** "Import", then wait for the dialog to close and the "Imported …" notice to show. */
  async confirmCsv(): Promise<void> {
    await this.page.getByTestId('import-confirm').click();
    await this.waitImported('import-csv-dialog');
  }

  /** "Import images…", the folder, a name, optionally the split shares, "Import"; waits for the notice. */
  async importImages(directory: string, name: string, split: { train?: number; validation?: number; test?: number } = {}): Promise<void> {
    await this.page.getByTestId('import-images-button').click();
    await this.page.getByTestId('import-images-path').fill(directory);
    await this.page.getByTestId('import-images-name').fill(name);
    for (const [key, value] of Object.entries(split)) await this.page.getByTestId(`import-images-${key}`).fill(String(value));
    await this.page.getByTestId('import-images-confirm').click();
    await this.waitImported('import-images-dialog');
  }

  private async waitImported(dialog: string): Promise<void> {
    // The progress bar may come and go faster than a check can see it on a small file; the notice stays.
    await expect(this.page.getByTestId('import-done')).toBeVisible({ timeout: 60_000 });
    await expect(this.page.getByTestId(dialog)).toHaveCount(0);
  }

  row(name: string): Locator {
    return this.page.getByTestId(`dataset-row-${name}`);
  }

  async select(name: string): Promise<void> {
    await this.row(name).click();
    await expect(this.page.getByTestId('dataset-detail')).toContainText(name);
  }

  /** Class name → total samples, read from the class-balance chart. */
  async classCounts(): Promise<Record<string, number>> {
    const bars = this.page.getByTestId('class-balance').locator('[data-class]');
    return Object.fromEntries(
      await bars.evaluateAll((gs) =>
        gs.map((g) => [g.getAttribute('data-class') ?? '', Number(g.getAttribute('data-total'))]),
      ),
    ) as Record<string, number>;
  }
}
