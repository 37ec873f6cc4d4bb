import { expect, type Locator, type Page } from '@playwright/test';

export type ImportSetting = 'Partition' | 'Action' | 'Match existing leads by';
export type ResultsFilter = 'All' | 'Created' | 'Updated' | 'Skipped' | 'Failed' | 'Not sent';
export type ImportCounter = 'Sent' | 'Created' | 'Updated' | 'Skipped' | 'Failed' | 'Not sent';

/** `/imports`: choose a file (or paste rows), map its columns, check the rows, start. */
export class ImportPage {
  readonly heading: Locator;
  readonly fileInput: Locator;
  readonly chooseFile: Locator;
  readonly pasteTab: Locator;
  readonly pastedRows: Locator;
  readonly usePastedRows: Locator;
  readonly sampleRows: Locator;
  readonly columns: Locator;
  readonly checkRows: Locator;
  readonly problemsTable: Locator;
  readonly startButton: Locator;
  readonly recentImports: Locator;
  readonly notAllowed: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Import leads', level: 1 });
    // The visible button opens the browser's picker; the (hidden) input takes files directly.
    this.fileInput = page.getByLabel('CSV file', { exact: true });
    this.chooseFile = page.getByRole('button', { name: 'Choose CSV file' });
    this.pasteTab = page.getByRole('tab', { name: 'Paste rows' });
    this.pastedRows = page.getByLabel('Rows to import');
    this.usePastedRows = page.getByRole('button', { name: 'Use these rows' });
    this.sampleRows = page.getByRole('table', { name: 'Sample rows' });
    this.columns = page.getByRole('table', { name: 'Columns' });
    this.checkRows = page.getByRole('button', { name: 'Check rows' });
    this.problemsTable = page.getByRole('table', { name: 'Rows with problems' });
    this.startButton = page.getByRole('button', { name: /^Start import \(/ });
    this.recentImports = page.getByRole('list', { name: 'Recent imports' });
    this.notAllowed = page.getByText(/You can't import leads/);
  }

  async goto(options: { partition?: string } = {}): Promise<void> {
    const query = options.partition
      ? `?${new URLSearchParams({ partition: options.partition }).toString()}`
      : '';
    await this.page.goto(`/imports${query}`);
  }

  /** Uploads a file (a path, or `{ name, mimeType, buffer }`) and waits until the proxy has read it. */
  async uploadFile(file: Parameters<Locator['setInputFiles']>[0]): Promise<void> {
    await this.fileInput.setInputFiles(file);
    await expect(
      this.sampleRows.or(this.page.getByText('The file has a header row but no rows')),
    ).toBeVisible({
      timeout: 60_000,
    });
  }

  async pasteRows(text: string): Promise<void> {
    await this.pasteTab.click();
    await this.pastedRows.fill(text);
    await this.usePastedRows.click();
  }

  /** "3 rows · 4 columns · separated by semicolons · 2 kB" under the file name. */
  fileSummary(): Locator {
    return this.page.getByText(/\d+ rows? · \d+ columns · separated by/);
  }

  /** The field select of one column, by its header text; its value reads "Email Address (email)" or "Don't import". */
  fieldFor(column: string): Locator {
    return this.page.getByRole('combobox', { name: `Field for column ${column}`, exact: true });
  }

  /** `option` as listed: "Display Name (restName)" or "Don't import". */
  async mapColumn(column: string, option: string): Promise<void> {
    await this.fieldFor(column).click();
    await this.page.getByRole('option', { name: option, exact: true }).click();
  }

  async choose(setting: ImportSetting, option: string): Promise<void> {
    await this.page.getByRole('combobox', { name: setting, exact: true }).click();
    await this.page.getByRole('option', { name: option, exact: true }).click();
  }

  /** "N rows ready to import[, M rows with problems]", once a check has answered. */
  checkSummary(): Locator {
    return this.page.getByText(/^[\d,]+ rows? ready to import/);
  }

  /** "N rows with <problem in words>" lines, one per kind of problem. */
  problemKinds(): Locator {
    return this.page.getByRole('list', { name: 'Problems by kind' }).getByRole('listitem');
  }

  /** Waits for a current check to open the start button, then starts; the job page follows. */
  async start(): Promise<void> {
    await expect(this.startButton).toBeEnabled({ timeout: 60_000 });
    await this.startButton.click();
    await this.page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
  }
}

/** `/imports/:id`: one import's progress, cancel, outcome and results. */
export class ImportJobPage {
  readonly heading: Locator;
  readonly progress: Locator;
  readonly counts: Locator;
  readonly cancelButton: Locator;
  readonly cancelDialog: Locator;
  readonly filters: Locator;
  readonly results: Locator;
  readonly downloadResults: Locator;
  readonly nextPage: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.progress = page.getByRole('progressbar', { name: 'Import progress' });
    this.counts = page.getByRole('group', { name: 'Import counts' });
    this.cancelButton = page.getByRole('button', { name: 'Cancel import', exact: true });
    this.cancelDialog = page.getByRole('dialog', { name: 'Cancel this import?' });
    this.filters = page.getByRole('group', { name: 'Show rows' });
    this.results = page.getByRole('table', { name: 'Import results' });
    this.downloadResults = page.getByRole('link', { name: 'Download results (CSV)' });
    this.nextPage = page.getByRole('button', { name: 'Next page' });
  }

  async goto(id: string): Promise<void> {
    await this.page.goto(`/imports/${id}`);
  }

  /** The job id from the current URL. */
  id(): string {
    return new URL(this.page.url()).pathname.split('/').pop() ?? '';
  }

  /** One counter's number, e.g. counter('Created'). */
  async counter(name: ImportCounter): Promise<number> {
    const value = this.counts
      .locator('div')
      .filter({ has: this.page.getByText(name, { exact: true }) })
      .locator('dd')
      .first();
    return Number(((await value.textContent()) ?? '').replace(/\D/g, ''));
  }

  /** The state chip next to the heading: Running, Cancelling, Cancelled, Completed or Failed. */
  state(name: 'Running' | 'Cancelling' | 'Cancelled' | 'Completed' | 'Failed'): Locator {
    return this.page.getByText(name, { exact: true }).first();
  }

  /** The final summary ("Import finished …", "Import cancelled …", "The import stopped …"). */
  outcome(): Locator {
    return this.page.getByText(/^(Import finished|Import cancelled|The import stopped)/);
  }

  async waitUntilFinished(timeout = 120_000): Promise<void> {
    await expect(this.outcome()).toBeVisible({ timeout });
  }

  async cancel(): Promise<void> {
    await this.cancelButton.click();
    await this.cancelDialog.getByRole('button', { name: 'Cancel import' }).click();
    await expect(this.cancelDialog).toBeHidden();
  }

  async filter(status: ResultsFilter): Promise<void> {
    await this.filters.getByRole('button', { name: status, exact: true }).click();
    await expect(this.filters.getByRole('button', { name: status, exact: true })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  }

  /** Body rows of the results table (the header row left out). */
  resultRows(): Locator {
    return this.results.getByRole('row').filter({ hasNot: this.page.getByRole('columnheader') });
  }
}
