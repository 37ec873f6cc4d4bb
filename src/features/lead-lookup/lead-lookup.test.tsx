import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ErrorReply, fakeApi } from '../../testing/fake-api';
import { aLead, partitions } from '../../testing/fixtures';
import { fieldQueries } from '../../api/fields';
import { partitionQueries } from '../../api/partitions';
import { createTestQueryClient, renderPage } from '../../testing/render';
import { LeadDetails } from './lead-details';
import { LeadLookupForm } from './lead-lookup-form';
import { LeadSearchResults } from './lead-search-results';

describe('LeadDetails', () => {
  it('shows the partition by name and id, resolved from the partitions list', async () => {
    fakeApi({
      'GET /api/partitions': { partitions },
      'GET /api/leads/:id': ({ params }) => ({
        lead: aLead({ id: Number(params.id), partition: { id: 3, name: null } }),
      }),
    });
    renderPage(<LeadDetails id={318816} onMove={() => {}} />);
    expect(await screen.findByRole('heading', { name: 'Lead 318816', level: 1 })).toBeInTheDocument();
    expect(await screen.findByText('Partition: Canada (id 3)')).toBeInTheDocument();
    const fields = screen.getByRole('table', { name: 'Fields of lead 318816' });
    expect(within(fields).getByRole('row', { name: 'firstName Ana' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Edit' })).toHaveAttribute(
      'href',
      '/leads/new?mode=update&id=318816',
    );
    expect(screen.getByRole('link', { name: 'All leads with this email' })).toHaveAttribute(
      'href',
      '/leads?email=ana%40example.mx',
    );
  });

  it('shows display names even when opened directly, before any form loaded the fields', async () => {
    fakeApi({
      'GET /api/partitions': { partitions },
      'GET /api/fields': {
        fields: [{ name: 'firstName', displayName: 'First Name', dataType: 'string', readOnly: false }],
      },
      'GET /api/leads/:id': { lead: aLead() },
    });
    renderPage(<LeadDetails id={318816} onMove={() => {}} />);
    const fields = await screen.findByRole('table', { name: 'Fields of lead 318816' });
    expect(await within(fields).findByRole('row', { name: 'First Name Ana' })).toBeInTheDocument();
  });

  it('costs one proxy call when the partitions and fields were fetched earlier in the session', async () => {
    const api = fakeApi({ 'GET /api/partitions': { partitions }, 'GET /api/leads/:id': { lead: aLead() } });
    const queryClient = createTestQueryClient();
    // Fetched ten minutes ago, e.g. on the partitions page: still fresh for a list that rarely changes.
    queryClient.setQueryData(partitionQueries.list().queryKey, partitions, {
      updatedAt: Date.now() - 10 * 60_000,
    });
    // The lookup page fetches the fields ahead (see the LeadLookupPage test).
    queryClient.setQueryData(fieldQueries.list().queryKey, [], { updatedAt: Date.now() - 10 * 60_000 });
    renderPage(<LeadDetails id={318816} onMove={() => {}} />, { queryClient });
    expect(await screen.findByText('Partition: Mexico (id 2)')).toBeInTheDocument();
    expect(api.calls.map((call) => call.path)).toEqual(['/api/leads/318816']);
  });

  it('says plainly when no lead has that id', async () => {
    fakeApi({
      'GET /api/partitions': { partitions },
      'GET /api/leads/:id': new ErrorReply(404, { code: 'not_found', message: 'Lead 42 not found' }),
    });
    renderPage(<LeadDetails id={42} onMove={() => {}} />);
    expect(await screen.findByRole('heading', { name: 'No lead with id 42' })).toBeInTheDocument();
  });

  it('offers the move action for the lead', async () => {
    fakeApi({ 'GET /api/partitions': { partitions }, 'GET /api/leads/:id': { lead: aLead() } });
    const onMove = vi.fn();
    const { user } = renderPage(<LeadDetails id={318816} onMove={onMove} />);
    await user.click(await screen.findByRole('button', { name: 'Move to partition…' }));
    expect(onMove).toHaveBeenCalledWith({ leadId: 318816, currentPartition: 'Mexico' });
  });
});

describe('LeadSearchResults', () => {
  it('lists every lead with the email, each with its partition', async () => {
    const api = fakeApi({
      'GET /api/partitions': { partitions },
      'GET /api/leads': {
        leads: [aLead({ id: 7 }), aLead({ id: 8, partition: { id: 3, name: 'Canada' } })],
      },
    });
    renderPage(<LeadSearchResults email="ana@example.mx" />);
    const table = await screen.findByRole('table', { name: 'Leads with email ana@example.mx' });
    expect(
      within(table).getByRole('row', { name: /^Select lead 7 7 Ana López ana@example.mx Mexico \(id 2\)$/ }),
    ).toBeInTheDocument();
    expect(
      within(table).getByRole('row', { name: /^Select lead 8 8 .* Canada \(id 3\)$/ }),
    ).toBeInTheDocument();
    expect(within(table).getByRole('link', { name: '8' })).toHaveAttribute('href', '/leads/8');
    expect(api.calls.find((call) => call.path === '/api/leads')?.url.searchParams.get('email')).toBe(
      'ana@example.mx',
    );
  });

  it('says when nobody has that email', async () => {
    fakeApi({ 'GET /api/partitions': { partitions }, 'GET /api/leads': { leads: [] } });
    renderPage(<LeadSearchResults email="nobody@example.com" />);
    expect(await screen.findByText('No lead has the email nobody@example.com.')).toBeInTheDocument();
  });
});

describe('LeadLookupForm', () => {
  it('tells an id from an email and refuses anything else', async () => {
    const onLookup = vi.fn();
    const { user } = renderPage(<LeadLookupForm onLookup={onLookup} />);
    const box = screen.getByLabelText('Lead id or email');
    await user.type(box, '318816{Enter}');
    expect(onLookup).toHaveBeenLastCalledWith({ id: 318816 });
    await user.clear(box);
    await user.type(box, ' ana@example.mx {Enter}');
    expect(onLookup).toHaveBeenLastCalledWith({ email: 'ana@example.mx' });
    await user.clear(box);
    await user.type(box, 'ana{Enter}');
    expect(await screen.findByText('Enter a lead id (digits only) or an email address')).toBeInTheDocument();
    expect(onLookup).toHaveBeenCalledTimes(2);
  });
});
