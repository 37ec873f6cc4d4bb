import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../../testing/fake-api';
import { partitions } from '../../testing/fixtures';
import { renderPage } from '../../testing/render';
import { LeadForm } from './lead-form';
import { createDefaults } from './lead-form-values';

describe('LeadForm: the Idempotency-Key of a Save', () => {
  it('is the same when Save is pressed again after no answer came, new after one did', async () => {
    let connectionDown = true;
    const api = fakeApi({
      'GET /api/partitions': { partitions },
      'GET /api/fields': { fields: [] },
      'POST /api/leads': () => {
        // What fetch does when the connection drops: no HTTP answer at all.
        if (connectionDown) throw new TypeError('Failed to fetch');
        return { results: [{ index: 0, id: 1, status: 'updated' }] };
      },
    });
    const { user } = renderPage(<LeadForm values={createDefaults('Mexico')} />);
    const keys = () =>
      api.calls.filter((call) => call.method === 'POST').map((call) => call.headers.get('Idempotency-Key'));
    await user.type(screen.getByLabelText('Email'), 'ana@example.mx');

    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/could not reach/i)).toBeInTheDocument();
    connectionDown = false;
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Updated')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(keys()).toHaveLength(3));

    const [lost, repeated, afterAnswer] = keys();
    expect(lost).toMatch(/^[\x20-\x7e]{1,200}$/);
    expect(repeated).toBe(lost);
    expect(afterAnswer).not.toBe(repeated);
  });
});
