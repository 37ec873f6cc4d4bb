import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../testing/fake-api';
import { aSession, aStatus, partitions } from '../testing/fixtures';
import { renderRoutes } from '../testing/render';
import { routes } from './router';

describe('Signing out from a lead form with unsaved leads', () => {
  it('keeps the user signed in and on the form when they choose to stay; signs out when they leave', async () => {
    const api = fakeApi({
      'GET /api/status': aStatus(),
      'GET /api/partitions': { partitions },
      'GET /api/fields': { fields: [] },
      'DELETE /api/session': undefined,
    });
    const { user, router } = renderRoutes(routes, '/leads/new?partition=Mexico', {
      session: aSession('editor'),
    });
    const signOuts = () =>
      api.calls.filter((call) => call.method === 'DELETE' && call.path === '/api/session');
    await user.type(await screen.findByLabelText('Email'), 'ana@example.mx');
    const signOut = () =>
      user.click(within(screen.getByRole('banner')).getByRole('button', { name: 'Sign out' }));

    await signOut();
    await user.click(await screen.findByRole('button', { name: 'Stay on the form' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByLabelText('Email')).toHaveValue('ana@example.mx');
    expect(router.state.location.pathname).toBe('/leads/new');
    expect(within(screen.getByRole('banner')).getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
    expect(signOuts()).toHaveLength(0);

    await signOut();
    await user.click(await screen.findByRole('button', { name: 'Leave' }));
    expect(await screen.findByRole('heading', { name: 'Sign in', level: 1 })).toBeInTheDocument();
    await waitFor(() => expect(signOuts()).toHaveLength(1));
  });
});
