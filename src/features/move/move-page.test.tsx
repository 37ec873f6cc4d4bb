import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MoveJob, MoveRow } from '../../../server/contract/moves';
import MoveJobPage from '../../app/routes/move-job';
import MovesPage from '../../app/routes/moves';
import { fakeApi } from '../../testing/fake-api';
import type { FakeRequest } from '../../testing/fake-api';
import { aSession, partitions } from '../../testing/fixtures';
import { renderRoutes } from '../../testing/render';

const jobId = '3f1c2a4e-1111-4222-8333-944455556666';
const session = aSession('editor');

function aMoveJob(overrides: Partial<MoveJob> = {}): MoveJob {
  return {
    id: jobId,
    state: 'previewed',
    target: 'Canada',
    kind: 'email',
    user: { id: session.user.id, email: session.user.email },
    message: null,
    createdAt: '2026-12-05T08:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    total: 5,
    counts: { ready: 2, ambiguous: 1, not_found: 1, in_target: 1 },
    bySource: [{ partition: 'Mexico', count: 2 }],
    undoOf: null,
    undoOfEntry: null,
    undoneBy: null,
    undoUntil: null,
    ...overrides,
  };
}

const twin: MoveRow = {
  row: 3,
  value: 'twin@example.mx',
  status: 'ambiguous',
  candidates: [
    { id: 11, partition: 'Mexico' },
    { id: 12, partition: 'Canada' },
  ],
};
const moved: MoveRow = {
  row: 1,
  value: 'ana@example.mx',
  status: 'moved',
  leadId: 7,
  from: 'Mexico',
  to: 'Canada',
};
const missing: MoveRow = { row: 4, value: 'nobody@example.mx', status: 'not_found' };

function setup(url: string, job: (request: FakeRequest) => MoveJob) {
  const api = fakeApi({
    'GET /api/partitions': { partitions },
    'GET /api/moves': { jobs: [aMoveJob({ state: 'completed', counts: { moved: 2 } })] },
    'POST /api/moves': aMoveJob({ state: 'resolving', counts: { unresolved: 5 }, bySource: [] }),
    'GET /api/moves/:id': job,
    'GET /api/moves/:id/rows': (request) => {
      const status = request.url.searchParams.get('status');
      const rows = [moved, twin, missing].filter((row) => status === null || row.status === status);
      return { rows, total: rows.length };
    },
    'POST /api/moves/:id/choices': aMoveJob(),
    'POST /api/moves/:id/start': aMoveJob({ state: 'running', startedAt: '2026-12-05T08:01:00.000Z' }),
  });
  const view = renderRoutes(
    [
      { path: '/moves', element: <MovesPage /> },
      { path: '/moves/:id', element: <MoveJobPage /> },
    ],
    url,
    { session },
  );
  return { ...view, api };
}

describe('Move leads page', () => {
  it('sends the pasted list and the target, then shows the preview of the job', async () => {
    const { user, api } = setup('/moves', () => aMoveJob());
    const recent = await screen.findByRole('list', { name: 'Recent moves' });
    expect(within(recent).getByRole('link', { name: 'Move to Canada' })).toHaveAttribute(
      'href',
      `/moves/${jobId}`,
    );
    expect(recent).toHaveTextContent('5 rows · Completed');
    await user.type(
      screen.getByRole('textbox', { name: 'One per line' }),
      'ana@example.mx{enter}bea@example.mx',
    );
    await user.click(screen.getByRole('combobox', { name: 'Move to partition' }));
    await user.click(await screen.findByRole('option', { name: 'Canada' }));
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    await screen.findByRole('heading', { name: 'Move to Canada', level: 1 });
    const created = api.calls.find((call) => call.method === 'POST' && call.path === '/api/moves');
    expect(created?.body).toEqual({
      target: 'Canada',
      kind: 'email',
      text: 'ana@example.mx\nbea@example.mx',
    });
    const counts = await screen.findByRole('group', { name: 'Move counts' });
    const count = (label: string) =>
      within(counts).getByText(label, { selector: 'dt' }).nextElementSibling?.textContent;
    expect(count('Ready')).toBe('2');
    expect(count('Several leads')).toBe('1');
    expect(count('Not found')).toBe('1');
    expect(count('Already there')).toBe('1');
    expect(screen.getByText('Ready to move: 2 from Mexico')).toBeInTheDocument();
  });

  it('lets the user pick the lead of an ambiguous email, then starts the move', async () => {
    const { user, api } = setup(`/moves/${jobId}`, () => aMoveJob());
    await user.click(await screen.findByRole('combobox', { name: 'Lead for twin@example.mx' }));
    await user.click(await screen.findByRole('option', { name: 'Lead 11 in Mexico' }));
    await user.click(screen.getByRole('button', { name: 'Use this lead' }));
    await waitFor(() =>
      expect(api.calls.find((call) => call.path === `/api/moves/${jobId}/choices`)?.body).toEqual({
        row: 3,
        leadId: 11,
      }),
    );
    await user.click(screen.getByRole('button', { name: 'Move 2 leads to Canada' }));
    await waitFor(() =>
      expect(api.calls.some((call) => call.path === `/api/moves/${jobId}/start`)).toBe(true),
    );
  });

  it('shows progress, filters the results and offers the download and the undo', async () => {
    const { user, api } = setup(`/moves/${jobId}`, () =>
      aMoveJob({
        state: 'completed',
        startedAt: '2026-12-05T08:01:00.000Z',
        finishedAt: '2026-12-05T08:02:00.000Z',
        counts: { moved: 1, not_found: 1, ambiguous: 1 },
        undoUntil: '2027-01-04T08:02:00.000Z',
      }),
    );
    const bar = await screen.findByRole('progressbar', { name: 'Move progress' });
    expect(bar).toHaveAttribute('aria-valuenow', '100');
    const table = await screen.findByRole('table', { name: 'Results' });
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(4));
    await user.click(screen.getByRole('combobox', { name: 'Show' }));
    await user.click(await screen.findByRole('option', { name: 'Moved' }));
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(2));
    expect(within(table).getByText('ana@example.mx')).toBeInTheDocument();
    expect(api.calls.some((call) => call.url.searchParams.get('status') === 'moved')).toBe(true);
    expect(screen.getByRole('link', { name: 'Download results (CSV)' })).toHaveAttribute(
      'href',
      `/api/moves/${jobId}/results.csv`,
    );
    expect(screen.getByRole('button', { name: /^Undo \(until / })).toBeInTheDocument();
  });
});
