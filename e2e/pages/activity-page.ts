import type { Locator, Page } from '@playwright/test';

const jobLink = (jobId: string) => `a[href="/imports/${jobId}"]`;

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

  /** The link an import job's row carries to the job's page. */
  importLink(jobId: string): Locator {
    return this.table.locator(jobLink(jobId));
  }

  /** The rows of one import job: its entries (start, each chunk) read as one. */
  importRows(jobId: string): Locator {
    // `has` is looked for inside each row, so it starts from the page, not from the table.
    return this.table.getByRole('row').filter({ has: this.page.locator(jobLink(jobId)) });
  }
}
