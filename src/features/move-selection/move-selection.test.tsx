import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MoveJob, MoveRow } from '../../../server/contract/moves';
import ImportJobPage from '../../app/routes/import-job';
import { fakeApi } from '../../testing/fake-api';
import type { FakeRequest } from '../../testing/fake-api';
import { aLead, aSession, partitions } from '../../testing/fixtures';
import { renderRoutes } from '../../testing/render';
import { fakeImportApi } from '../import/testing/fake-import-api';
import { aResultRow, aResultsPage, anImportJob, jobId as importId } from '../import/testing/import-fixtures';
import { LeadSearchResults } from '../lead-lookup/lead-search-results';
import { MoveResults } from '../move/move-results';

const moveId = '3f1c2a4e-1111-4222-8333-944455556666';

function aMoveJob(overrides: Partial<MoveJob> = {}): MoveJob {
  return {
    id: moveId,
    state: 'resolving',
    target: 'Canada',
    kind: 'id',
    user: { id: 1, email: 'editor@example.com' },
    message: null,
    createdAt: '2026-12-05T08:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    total: 2,
    counts: { unresolved: 2 },
    bySource: [],
    undoOf: null,
    undoOfEntry: null,
    undoneBy: null,
    undoUntil: null,
    ...overrides,
  };
}

const movePage = { path: '/moves/:id', element: <p>Preview of the move</p> };
const posted = (calls: FakeRequest[], path: string) =>
  calls.find((call) => call.method === 'POST' && call.path === path)?.body;

/** The bar's live region (a loading block has a status role of its own). */
const selectedCount = async () =>
  within(await screen.findByRole('region', { name: 'Move selected leads' })).getByRole('status');

async function chooseTarget(user: ReturnType<typeof renderRoutes>['user'], name: string) {
  await user.click(screen.getByRole('combobox', { name: 'Move to partition' }));
  await user.click(await screen.findByRole('option', { name }));
}

describe('moving selected leads from the lookup', () => {
  const leads = [aLead({ id: 7 }), aLead({ id: 8, partition: { id: 3, name: 'Canada' } }), aLead({ id: 9 })];

  it('ticks leads, says how many are selected, and opens the new bulk move by id', async () => {
    const api = fakeApi({
      'GET /api/partitions': { partitions },
      'GET /api/leads': { leads },
      'POST /api/moves': aMoveJob(),
    });
    const { user } = renderRoutes(
      [{ path: '/leads', element: <LeadSearchResults email="ana@example.mx" /> }, movePage],
      '/leads',
    );
    const status = await selectedCount();
    expect(status).toHaveTextContent('No lead selected');
    await user.click(await screen.findByRole('checkbox', { name: 'Select lead 7' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select lead 9' }));
    expect(status).toHaveTextContent('2 leads selected');
    const move = screen.getByRole('button', { name: 'Move 2 leads' });
    expect(move).toBeDisabled();
    await chooseTarget(user, 'Canada');
    await user.click(move);
    expect(await screen.findByText('Preview of the move')).toBeInTheDocument();
    expect(posted(api.calls, '/api/moves')).toEqual({ target: 'Canada', kind: 'id', text: '7\n9' });
  });

  it('the page checkbox ticks every lead listed, and unticks them', async () => {
    fakeApi({ 'GET /api/partitions': { partitions }, 'GET /api/leads': { leads } });
    const { user } = renderRoutes(
      [{ path: '/', element: <LeadSearchResults email="ana@example.mx" /> }],
      '/',
    );
    const page = await screen.findByRole('checkbox', { name: 'Select every lead on this page' });
    await user.click(page);
    expect(await selectedCount()).toHaveTextContent('3 leads selected');
    await user.click(page);
    expect(await selectedCount()).toHaveTextContent('No lead selected');
  });

  it('offers no selection to a viewer', async () => {
    fakeApi({ 'GET /api/partitions': { partitions }, 'GET /api/leads': { leads } });
    renderRoutes([{ path: '/', element: <LeadSearchResults email="ana@example.mx" /> }], '/', {
      session: aSession('viewer'),
    });
    await screen.findByRole('table', { name: 'Leads with email ana@example.mx' });
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Move selected leads' })).not.toBeInTheDocument();
  });
});

describe('moving rows of an import’s results', () => {
  it('selects every row of the filter over all pages and asks the server for them', async () => {
    const rows = [
      aResultRow({ row: 2, status: 'skipped', leadId: undefined, reason: { code: '1010', message: 'x' } }),
      aResultRow({ row: 3, status: 'skipped', leadId: 41 }),
    ];
    const api = fakeImportApi(
      {
        'GET /api/imports/:id': anImportJob({ state: 'completed' }),
        'GET /api/imports/:id/results': aResultsPage(rows, { total: 450 }),
        'GET /api/imports/:id/reasons': {
          reasons: [
            { code: '1010', message: 'Partition update not allowed', count: 450 },
            { code: 'bad_email', message: 'Not a valid email address', count: 3 },
          ],
        },
      },
      { 'GET /api/partitions': { partitions }, 'POST /api/moves/from-results': aMoveJob({ kind: 'email' }) },
    );
    const { user } = renderRoutes(
      [{ path: '/imports/:id', element: <ImportJobPage /> }, movePage],
      `/imports/${importId}?status=skipped`,
    );
    await user.click(await screen.findByRole('combobox', { name: 'Reason' }));
    await user.click(await screen.findByRole('option', { name: /another partition.* · 450 rows$/ }));
    await waitFor(() =>
      expect(
        api.calls.some(
          (call) => call.path.endsWith('/results') && call.url.searchParams.get('reason') === '1010',
        ),
      ).toBe(true),
    );
    const table = await screen.findByRole('table', { name: 'Import results' });
    // A row with no lead id has nothing to tick by itself; it is in "every row of the filter".
    expect(within(table).getAllByRole('checkbox', { name: /^Select lead/ })).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Select all 450 rows matching this filter' }));
    expect(await selectedCount()).toHaveTextContent('All 450 rows selected, on every page');
    expect(within(table).getByRole('checkbox', { name: 'Select lead 41' })).toBeChecked();
    await chooseTarget(user, 'Mexico');
    await user.click(screen.getByRole('button', { name: 'Move 450 leads' }));
    expect(await screen.findByText('Preview of the move')).toBeInTheDocument();
    expect(posted(api.calls, '/api/moves/from-results')).toEqual({
      from: 'import',
      jobId: importId,
      target: 'Mexico',
      status: 'skipped',
      reason: '1010',
    });
  });
});

describe('moving rows of a finished move again', () => {
  const failed: MoveRow = { row: 4, value: 'bea@example.mx', status: 'failed', leadId: 12, from: 'Mexico' };

  function setup(job: MoveJob) {
    const api = fakeApi({
      'GET /api/partitions': { partitions },
      'GET /api/moves/:id/rows': { rows: [failed], total: 1 },
      'POST /api/moves': aMoveJob(),
    });
    return { api, ...renderRoutes([{ path: '/', element: <MoveResults job={job} /> }, movePage], '/') };
  }

  it('ticks a failed row and moves its lead by id', async () => {
    const { api, user } = setup(aMoveJob({ state: 'completed', counts: { failed: 1 } }));
    await user.click(await screen.findByRole('checkbox', { name: 'Select lead 12' }));
    await chooseTarget(user, 'Default');
    await user.click(screen.getByRole('button', { name: 'Move 1 lead' }));
    await waitFor(() =>
      expect(posted(api.calls, '/api/moves')).toEqual({ target: 'Default', kind: 'id', text: '12' }),
    );
  });

  it('offers no selection while the move still runs', async () => {
    setup(aMoveJob({ state: 'running', counts: { pending: 1 } }));
    await screen.findByText('bea@example.mx');
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
  });
});
