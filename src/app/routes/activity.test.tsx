import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ActivityEntry, ActivityPage } from '../../../server/contract/activity';
import { fakeApi } from '../../testing/fake-api';
import type { FakeRequest } from '../../testing/fake-api';
import { partitions } from '../../testing/fixtures';
import { renderPage } from '../../testing/render';
import ActivityPageRoute from './activity';

function anEntry(overrides: Partial<ActivityEntry> = {}): ActivityEntry {
  return {
    id: 30,
    at: '2026-11-29T15:04:00.000Z',
    user: { id: 7, email: 'ana@example.com' },
    action: 'lead.write',
    partitions: ['Mexico'],
    leadIds: [318816, 318817],
    outcome: 'partial',
    leads: [
      { index: 0, leadId: 318816, status: 'updated' },
      { index: 1, status: 'skipped', reason: 'This lead already lives in another partition.' },
    ],
    requestIds: ['e42b#16c8a4f1a2b'],
    summary: 'createOrUpdate by email',
    ...overrides,
  };
}

function setup(url: string, pages: (request: FakeRequest) => ActivityPage) {
  const api = fakeApi({ 'GET /api/partitions': { partitions }, 'GET /api/activity': pages });
  const view = renderPage(<ActivityPageRoute />, { path: '/activity', url });
  const reads = () =>
    api.calls.filter((call) => call.path === '/api/activity').map((call) => call.url.searchParams);
  return { ...view, reads };
}

const localDayStart = (day: string) => new Date(`${day}T00:00:00`).toISOString();
const localDayEnd = (day: string) => new Date(`${day}T23:59:59.999`).toISOString();

describe('Activity page', () => {
  it('reads its filters from the URL into the request, the form and the CSV link', async () => {
    const { reads } = setup(
      '/activity?user=ana&partition=Mexico&action=lead.move&from=2026-11-01&to=2026-11-29',
      () => ({ entries: [anEntry({ action: 'lead.move' })], nextCursor: null }),
    );
    expect(await screen.findByRole('table', { name: 'Activity' })).toBeInTheDocument();
    const sent = reads()[0];
    expect(Object.fromEntries(sent ?? [])).toEqual({
      user: 'ana',
      partition: 'Mexico',
      action: 'lead.move',
      from: localDayStart('2026-11-01'),
      to: localDayEnd('2026-11-29'),
      limit: '50',
    });
    const filters = screen.getByRole('search', { name: 'Activity filters' });
    expect(within(filters).getByLabelText('User email')).toHaveValue('ana');
    expect(within(filters).getByRole('combobox', { name: 'Action' })).toHaveTextContent('Moved leads');
    expect(within(filters).getByLabelText('From')).toHaveValue('2026-11-01');
    const csv = screen.getByRole('link', { name: 'Export CSV' });
    expect(csv).toHaveAttribute('download');
    const href = new URL(csv.getAttribute('href') ?? '', 'http://localhost');
    expect(href.pathname).toBe('/api/activity.csv');
    expect(Object.fromEntries(href.searchParams)).toEqual({
      user: 'ana',
      partition: 'Mexico',
      action: 'lead.move',
      from: localDayStart('2026-11-01'),
      to: localDayEnd('2026-11-29'),
    });
  });

  it('puts applied filters in the URL and asks again with them', async () => {
    const { user, router, reads } = setup('/activity', () => ({ entries: [anEntry()], nextCursor: null }));
    await screen.findByRole('table', { name: 'Activity' });
    expect(Object.fromEntries(reads()[0] ?? [])).toEqual({ limit: '50' });
    await user.type(screen.getByLabelText('User email'), 'bo@');
    await user.click(screen.getByRole('combobox', { name: 'Partition' }));
    await user.click(await screen.findByRole('option', { name: 'Canada' }));
    await user.click(screen.getByRole('combobox', { name: 'Action' }));
    await user.click(await screen.findByRole('option', { name: 'Failed sign-in' }));
    await user.type(screen.getByLabelText('To'), '2026-11-28');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));

    await waitFor(() => expect(reads()).toHaveLength(2));
    expect(new URLSearchParams(router.state.location.search).toString()).toBe(
      'user=bo%40&partition=Canada&action=auth.sign-in-failed&to=2026-11-28',
    );
    expect(Object.fromEntries(reads()[1] ?? [])).toEqual({
      user: 'bo@',
      partition: 'Canada',
      action: 'auth.sign-in-failed',
      to: localDayEnd('2026-11-28'),
      limit: '50',
    });
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute(
      'href',
      `/api/activity.csv?user=bo%40&partition=Canada&action=auth.sign-in-failed&to=${encodeURIComponent(localDayEnd('2026-11-28'))}`,
    );
  });

  it('shows each entry in words and local time, and loads older entries with the cursor', async () => {
    const { user, reads } = setup('/activity', ({ url }) =>
      url.searchParams.get('cursor') === 'before-30'
        ? {
            entries: [
              anEntry({
                id: 29,
                action: 'auth.sign-in',
                partitions: [],
                leadIds: [],
                leads: [],
                requestIds: [],
                outcome: 'success',
              }),
            ],
            nextCursor: null,
          }
        : { entries: [anEntry()], nextCursor: 'before-30' },
    );
    const table = await screen.findByRole('table', { name: 'Activity' });
    const first = within(table).getAllByRole('row')[1];
    expect(first).toHaveTextContent('Created/updated leads');
    expect(first).toHaveTextContent('2 (318816, 318817)');
    expect(first).toHaveTextContent('Partly succeeded');
    const local = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }).format(
      new Date('2026-11-29T15:04:00.000Z'),
    );
    expect(first).toHaveTextContent(local);

    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await within(table).findByText('Signed in')).toBeInTheDocument();
    expect(reads()[1]?.get('cursor')).toBe('before-30');
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('opens an entry to show each lead’s outcome and Marketo’s request ids', async () => {
    const { user } = setup('/activity', () => ({ entries: [anEntry()], nextCursor: null }));
    const details = await screen.findByRole('button', { name: /^Details of Created\/updated leads/ });
    expect(details).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByText('e42b#16c8a4f1a2b')).not.toBeInTheDocument();
    await user.click(details);
    expect(details).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByText('e42b#16c8a4f1a2b')).toBeInTheDocument();
    expect(screen.getByText('Lead 318816')).toBeInTheDocument();
    expect(screen.getByText('updated')).toBeInTheDocument();
    expect(screen.getByText('Lead 2 of the batch')).toBeInTheDocument();
    expect(screen.getByText('skipped: This lead already lives in another partition.')).toBeInTheDocument();
  });

  it('shows an import as one item over its entries, linked to the job’s page', async () => {
    const jobId = '6a1b2c3d-4e5f-4a6b-9c8d-0e1f2a3b4c5d';
    const { user, router } = setup('/activity', () => ({
      entries: [
        anEntry({
          action: 'import',
          leadIds: [11, 12, 13, 14, 15, 16],
          leads: [{ index: 7, status: 'skipped', reason: '1005 Lead already exists' }],
          requestIds: ['a#1', 'b#2'],
          summary: '81 entries (23,700 created, 300 skipped).',
          importJob: {
            id: jobId,
            jobVisible: true,
            entries: 81,
            lastAt: '2026-11-29T17:30:00.000Z',
            statusCounts: { created: 23_700, skipped: 300 },
            leadCount: 23_700,
          },
        }),
      ],
      nextCursor: null,
    }));
    const table = await screen.findByRole('table', { name: 'Activity' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(2);
    const item = rows[1]!;
    // Summed over entries, where a lead written twice counts twice: not called distinct leads.
    expect(item).toHaveTextContent('23,700 lead results (11, 12, 13, 14, 15 and 23,695 more)');
    const time = (at: string) =>
      new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }).format(new Date(at));
    expect(item).toHaveTextContent(time('2026-11-29T15:04:00.000Z'));
    expect(item).toHaveTextContent(time('2026-11-29T17:30:00.000Z'));

    await user.click(within(item).getByRole('button', { name: /^Details of Import/ }));
    expect(screen.getByText('23,700 created, 300 skipped')).toBeInTheDocument();
    expect(screen.getByText('a#1, b#2')).toBeInTheDocument();

    await user.click(within(item).getByRole('link', { name: 'Import' }));
    expect(router.state.location.pathname).toBe(`/imports/${jobId}`);
  });

  it('offers no link to an import job the reader may not open', async () => {
    setup('/activity', () => ({
      entries: [
        anEntry({
          action: 'import',
          importJob: {
            id: '6a1b2c3d-4e5f-4a6b-9c8d-0e1f2a3b4c5d',
            jobVisible: false,
            entries: 1,
            lastAt: '2026-11-29T15:04:00.000Z',
            statusCounts: { updated: 1 },
            leadCount: 1,
          },
        }),
      ],
      nextCursor: null,
    }));
    const table = await screen.findByRole('table', { name: 'Activity' });
    expect(within(table).getByText('Import')).toBeInTheDocument();
    expect(within(table).queryByRole('link')).not.toBeInTheDocument();
  });

  it('links a bulk move to its page, shows each lead’s from and to, and offers its undo', async () => {
    const jobId = '7b1b2c3d-4e5f-4a6b-9c8d-0e1f2a3b4c5d';
    const undoId = '8c1b2c3d-4e5f-4a6b-9c8d-0e1f2a3b4c5d';
    const move = (id: string, undoUntil: string | null) => ({
      id,
      state: 'completed' as const,
      target: 'Canada',
      kind: 'email' as const,
      user: { id: 7, email: 'ana@example.com' },
      message: null,
      createdAt: '2026-11-29T15:04:00.000Z',
      startedAt: '2026-11-29T15:05:00.000Z',
      finishedAt: '2026-11-29T15:06:00.000Z',
      total: 2,
      counts: { moved: 2 },
      bySource: [{ partition: 'Mexico', count: 2 }],
      undoOf: null,
      undoOfEntry: null,
      undoneBy: null,
      undoUntil,
    });
    const api = fakeApi({
      'GET /api/partitions': { partitions },
      'GET /api/activity': {
        entries: [
          anEntry({
            action: 'lead.move',
            partitions: ['Canada', 'Mexico'],
            leads: [{ index: 1, leadId: 11, status: 'updated', from: 'Mexico', to: 'Canada' }],
            importJob: {
              id: jobId,
              jobVisible: true,
              entries: 2,
              lastAt: '2026-11-29T15:06:00.000Z',
              statusCounts: { updated: 2 },
              leadCount: 2,
            },
          }),
        ],
        nextCursor: null,
      },
      'GET /api/moves/:id': move(jobId, '2026-12-29T15:06:00.000Z'),
      'POST /api/moves/:id/undo': { ...move(undoId, null), state: 'running' },
    });
    const { user, router } = renderPage(<ActivityPageRoute />, { path: '/activity', url: '/activity' });
    const table = await screen.findByRole('table', { name: 'Activity' });
    const item = within(table).getAllByRole('row')[1]!;
    expect(within(item).getByRole('link', { name: 'Moved leads' })).toHaveAttribute(
      'href',
      `/moves/${jobId}`,
    );
    await user.click(within(item).getByRole('button', { name: /^Details of Moved leads/ }));
    expect(screen.getByText(/from Mexico to Canada/)).toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: /^Undo \(until / }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/moves/${undoId}`));
    expect(api.calls.some((call) => call.method === 'POST' && call.path === `/api/moves/${jobId}/undo`)).toBe(
      true,
    );
  });

  it('offers the undo of a single move and opens the undo’s page', async () => {
    const undoId = '9d1b2c3d-4e5f-4a6b-9c8d-0e1f2a3b4c5d';
    let undone: string | null = null;
    const api = fakeApi({
      'GET /api/partitions': { partitions },
      'GET /api/activity': {
        entries: [
          anEntry({
            id: 41,
            action: 'lead.move',
            outcome: 'success',
            partitions: ['Mexico', 'Canada'],
            leads: [{ leadId: 11, status: 'updated', from: 'Mexico', to: 'Canada' }],
            summary: 'move 1 lead(s) to Canada',
          }),
        ],
        nextCursor: null,
      },
      'GET /api/activity/:id/undo': () => ({
        undoUntil: undone === null ? '2026-12-29T15:04:00.000Z' : null,
        undoneBy: undone,
      }),
      'POST /api/activity/:id/undo': () => {
        undone = undoId;
        return {
          id: undoId,
          state: 'running',
          target: 'Canada',
          kind: 'id',
          user: { id: 7, email: 'ana@example.com' },
          message: null,
          createdAt: '2026-12-01T10:00:00.000Z',
          startedAt: '2026-12-01T10:00:00.000Z',
          finishedAt: null,
          total: 1,
          counts: { pending: 1 },
          bySource: [],
          undoOf: null,
          undoOfEntry: 41,
          undoneBy: null,
          undoUntil: null,
        };
      },
    });
    const { user, router } = renderPage(<ActivityPageRoute />, { path: '/activity', url: '/activity' });
    const table = await screen.findByRole('table', { name: 'Activity' });
    const item = within(table).getAllByRole('row')[1]!;
    await user.click(within(item).getByRole('button', { name: /^Details of Moved leads/ }));
    await user.click(await screen.findByRole('button', { name: /^Undo \(until / }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/moves/${undoId}`));
    expect(api.calls.some((call) => call.method === 'POST' && call.path === '/api/activity/41/undo')).toBe(
      true,
    );
  });
});
