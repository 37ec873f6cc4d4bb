import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../../testing/fake-api';
import { renderPage } from '../../testing/render';
import LeadLookupPage from './lead-lookup';

describe('LeadLookupPage', () => {
  it('fetches the fields catalogue ahead, so the lead page it leads to needs no call for it', async () => {
    const api = fakeApi({ 'GET /api/fields': { fields: [] } });
    renderPage(<LeadLookupPage />, { path: '/leads' });
    expect(await screen.findByRole('heading', { name: 'Look up a lead' })).toBeInTheDocument();
    await waitFor(() => expect(api.calls.map((call) => call.path)).toEqual(['/api/fields']));
  });
});
