import { expect, type Page } from '@playwright/test';
import { E2E_TOKEN } from './constants';

/** Page model shared by the specs: open the app signed in, move between pages. */
export class App {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
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
}
