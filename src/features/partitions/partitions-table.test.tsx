import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { partitionQueries } from '../../api/partitions';
import { ErrorReply, fakeApi } from '../../testing/fake-api';
import { partitions } from '../../testing/fixtures';
import { renderPage } from '../../testing/render';
import { PartitionsTable } from './partitions-table';
import { RefreshPartitionsButton } from './refresh-partitions-button';

describe('PartitionsTable', () => {
  it('lists id, name and description, with a create link per partition', async () => {
    fakeApi({ 'GET /api/partitions': { partitions } });
    renderPage(<PartitionsTable />);
    expect(screen.getByRole('status', { name: 'Loading partitions' })).toBeInTheDocument();
    const grid = await screen.findByRole('grid', { name: 'Partitions' });
    const row = within(grid).getByRole('row', { name: /Mexico/ });
    expect(within(row).getByText('Leads in Mexico')).toBeInTheDocument();
    expect(within(row).getByText('2')).toBeInTheDocument();
    expect(within(row).getByRole('link', { name: 'Create lead here in Mexico' })).toHaveAttribute(
      'href',
      '/leads/new?partition=Mexico',
    );
  });

  it('filters rows with the quick filter', async () => {
    fakeApi({ 'GET /api/partitions': { partitions } });
    const { user } = renderPage(<PartitionsTable />);
    const grid = await screen.findByRole('grid', { name: 'Partitions' });
    await user.type(screen.getByRole('searchbox'), 'canada');
    await expect.poll(() => within(grid).queryByRole('row', { name: /Mexico/ })).toBeNull();
    expect(within(grid).getByRole('row', { name: /Canada/ })).toBeInTheDocument();
  });

  it('copies a partition id', async () => {
    fakeApi({ 'GET /api/partitions': { partitions } });
    const { user } = renderPage(<PartitionsTable />);
    await user.click(await screen.findByRole('button', { name: 'Copy id of Canada' }));
    expect(await navigator.clipboard.readText()).toBe('3');
    expect(await screen.findByText('Copied id 3 of Canada')).toBeInTheDocument();
  });

  it('says so when there are no partitions', async () => {
    fakeApi({ 'GET /api/partitions': { partitions: [] } });
    renderPage(<PartitionsTable />);
    expect(await screen.findByRole('heading', { name: 'No partitions yet' })).toBeInTheDocument();
  });

  it('shows an error in words and retries on request', async () => {
    let attempts = 0;
    fakeApi({
      'GET /api/partitions': () =>
        ++attempts === 1
          ? new ErrorReply(503, { code: 'upstream_unavailable', message: 'Marketo did not answer' })
          : { partitions },
    });
    const { user } = renderPage(<PartitionsTable />);
    expect(await screen.findByText('Marketo cannot be reached')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('grid', { name: 'Partitions' })).toBeInTheDocument();
    expect(attempts).toBe(2);
  });

  it('refreshes from Marketo past the proxy cache', async () => {
    const api = fakeApi({
      'GET /api/partitions': ({ url }) =>
        url.searchParams.get('refresh') === '1'
          ? { partitions: [...partitions, { id: 4, name: 'Brazil', description: 'New' }] }
          : { partitions },
    });
    const { user } = renderPage(
      <>
        <RefreshPartitionsButton />
        <PartitionsTable />
      </>,
    );
    const grid = await screen.findByRole('grid', { name: 'Partitions' });
    expect(within(grid).queryByRole('row', { name: /Brazil/ })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Refresh from Marketo' }));
    expect(await within(grid).findByRole('row', { name: /Brazil/ })).toBeInTheDocument();
    expect(api.calls.map((call) => call.url.search)).toEqual(['', '?refresh=1']);
  });

  it('keeps the list on screen when a background refresh fails', async () => {
    let attempts = 0;
    fakeApi({
      'GET /api/partitions': () =>
        ++attempts === 1
          ? { partitions }
          : new ErrorReply(503, { code: 'upstream_unavailable', message: 'Marketo did not answer' }),
    });
    const { queryClient } = renderPage(<PartitionsTable />);
    const grid = await screen.findByRole('grid', { name: 'Partitions' });
    await queryClient.refetchQueries();
    await waitFor(() =>
      expect(queryClient.getQueryState(partitionQueries.list().queryKey)?.status).toBe('error'),
    );
    expect(attempts).toBe(2);
    expect(grid).toBeInTheDocument();
    expect(screen.queryByText('Marketo cannot be reached')).not.toBeInTheDocument();
  });
});
