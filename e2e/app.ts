import { expect, type Page } from '@playwright/test';
import { E2E_TOKEN } from './constants';

/** Page model shared by the specs: open the app signed in, move between pages. */
export class App {
  constructor(readonly page: Page) {}

  /**
   * Open the app signed in. The getting-started guide shows on a first launch (no experiments yet), so
   * whether it shows depends on which specs ran before; the journeys start as someone who already put it
   * away ("Hide this guide" is remembered in localStorage), unless `guide` asks for a first launch.
   */
  async open(opts: { guide?: boolean } = {}): Promise<void> {
    if (!opts.guide) await this.page.context().addInitScript(() => localStorage.setItem('layerlab.guide.dismissed', '1'));
    await this.page.goto(`/?token=${E2E_TOKEN}`);
    await expect(this.page.getByTestId('host-status')).toBeVisible();
  }

  async go(page: 'model' | 'train' | 'experiments' | 'datasets'): Promise<void> {
    await this.page.getByTestId(`nav-${page}`).click();
    await expect(this.page.getByTestId(`page-${page}`)).toBeVisible();
  }

  async chooseTemplate(id: string): Promise<void> {
    await this.go('model');
    await this.page.getByTestId('new-from-template').click();
    await this.page.getByTestId(`template-${id}`).click();
  }

  async setName(name: string): Promise<void> {
    await this.page.getByTestId('model-name').fill(name);
  }

  async setHyperparam(key: string, value: string | number): Promise<void> {
    await this.page.getByTestId(`hp-${key}`).fill(String(value));
  }

  /**
   * What a user does to get a trained model, by clicking: a template on the canvas, a name, the Train page,
   * a dataset, a few settings, Start, and wait for "completed".
   */
  async trainTemplate(opts: {
    template: string;
    name: string;
    dataset: string;
    settings: Record<string, string | number>;
    timeoutMs?: number;
  }): Promise<void> {
    await this.chooseTemplate(opts.template);
    await this.setName(opts.name);
    await this.go('train');
    await this.page.getByTestId('dataset-select').selectOption(opts.dataset);
    for (const [key, value] of Object.entries(opts.settings)) await this.setHyperparam(key, value);
    await this.page.getByTestId('start-training').click();
    await expect(this.page.getByTestId('training-status')).toHaveAttribute('data-status', 'completed', {
      timeout: opts.timeoutMs ?? 150_000,
    });
  }
}
