import type { Locator, Page } from '@playwright/test';

export class PartitionsPage {
  readonly heading: Locator;
  readonly grid: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Partitions', level: 1 });
    this.grid = page.getByRole('grid');
  }

  async goto(): Promise<void> {
    await this.page.goto('/partitions');
  }

  /** Whether the page as a whole is wider than the window (a wide grid should scroll within itself instead). */
  async pageScrollsSideways(): Promise<boolean> {
    return this.page.evaluate(
      () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
    );
  }

  row(name: string): Locator {
    return this.grid.getByRole('row').filter({ has: this.page.getByRole('gridcell', { name, exact: true }) });
  }

  async createLeadIn(partition: string): Promise<void> {
    await this.page.getByRole('link', { name: `Create lead here in ${partition}`, exact: true }).click();
  }
}
