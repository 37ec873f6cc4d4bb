import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ErrorReply, fakeApi } from '../../testing/fake-api';
import { partitions } from '../../testing/fixtures';
import { renderPage } from '../../testing/render';
import { MoveLeadDialog } from './move-lead-dialog';

describe('MoveLeadDialog', () => {
  it('asks first, then moves the lead and says where it lives now', async () => {
    const api = fakeApi({
      'GET /api/partitions': { partitions },
      'POST /api/leads/partition': { results: [{ id: 41, status: 'updated' }] },
    });
    const onClose = vi.fn();
    const { user } = renderPage(
      <MoveLeadDialog leadId={41} currentPartition="Canada" initialTarget="Mexico" onClose={onClose} />,
    );
    const dialog = await screen.findByRole('dialog', { name: 'Move lead 41' });
    expect(within(dialog).getByText('Move lead 41 from Canada to Mexico?')).toBeInTheDocument();
    expect(api.calls.filter((call) => call.method === 'POST')).toHaveLength(0);

    await user.click(within(dialog).getByRole('button', { name: 'Move' }));
    expect(await within(dialog).findByText('Lead 41 now lives in Mexico.')).toBeInTheDocument();
    expect(api.calls.find((call) => call.method === 'POST')?.body).toEqual({
      ids: [41],
      partitionName: 'Mexico',
    });
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalled();
  });

  it('lets the user choose the partition, leaving out the current one', async () => {
    fakeApi({ 'GET /api/partitions': { partitions } });
    const { user } = renderPage(<MoveLeadDialog leadId={7} currentPartition="Mexico" onClose={() => {}} />);
    const dialog = await screen.findByRole('dialog', { name: 'Move lead 7' });
    expect(within(dialog).getByRole('button', { name: 'Move' })).toBeDisabled();
    await user.click(within(dialog).getByRole('combobox', { name: 'Move to partition' }));
    const options = await screen.findAllByRole('option');
    expect(options.map((option) => option.textContent)).toEqual(['Default', 'Canada']);
  });

  it('explains a refused move and a failed call', async () => {
    let call = 0;
    fakeApi({
      'GET /api/partitions': { partitions },
      'POST /api/leads/partition': () =>
        ++call === 1
          ? new ErrorReply(503, { code: 'upstream_unavailable', message: 'Marketo is down' })
          : {
              results: [
                {
                  id: 7,
                  status: 'skipped',
                  reasons: [{ code: '1008', message: "Access denied to partition 'Canada'" }],
                },
              ],
            },
    });
    const { user } = renderPage(<MoveLeadDialog leadId={7} initialTarget="Canada" onClose={() => {}} />);
    const dialog = await screen.findByRole('dialog', { name: 'Move lead 7' });
    await user.click(within(dialog).getByRole('button', { name: 'Move' }));
    expect(await within(dialog).findByText('Marketo cannot be reached')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Move' }));
    expect(
      await within(dialog).findByText('Lead 7 was not moved. You have no access to that partition.'),
    ).toBeInTheDocument();
  });
});
