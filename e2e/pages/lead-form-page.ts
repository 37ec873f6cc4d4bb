import { expect, type Locator, type Page } from '@playwright/test';

export interface LeadInput {
  email?: string;
  firstName?: string;
  lastName?: string;
  title?: string;
}

const labels: Record<keyof LeadInput, string> = {
  email: 'Email',
  firstName: 'First name',
  lastName: 'Last name',
  title: 'Title',
};

export class LeadFormPage {
  readonly heading: Locator;
  readonly save: Locator;
  readonly results: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.save = page.getByRole('button', { name: /^(save|saving…)$/i });
    this.results = page.getByRole('list', { name: /results/i });
  }

  async goto(): Promise<void> {
    await this.page.goto('/leads/new');
  }

  leadGroup(index: number): Locator {
    return this.page.getByRole('group', { name: `Lead ${index + 1}`, exact: true });
  }

  async choose(label: 'Partition' | 'Action' | 'Match existing leads by', option: string): Promise<void> {
    await this.page.getByRole('combobox', { name: label }).click();
    await this.page.getByRole('option', { name: option, exact: true }).click();
  }

  async fillLead(index: number, lead: LeadInput): Promise<void> {
    await expect(this.leadGroup(0)).toBeVisible();
    const rows = await this.page.getByRole('group', { name: /^Lead \d+$/ }).count();
    if (index >= rows) await this.page.getByRole('button', { name: /add lead/i }).click();
    const group = this.leadGroup(index);
    for (const [field, value] of Object.entries(lead) as [keyof LeadInput, string][]) {
      await group.getByLabel(labels[field], { exact: true }).fill(value);
    }
  }

  result(index: number): Locator {
    return this.page.getByRole('listitem', { name: new RegExp(`^Lead ${index + 1}\\b`) });
  }

  async expectStatus(
    index: number,
    status: 'Created' | 'Updated' | 'Skipped',
    options: { timeout?: number } = {},
  ): Promise<void> {
    await expect(this.result(index).getByText(status, { exact: true })).toBeVisible(options);
  }

  /** The id of the lead a result links to ("Open lead N"). */
  async resultLeadId(index: number): Promise<number> {
    const link = this.result(index).getByRole('link', { name: /^Open lead \d+$/ });
    const text = (await link.textContent()) ?? '';
    return Number(/\d+/.exec(text)?.[0]);
  }
}
