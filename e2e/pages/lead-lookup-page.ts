import type { Locator, Page } from '@playwright/test';

export class LeadLookupPage {
  readonly query: Locator;
  readonly partition: Locator;

  constructor(private readonly page: Page) {
    this.query = page
      .getByRole('searchbox', { name: 'Lead id or email' })
      .or(page.getByLabel('Lead id or email'));
    this.partition = page.getByText(/^Partition:/);
  }

  async goto(id?: number): Promise<void> {
    await this.page.goto(id === undefined ? '/leads' : `/leads/${id}`);
  }

  heading(text: string | RegExp): Locator {
    return this.page.getByRole('heading', { name: text, level: 1 });
  }

  async search(query: string): Promise<void> {
    await this.query.fill(query);
    await this.page.getByRole('button', { name: 'Look up', exact: true }).click();
  }

  async moveTo(partition: string): Promise<void> {
    await this.page.getByRole('button', { name: /move to partition/i }).click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Move to partition' }).click();
    await this.page.getByRole('option', { name: partition, exact: true }).click();
    await dialog.getByRole('button', { name: 'Move', exact: true }).click();
  }
}
