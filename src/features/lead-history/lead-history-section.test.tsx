import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { LeadHistoryResponse } from '../../../server/contract/lead-history';
import { ErrorReply, fakeApi } from '../../testing/fake-api';
import { aLead, partitions } from '../../testing/fixtures';
import { renderPage } from '../../testing/render';
import { LeadDetails } from '../lead-lookup/lead-details';
import { LeadHistorySection } from './lead-history-section';

const history: LeadHistoryResponse = {
  leadId: 318816,
  since: '2015-09-04T17:05:12Z',
  complete: true,
  events: [
    {
      at: '2026-03-02T10:00:00Z',
      kind: 'moved',
      from: null,
      to: 'Mexico',
      by: { email: 'admin@example.com' },
      recordedBy: ['marketo', 'console'],
    },
    { at: '2026-03-01T10:00:00Z', kind: 'moved', from: 'Mexico', to: null, recordedBy: ['marketo'] },
    { at: '2015-09-04T17:05:12Z', kind: 'created', to: 'Mexico', recordedBy: ['marketo'] },
  ],
};

const historyPaths = (calls: { path: string }[]) => calls.filter((call) => call.path.endsWith('/history'));

describe('LeadHistorySection', () => {
  it('loads nothing until opened, then shows the timeline newest first', async () => {
    const api = fakeApi({ 'GET /api/leads/:id/history': history });
    const { user } = renderPage(<LeadHistorySection leadId={318816} />);
    const toggle = screen.getByRole('button', { name: 'History' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(historyPaths(api.calls)).toEqual([]);

    await user.click(toggle);
    const table = await screen.findByRole('table', { name: 'Partition history of lead 318816' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map((row) =>
        within(row)
          .getAllByRole('cell')
          .slice(1)
          .map((cell) => cell.textContent),
      ),
    ).toEqual([
      ['Moved from another partition to Mexico', 'admin@example.com', 'Marketo and console audit'],
      ['Moved from Mexico to another partition', 'Outside the console', 'Marketo'],
      ['Created in Mexico', 'Outside the console', 'Marketo'],
    ]);
    expect(historyPaths(api.calls).map((call) => call.path)).toEqual(['/api/leads/318816/history']);
  });

  it('says when there is nothing to show, and when older changes may be missing', async () => {
    fakeApi({ 'GET /api/leads/:id/history': { ...history, events: [], complete: false } });
    const { user } = renderPage(<LeadHistorySection leadId={318816} />);
    await user.click(screen.getByRole('button', { name: 'History' }));
    expect(await screen.findByText(/^No partition changes since /)).toBeInTheDocument();
    expect(
      screen.getByText('Older changes may be missing: the history stopped at its limit.'),
    ).toBeInTheDocument();
  });

  it('shows an error it can retry', async () => {
    let fail = true;
    fakeApi({
      'GET /api/leads/:id/history': () =>
        fail
          ? new ErrorReply(503, { code: 'upstream_unavailable', message: 'Marketo is unreachable.' })
          : history,
    });
    const { user } = renderPage(<LeadHistorySection leadId={318816} />);
    await user.click(screen.getByRole('button', { name: 'History' }));
    const retry = await screen.findByRole('button', { name: /try again|retry/i });
    fail = false;
    await user.click(retry);
    expect(
      await screen.findByRole('table', { name: 'Partition history of lead 318816' }),
    ).toBeInTheDocument();
  });
});

describe('the lead page', () => {
  it('costs one proxy call until History is opened', async () => {
    const api = fakeApi({
      'GET /api/partitions': { partitions },
      'GET /api/leads/:id': { lead: aLead() },
      'GET /api/leads/:id/history': history,
    });
    const { user } = renderPage(<LeadDetails id={318816} onMove={() => {}} />);
    expect(await screen.findByRole('heading', { name: 'Lead 318816', level: 1 })).toBeInTheDocument();
    expect(historyPaths(api.calls)).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'History' }));
    expect(await screen.findByText('Created in Mexico')).toBeInTheDocument();
    expect(historyPaths(api.calls)).toHaveLength(1);
  });
});
