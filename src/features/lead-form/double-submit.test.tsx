import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { LeadWriteResponse } from '../../../server/contract/leads';
import { fakeApi } from '../../testing/fake-api';
import { partitions } from '../../testing/fixtures';
import { renderPage } from '../../testing/render';
import { LeadForm } from './lead-form';
import { createDefaults } from './lead-form-values';

describe('LeadForm saving', () => {
  it('sends one write for a double click on Save, with an idempotency key', async () => {
    let answer: (value: LeadWriteResponse) => void = () => {};
    const api = fakeApi({
      'GET /api/partitions': { partitions },
      'GET /api/fields': { fields: [] },
      'POST /api/leads': () => new Promise<LeadWriteResponse>((resolve) => (answer = resolve)),
    });
    const { user } = renderPage(<LeadForm values={createDefaults('Mexico')} />);
    await user.type(screen.getByLabelText('Email'), 'ana@example.mx');
    await user.dblClick(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('button', { name: 'Saving…' })).toBeDisabled();
    answer({ results: [{ index: 0, id: 1, status: 'created' }] });
    expect(await screen.findByText('Created')).toBeInTheDocument();

    const posts = api.calls.filter((call) => call.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.headers.get('Idempotency-Key')).toMatch(/^[\x20-\x7e]{1,200}$/);
  });

  it('gives each new save its own key', async () => {
    const api = fakeApi({
      'GET /api/partitions': { partitions },
      'GET /api/fields': { fields: [] },
      'POST /api/leads': { results: [{ index: 0, id: 1, status: 'created' }] },
    });
    const { user } = renderPage(<LeadForm values={createDefaults('Mexico')} />);
    await user.type(screen.getByLabelText('Email'), 'ana@example.mx');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Created');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    const posts = () => api.calls.filter((call) => call.method === 'POST');
    await waitFor(() => expect(posts()).toHaveLength(2));
    const keys = posts().map((call) => call.headers.get('Idempotency-Key'));
    expect(keys[0]).not.toBe(keys[1]);
  });
});
