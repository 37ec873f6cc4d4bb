import type { Locator, Page } from '@playwright/test';

export class ActivityPage {
  readonly table: Locator;
  readonly exportCsv: Locator;

  constructor(private readonly page: Page) {
    this.table = page.getByRole('table', { name: 'Activity' });
    this.exportCsv = page.getByRole('link', { name: 'Export CSV' });
  }

  async goto(): Promise<void> {
    await this.page.goto('/activity');
  }

  async filterByUser(email: string): Promise<void> {
    await this.page.getByLabel('User email').fill(email);
    await this.page.getByRole('button', { name: 'Apply filters' }).click();
  }

  rowsBy(email: string): Locator {
    return this.table.getByRole('row').filter({ hasText: email });
  }
}
