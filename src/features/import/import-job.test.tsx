import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportJob, ImportResultRow } from '../../../server/contract/imports';
import ImportJobPage from '../../app/routes/import-job';
import type { SessionResponse } from '../../../server/contract/access';
import type { FakeRequest, Handlers } from '../../testing/fake-api';
import { aSession } from '../../testing/fixtures';
import { renderRoutes } from '../../testing/render';
import { rememberMapping } from './remembered-mapping';
import { fakeImportApi } from './testing/fake-import-api';
import type { ImportHandlers } from './testing/fake-import-api';
import { aResultRow, aResultsPage, anImportJob, importFields, jobId } from './testing/import-fixtures';

function setup(
  job: ImportJob | ((request: FakeRequest) => ImportJob),
  handlers: ImportHandlers = {},
  { session = aSession('editor'), others = {} }: { session?: SessionResponse; others?: Handlers } = {},
) {
  const api = fakeImportApi(
    {
      'GET /api/imports/:id': job,
      'GET /api/imports/:id/results': aResultsPage([aResultRow()]),
      ...handlers,
    },
    others,
  );
  const view = renderRoutes([{ path: '/imports/:id', element: <ImportJobPage /> }], `/imports/${jobId}`, {
    session,
  });
  const callsTo = (method: string, path: string) =>
    api.calls.filter((call) => call.method === method && call.path === path);
  const counter = (label: string) => {
    const term = within(screen.getByRole('group', { name: 'Import counts' })).getByText(label, {
      selector: 'dt',
    });
    return term.nextElementSibling?.textContent;
  };
  return { ...view, api, callsTo, counter };
}

const headers = (table: HTMLElement) =>
  within(table)
    .getAllByRole('columnheader')
    .map((cell) => cell.textContent);

describe('Import job page', () => {
  it('shows the progress in numbers and words while the import runs', async () => {
    const { counter } = setup(anImportJob());
    const bar = await screen.findByRole('progressbar', { name: 'Import progress' });
    // 450 + 140 + 12 + 3 of 1,000 rows have an outcome.
    expect(bar).toHaveAttribute('aria-valuenow', '60');
    expect(screen.getByText('605 of 1,000 rows done (60%)')).toBeInTheDocument();
    expect(counter('Sent')).toBe('600');
    expect(counter('Created')).toBe('450');
    expect(counter('Updated')).toBe('140');
    expect(counter('Skipped')).toBe('12');
    expect(counter('Failed')).toBe('3');
    expect(counter('Not sent')).toBe('0');
    expect(screen.getByText('120 rows/s · about 3 min left')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Import of trade-show.csv', level: 1 })).toBeInTheDocument();
  });

  it('asks the job again while it runs, and the rows once more when it has finished', async () => {
    let polls = 0;
    const { callsTo } = setup(() => {
      polls += 1;
      return polls < 2
        ? anImportJob()
        : anImportJob({
            state: 'completed',
            finishedAt: '2026-11-29T15:10:00.000Z',
            counts: {
              total: 1000,
              sent: 985,
              created: 840,
              updated: 145,
              written: 0,
              skipped: 12,
              failed: 3,
              cancelled: 0,
            },
            secondsLeft: null,
          });
    });
    expect(await screen.findByText(/^Import finished/)).toBeInTheDocument();
    expect(screen.getByText(/840 created, 145 updated, 12 skipped, 3 failed/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel import' })).not.toBeInTheDocument();
    // The rows are asked again once the job ends, so the table shows the final outcome.
    await waitFor(() =>
      expect(callsTo('GET', `/api/imports/${jobId}/results`).length).toBeGreaterThanOrEqual(2),
    );
    const asked = polls;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(polls).toBe(asked);
  });

  it('lists the results with the email column first, a lead link, and reasons in words', async () => {
    setup(anImportJob(), {
      'GET /api/imports/:id/results': aResultsPage([
        aResultRow(),
        aResultRow({
          row: 3,
          values: ['Luis', 'García', 'luis@example.mx', '5', ''],
          status: 'skipped',
          leadId: undefined,
          reason: { code: '1005', message: 'Lead already exists' },
        }),
        aResultRow({
          row: 4,
          values: ['Bea', 'Ruiz', 'not-an-email', '5', ''],
          status: 'skipped',
          leadId: undefined,
          reason: { code: 'bad_email', message: 'Not a valid email address' },
        }),
      ]),
    });
    const table = await screen.findByRole('table', { name: 'Import results' });
    const [head, first, second, third] = within(table).getAllByRole('row');
    expect(
      within(head!)
        .getAllByRole('columnheader')
        .map((cell) => cell.textContent),
    ).toEqual(['', 'Row', 'E-mail', 'First name', 'Last name', 'Employees', 'Status', 'Lead', 'Reason']);
    // The first column selects leads to move (src/features/move-selection/).
    expect(
      within(head!).getByRole('checkbox', { name: 'Select every lead on this page' }),
    ).toBeInTheDocument();
    expect(first).toHaveTextContent('2ana@example.mxAnaLópez12Created318816');
    expect(within(first!).getByRole('link', { name: 'Open lead 318816' })).toHaveAttribute(
      'href',
      '/leads/318816',
    );
    expect(second).toHaveTextContent('A lead with this email already exists. (Marketo 1005)');
    expect(third).toHaveTextContent('Not a valid email address');
    expect(screen.getByRole('link', { name: 'Download results (CSV)' })).toHaveAttribute(
      'href',
      `/api/imports/${jobId}/results.csv?lang=en`,
    );
    expect(screen.getByRole('link', { name: 'Download results (CSV)' })).toHaveAttribute('download');
  });

  it('asks for the rows of one status when a filter is chosen, and pages by 100', async () => {
    const { user, callsTo } = setup(anImportJob({ state: 'completed', secondsLeft: null }), {
      'GET /api/imports/:id/results': ({ url }) =>
        aResultsPage(
          [aResultRow({ status: url.searchParams.get('status') === 'cancelled' ? 'cancelled' : 'created' })],
          { total: 250 },
        ),
    });
    const reads = () =>
      callsTo('GET', `/api/imports/${jobId}/results`).map((call) =>
        Object.fromEntries(call.url.searchParams),
      );
    await screen.findByRole('table', { name: 'Import results' });
    expect(reads()[0]).toEqual({ offset: '0', limit: '100' });

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(reads().at(-1)).toEqual({ offset: '100', limit: '100' }));

    const filter = screen.getByRole('group', { name: 'Show rows' });
    await user.click(within(filter).getByRole('button', { name: 'Skipped' }));
    await waitFor(() => expect(reads().at(-1)).toEqual({ status: 'skipped', offset: '0', limit: '100' }));
    expect(within(filter).getByRole('button', { name: 'Skipped' })).toHaveAttribute('aria-pressed', 'true');

    await user.click(within(filter).getByRole('button', { name: 'Not sent' }));
    await waitFor(() => expect(reads().at(-1)).toEqual({ status: 'cancelled', offset: '0', limit: '100' }));
    expect(
      await within(screen.getByRole('table', { name: 'Import results' })).findByText('Not sent'),
    ).toBeInTheDocument();

    await user.click(within(filter).getByRole('button', { name: 'All' }));
    await waitFor(() => expect(reads().at(-1)).toEqual({ offset: '0', limit: '100' }));
  });

  it('cancels only after a confirmation', async () => {
    let cancelled = false;
    const { user, callsTo } = setup(() => anImportJob(cancelled ? { state: 'cancelling' } : {}), {
      'POST /api/imports/:id/cancel': () => {
        cancelled = true;
        return anImportJob({ state: 'cancelling' });
      },
    });
    await user.click(await screen.findByRole('button', { name: 'Cancel import' }));
    let dialog = screen.getByRole('dialog', { name: 'Cancel this import?' });
    await user.click(within(dialog).getByRole('button', { name: 'Keep importing' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(callsTo('POST', `/api/imports/${jobId}/cancel`)).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Cancel import' }));
    dialog = screen.getByRole('dialog', { name: 'Cancel this import?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel import' }));
    await waitFor(() => expect(callsTo('POST', `/api/imports/${jobId}/cancel`)).toHaveLength(1));
    expect(await screen.findByText('Cancelling')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel import' })).not.toBeInTheDocument();
  });

  it('always shows the lookup column, found by its header, even past the first four', async () => {
    setup(anImportJob({ lookupField: 'externalId' }), {
      'GET /api/imports/:id/results': aResultsPage(
        [aResultRow({ values: ['Ana', 'López', 'ana@example.mx', '12', 'booth', 'Acme', 'X-77'] })],
        { columns: ['First name', 'Last name', 'E-mail', 'Employees', 'Notes', 'Company', 'External ID'] },
      ),
    });
    const table = await screen.findByRole('table', { name: 'Import results' });
    expect(headers(table)).toEqual([
      '',
      'Row',
      'E-mail',
      'External ID',
      'First name',
      'Last name',
      'Status',
      'Lead',
      'Reason',
    ]);
    expect(within(table).getAllByRole('row')[1]).toHaveTextContent('2ana@example.mxX-77AnaLópez');
  });

  describe('finds the lookup column when no header names the field', () => {
    const columns = ['First name', 'Last name', 'E-mail', 'Employees', 'Notes', 'Clave', 'Ref'];
    const page = aResultsPage(
      [aResultRow({ values: ['Ana', 'López', 'ana@example.mx', '12', 'booth', 'K-1', 'R-9'] })],
      { columns },
    );
    afterEach(() => localStorage.clear());

    it('by the mapping this browser remembers', async () => {
      rememberMapping(columns, [null, null, 'email', null, null, 'crmKey', null]);
      setup(anImportJob({ lookupField: 'crmKey' }), { 'GET /api/imports/:id/results': page });
      expect(headers(await screen.findByRole('table', { name: 'Import results' }))[3]).toBe('Clave');
    });

    it("by the field's display name", async () => {
      const crmRef = { name: 'crmRef', displayName: 'Ref', dataType: 'string', readOnly: false } as const;
      setup(
        anImportJob({ lookupField: 'crmRef' }),
        { 'GET /api/imports/:id/results': page },
        { others: { 'GET /api/fields': { fields: [...importFields, crmRef] } } },
      );
      const table = await screen.findByRole('table', { name: 'Import results' });
      await waitFor(() => expect(headers(table)[3]).toBe('Ref'));
    });
  });

  it('keeps values on one line (the table scrolls sideways) and lets reasons wrap', async () => {
    setup(anImportJob(), {
      'GET /api/imports/:id/results': aResultsPage([
        aResultRow({
          values: ['Ana', 'López', 'ana.maria.lopez.hernandez@a-long-company-name.example.mx', '12', ''],
          status: 'skipped',
          leadId: undefined,
          reason: { code: '1005', message: 'Lead already exists' },
        }),
      ]),
    });
    const table = await screen.findByRole('table', { name: 'Import results' });
    const email = within(table).getByText('ana.maria.lopez.hernandez@a-long-company-name.example.mx');
    expect(email).toHaveStyle({ whiteSpace: 'nowrap' });
    const reason = within(table).getByText('A lead with this email already exists.').closest('td');
    expect(reason).not.toHaveStyle({ whiteSpace: 'nowrap' });
    expect(screen.getByRole('region', { name: 'Result rows' })).toHaveAttribute('tabindex', '0');
  });

  it("words the proxy's own too-large reason without calling it Marketo's", async () => {
    setup(anImportJob(), {
      'GET /api/imports/:id/results': aResultsPage([
        aResultRow({
          status: 'failed',
          leadId: undefined,
          reason: { code: '413', message: "This row alone is larger than Marketo's 1 MB request limit" },
        }),
      ]),
    });
    const table = await screen.findByRole('table', { name: 'Import results' });
    const row = within(table).getAllByRole('row')[1];
    expect(row).toHaveTextContent('This row is larger than Marketo accepts in one request (1 MB).');
    expect(row).not.toHaveTextContent('Marketo 413');
  });

  it('offers Cancel and the rows only to the editor who started the import and to admins', async () => {
    const cases: { who: string; session: SessionResponse; offered: boolean }[] = [
      { who: 'the editor who started it', session: aSession('editor', { id: 7 }), offered: true },
      { who: 'another editor', session: aSession('editor', { id: 8 }), offered: false },
      { who: 'an admin', session: aSession('admin', { id: 9 }), offered: true },
      { who: 'a viewer', session: aSession('viewer', { id: 10 }), offered: false },
    ];
    for (const { who, session, offered } of cases) {
      const view = setup(anImportJob({ user: { id: 7, email: 'ana@example.com' } }), {}, { session });
      // The rows (every input cell) are the owner's and the admins'; others see progress and who to ask.
      if (offered) await screen.findByRole('table', { name: 'Import results' });
      else await screen.findByText(/rows of this import are shown to ana@example.com/);
      expect({ who, offered: screen.queryByRole('button', { name: 'Cancel import' }) !== null }).toEqual({
        who,
        offered,
      });
      view.unmount();
    }
  });

  it('counts rows written after a restart apart, only when there are some', async () => {
    const { counter } = setup(
      anImportJob({
        state: 'completed',
        finishedAt: '2026-11-29T15:10:00.000Z',
        secondsLeft: null,
        counts: { ...anImportJob().counts, sent: 605, written: 5 },
      }),
    );
    expect(
      await screen.findByText(/450 created, 140 updated, 5 written \(created or updated\)/),
    ).toBeInTheDocument();
    expect(counter('Written')).toBe('5');
    expect(screen.getByText('610 of 1,000 rows done (61%)')).toBeInTheDocument();
  });

  it("shows a bulk import's files with Marketo's own state of each, and none for a sync import", async () => {
    const bulk = anImportJob({
      path: 'bulk',
      bulkBatches: [
        {
          batch: 1,
          rows: 90_000,
          state: 'complete',
          marketoBatchId: 3404,
          processed: 89_990,
          failed: 10,
          warned: 0,
          message: 'Import completed with errors, 89990 records imported (89990 members), 10 failed',
        },
        {
          batch: 2,
          rows: 80_000,
          state: 'importing',
          marketoBatchId: 3405,
          processed: 20_000,
          failed: 0,
          warned: 2,
          message: null,
        },
        {
          batch: 3,
          rows: 70_000,
          state: 'queued',
          marketoBatchId: 3406,
          processed: 0,
          failed: 0,
          warned: 0,
          message: null,
        },
      ],
    });
    const { unmount } = setup(bulk);
    const files = await screen.findByRole('region', { name: "Files in Marketo's Bulk Import" });
    expect(within(files).getByText(/File 1, 90,000 rows: complete/)).toBeInTheDocument();
    expect(
      within(files).getByText(
        /File 2, 80,000 rows: importing \(20,000 imported, 0 failed, 2 with warnings\)/,
      ),
    ).toBeInTheDocument();
    expect(within(files).getByText(/File 3, 70,000 rows: queued at Marketo/)).toBeInTheDocument();
    expect(within(files).getByText(/89990 records imported/)).toBeInTheDocument();
    unmount();
    setup(anImportJob({ path: 'sync' }));
    await screen.findByRole('progressbar', { name: 'Import progress' });
    expect(screen.queryByRole('region', { name: "Files in Marketo's Bulk Import" })).not.toBeInTheDocument();
  });

  it('shows no Written counter while no row is written', async () => {
    setup(anImportJob());
    const counts = await screen.findByRole('group', { name: 'Import counts' });
    expect(within(counts).queryByText('Written')).not.toBeInTheDocument();
  });

  it('while it waits for the call budget, says so and gives no time left', async () => {
    const message = "Waiting for Marketo's call budget: sending goes on as soon as the budget allows.";
    // A pace and a few seconds left from before the wait: neither holds while it lasts.
    setup(anImportJob({ message, secondsLeft: 20 }));
    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(
      screen.getByText('120 rows/s · waiting: no time estimate until sending goes on'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/left/)).not.toBeInTheDocument();
  });

  it('after a cancel, tells rows sent from rows never sent, never 100 % for both', async () => {
    const cancelled = anImportJob({
      state: 'cancelled',
      finishedAt: '2026-11-29T15:10:00.000Z',
      secondsLeft: null,
      counts: { ...anImportJob().counts, total: 24_000, sent: 12_300, created: 12_000, updated: 300 },
    });
    cancelled.counts.skipped = 0;
    cancelled.counts.failed = 0;
    cancelled.counts.cancelled = 11_700;
    const { counter } = setup(cancelled);
    expect(
      await screen.findByText('12,300 of 24,000 rows sent (51%); 11,700 not sent (cancelled)'),
    ).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Import progress' })).toHaveAttribute(
      'aria-valuenow',
      '51',
    );
    expect(counter('Not sent')).toBe('11,700');
    expect(screen.queryByText(/100%/)).not.toBeInTheDocument();
  });

  it('explains rows not sent by a failure without calling the import cancelled', async () => {
    const failed = anImportJob({ state: 'failed', secondsLeft: null, message: 'Marketo refused the import' });
    failed.counts.cancelled = 400;
    const { counter } = setup(failed);
    expect(await screen.findByText('the import stopped first')).toBeInTheDocument();
    expect(counter('Not sent')).toBe('400');
    expect(screen.queryByText('the import was cancelled first')).not.toBeInTheDocument();
  });

  it('keeps the results filter and page in the URL, so Back brings them back', async () => {
    const { user, router, callsTo } = setup(anImportJob({ state: 'completed', secondsLeft: null }), {
      'GET /api/imports/:id/results': aResultsPage([aResultRow({ status: 'skipped' })], { total: 250 }),
    });
    const filter = await screen.findByRole('group', { name: 'Show rows' });
    await user.click(within(filter).getByRole('button', { name: 'Skipped' }));
    await user.click(await screen.findByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(router.state.location.search).toBe('?status=skipped&page=2'));

    await user.click(screen.getByRole('link', { name: 'Open lead 318816' }));
    expect(await screen.findByText('Elsewhere')).toBeInTheDocument();
    await router.navigate(-1);
    const restored = await screen.findByRole('group', { name: 'Show rows' });
    expect(within(restored).getByRole('button', { name: 'Skipped' })).toHaveAttribute('aria-pressed', 'true');
    expect(await screen.findByText('101–200 of 250')).toBeInTheDocument();
    const last = callsTo('GET', `/api/imports/${jobId}/results`).at(-1);
    expect(Object.fromEntries(last?.url.searchParams ?? [])).toEqual({
      status: 'skipped',
      offset: '100',
      limit: '100',
    });
  });

  it('opens at the filter and page a link names, and words a status it does not know', async () => {
    // Statuses a newer proxy may send: this page's words cannot rely on knowing them all.
    const newerStatus = (status: string) => status as ImportResultRow['status'];
    fakeImportApi({
      'GET /api/imports/:id': anImportJob({ state: 'completed', secondsLeft: null }),
      'GET /api/imports/:id/results': aResultsPage(
        [
          aResultRow({ status: newerStatus('written') }),
          aResultRow({ row: 3, status: newerStatus('mystery') }),
        ],
        { total: 2 },
      ),
    });
    const { user } = renderRoutes(
      [{ path: '/imports/:id', element: <ImportJobPage /> }],
      `/imports/${jobId}?status=failed&page=x`,
    );
    const filter = await screen.findByRole('group', { name: 'Show rows' });
    expect(within(filter).getByRole('button', { name: 'Failed' })).toHaveAttribute('aria-pressed', 'true');
    const table = await screen.findByRole('table', { name: 'Import results' });
    const [, written] = within(table).getAllByRole('row');
    expect(within(written as HTMLElement).getByText('Written')).toBeInTheDocument();
    // The short label names it; the row says what it means.
    expect(
      within(written as HTMLElement).getByText(
        'Created or updated: the console could not tell which after a restart.',
      ),
    ).toBeInTheDocument();
    expect(within(table).getByText('mystery')).toBeInTheDocument();
    // The filter button is named by the short label, and described by the long one.
    const writtenFilter = within(filter).getByRole('button', { name: 'Written' });
    await user.hover(writtenFilter);
    await waitFor(() =>
      expect(writtenFilter).toHaveAccessibleDescription(
        'Created or updated: the console could not tell which after a restart.',
      ),
    );
  });

  it('changes filter and page without scrolling to the top; pages replace the history entry, filters add one', async () => {
    const { user, router } = setup(anImportJob({ state: 'completed', secondsLeft: null }), {
      'GET /api/imports/:id/results': aResultsPage([aResultRow({ status: 'skipped' })], { total: 250 }),
    });
    const filter = await screen.findByRole('group', { name: 'Show rows' });
    await user.click(within(filter).getByRole('button', { name: 'Skipped' }));
    await waitFor(() => expect(router.state.location.search).toBe('?status=skipped'));
    expect(router.state.historyAction).toBe('PUSH');
    expect(router.state.preventScrollReset).toBe(true);

    await user.click(await screen.findByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(router.state.location.search).toBe('?status=skipped&page=2'));
    expect(router.state.historyAction).toBe('REPLACE');
    expect(router.state.preventScrollReset).toBe(true);
    // Back leaves the skipped rows for the plain list, not for page 1 of the same rows.
    await router.navigate(-1);
    await waitFor(() => expect(router.state.location.search).toBe(''));
  });

  it('says so when the link names no import', async () => {
    fakeImportApi({});
    renderRoutes([{ path: '/imports/:id', element: <ImportJobPage /> }], '/imports/nope');
    expect(await screen.findByRole('heading', { name: 'Import not found' })).toBeInTheDocument();
  });
});
