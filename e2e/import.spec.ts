import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { expect, test } from './fixtures';
import { ActivityPage } from './pages/activity-page';
import { ImportJobPage, ImportPage } from './pages/import';
import { leadsFile } from './support/import-file';

/** The results download, parsed: the header row, then one record per input row. */
async function downloadedResults(jobPage: ImportJobPage): Promise<string[][]> {
  const download = jobPage.downloadResults.page().waitForEvent('download');
  await jobPage.downloadResults.click();
  const path = await (await download).path();
  const records: string[][] = parse(await readFile(path, 'utf8'), { bom: true });
  return records;
}

test.describe('importing a 1,000-row file', () => {
  test.afterEach(async ({ emulator }) => {
    await emulator.setConfig({ latencyMs: 0 });
  });

  test('bad rows are skipped with reasons, progress shows as it goes, results download', async ({
    page,
    emulator,
    checkA11y,
  }) => {
    const file = leadsFile(1000, `import${Date.now().toString(36)}`);
    const importPage = new ImportPage(page);
    await importPage.goto({ partition: 'Mexico' });
    await importPage.uploadFile(file);
    await expect(importPage.fileSummary()).toContainText('1,000 rows');
    // Columns are matched by display name ("Email Address") and REST name.
    await expect(importPage.fieldFor('Email Address')).toHaveValue('Email Address (email)');
    await expect(importPage.fieldFor('Company')).toHaveValue(/\(company\)$/);
    await expect(importPage.checkSummary()).toHaveText(/989 rows ready to import, 11 rows with problems/);
    await expect(importPage.problemsTable).toContainText(/not a valid email/i);
    await checkA11y();

    // Each sync call takes a second, so the page has time to show the import under way.
    await emulator.setConfig({ latencyMs: 1000 });
    await importPage.start();
    const jobPage = new ImportJobPage(page);
    await expect(jobPage.progress).toHaveAttribute('aria-valuenow', /^([1-9]|[1-9]\d)$/, { timeout: 30_000 });
    await jobPage.waitUntilFinished();
    await expect(jobPage.progress).toHaveAttribute('aria-valuenow', '100');
    expect(await jobPage.counter('Created')).toBe(989);
    expect(await jobPage.counter('Skipped')).toBe(11);
    expect(await jobPage.counter('Failed')).toBe(0);

    await jobPage.filter('Skipped');
    await expect(jobPage.resultRows()).toHaveCount(11);
    await expect(jobPage.results).toContainText(/same email as row 2/i);
    await checkA11y();
    // The filter lives in the URL: a reload shows the same rows.
    await expect(page).toHaveURL(/[?&]status=skipped(&|$)/);
    await page.reload();
    await expect(jobPage.resultRows()).toHaveCount(11);

    const [header, ...rows] = await downloadedResults(jobPage);
    expect(header).toEqual([
      'Email Address',
      'First Name',
      'Last Name',
      'Company',
      'Marketo lead id',
      'Import status',
      'Import reason',
    ]);
    expect(rows).toHaveLength(1000);
    const skipped = rows.filter((row) => row[5] === 'skipped');
    expect(skipped).toHaveLength(11);
    for (const row of skipped) expect(row[6]).not.toBe('');
    const created = rows.filter((row) => row[5] === 'created');
    expect(created).toHaveLength(989);
    expect(created.every((row) => /^\d+$/.test(row[4] ?? ''))).toBe(true);
    // Accents and quoted commas come back as they went in.
    expect(rows[0]?.[2]).toBe('Núñez, Jr.');

    const imported = (await emulator.leads()).filter((lead) =>
      lead.email?.startsWith(`${file.name.slice(0, -4)}.`),
    );
    expect(imported).toHaveLength(989);
    expect(imported.every((lead) => lead.leadPartitionId === 2)).toBe(true);

    // Four chunks and the start read as one Activity row, which leads back to the job.
    const jobId = jobPage.id();
    const activity = new ActivityPage(page);
    await activity.goto();
    await expect(activity.importRows(jobId)).toHaveCount(1);
    await expect(activity.importRows(jobId)).toContainText('989 lead results (');
    await activity.importLink(jobId).click();
    await expect(page).toHaveURL(new RegExp(`/imports/${jobId}$`));
  });
});

test.describe('a new user', () => {
  test.use({ account: 'mexicoEditor' });

  test('imports the sample file into Mexico from the screen alone', async ({ page, emulator }) => {
    const importPage = new ImportPage(page);
    await page.goto('/partitions');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click();
    await expect(importPage.heading).toBeVisible();

    // The sample is offered on the page itself.
    const sampleDownload = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download a sample file' }).click();
    const samplePath = await (await sampleDownload).path();
    await importPage.uploadFile(samplePath);

    await importPage.choose('Partition', 'Mexico');
    await expect(importPage.checkSummary()).toHaveText(/22 rows ready to import, 3 rows with problems/);
    await importPage.start();

    const jobPage = new ImportJobPage(page);
    await jobPage.waitUntilFinished();
    expect(await jobPage.counter('Created')).toBe(21);
    expect(await jobPage.counter('Updated')).toBe(1);
    expect(await jobPage.counter('Skipped')).toBe(3);

    const [header, ...rows] = await downloadedResults(jobPage);
    expect(header?.slice(-3)).toEqual(['Marketo lead id', 'Import status', 'Import reason']);
    expect(rows).toHaveLength(25);
    const lucia = (await emulator.leads()).find((lead) => lead.email === 'lucia.hernandez@example.mx');
    expect(lucia?.company).toBe('Grupo Norte, S.A. de C.V.');
    expect(lucia?.leadPartitionId).toBe(2);
  });
});
