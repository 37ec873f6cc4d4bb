import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { LeadWriteResponse } from '../../../server/contract/leads';
import { fakeApi } from '../../testing/fake-api';
import { partitions } from '../../testing/fixtures';
import { renderPage } from '../../testing/render';
import { LeadForm } from './lead-form';
import { createDefaults } from './lead-form-values';

describe('LeadForm saving', () => {
  it('sends one write for two clicks on Save that arrive before React re-renders the button', async () => {
    let answer: (value: LeadWriteResponse) => void = () => {};
    const api = fakeApi({
      'GET /api/partitions': { partitions },
      'GET /api/fields': { fields: [] },
      'POST /api/leads': () => new Promise<LeadWriteResponse>((resolve) => (answer = resolve)),
    });
    const { user } = renderPage(<LeadForm values={createDefaults('Mexico')} />);
    await user.type(screen.getByLabelText('Email'), 'ana@example.mx');
    const save = screen.getByRole('button', { name: 'Save' });
    // Both in one act: React renders only afterwards, so the second click still finds the button enabled.
    act(() => {
      save.click();
      save.click();
    });
    expect(await screen.findByRole('button', { name: 'Saving…' })).toBeDisabled();
    answer({ results: [{ index: 0, id: 1, status: 'created' }] });
    expect(await screen.findByText('Created')).toBeInTheDocument();

    expect(api.calls.filter((call) => call.method === 'POST')).toHaveLength(1);
  });
});
