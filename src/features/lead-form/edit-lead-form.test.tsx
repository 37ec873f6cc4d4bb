import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../../testing/fake-api';
import { aLead, partitions } from '../../testing/fixtures';
import { renderPage } from '../../testing/render';
import { EditLeadForm } from './edit-lead-form';

describe('EditLeadForm', () => {
  it('shows the lead id read-only and the lead’s partition, and updates that lead by id', async () => {
    const api = fakeApi({
      'GET /api/partitions': { partitions },
      'GET /api/fields': { fields: [] },
      'GET /api/leads/:id': { lead: aLead({ id: 318823, partition: { id: 3, name: 'Canada' } }) },
      'POST /api/leads': { results: [{ index: 0, id: 318823, status: 'updated' }] },
    });
    const { user } = renderPage(<EditLeadForm id={318823} />);
    const id = await screen.findByLabelText('Lead id');
    expect(id).toHaveValue('318823');
    expect(id).toHaveAttribute('readonly');
    expect(screen.getByRole('combobox', { name: 'Partition' })).toHaveTextContent('Canada');
    expect(screen.getByRole('combobox', { name: 'Match existing leads by' })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
    expect(screen.queryByRole('button', { name: 'Add lead' })).not.toBeInTheDocument();

    await user.type(id, '5');
    await user.clear(screen.getByLabelText('First name'));
    await user.type(screen.getByLabelText('First name'), 'Anita');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.calls.filter((call) => call.method === 'POST')).toHaveLength(1));
    expect(api.calls.find((call) => call.method === 'POST')?.body).toEqual({
      action: 'updateOnly',
      lookupField: 'id',
      leads: [{ id: 318823, firstName: 'Anita' }],
    });
  });
});
