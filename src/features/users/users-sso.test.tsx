import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../../testing/fake-api';
import { aSession, aUser, partitions } from '../../testing/fixtures';
import { renderPage } from '../../testing/render';
import { UsersAdmin } from './users-admin';

const fromSso = aUser({
  id: 8,
  email: 'mia@sso.example.com',
  name: 'Mia',
  role: 'editor',
  partitions: [2],
  ssoManaged: true,
});
const local = aUser({ id: 1, email: 'bo@example.com', name: 'Bo', role: 'admin', partitions: 'all' });

describe('Users page with single sign-on users', () => {
  it('marks them as managed by SSO, with no password to reset', async () => {
    fakeApi({ 'GET /api/partitions': { partitions }, 'GET /api/users': { users: [fromSso, local] } });
    renderPage(<UsersAdmin />, { session: aSession('admin', { id: 1 }) });
    const table = await screen.findByRole('table', { name: 'Users' });
    const miaRow = within(table).getByRole('row', { name: /mia@sso\.example\.com/ });
    expect(miaRow).toHaveTextContent('Managed by SSO');
    expect(within(miaRow).queryByRole('button', { name: /Reset password/ })).not.toBeInTheDocument();
    const boRow = within(table).getByRole('row', { name: /bo@example\.com/ });
    expect(boRow).not.toHaveTextContent('Managed by SSO');
    expect(within(boRow).getByRole('button', { name: /Reset password/ })).toBeInTheDocument();
  });

  it('shows role and partitions as set by the groups, not as inputs, and still allows disabling', async () => {
    const api = fakeApi({
      'GET /api/partitions': { partitions },
      'GET /api/users': { users: [fromSso, local] },
      'PATCH /api/users/:id': { user: { ...fromSso, disabled: true } },
    });
    const { user } = renderPage(<UsersAdmin />, { session: aSession('admin', { id: 1 }) });
    await user.click(await screen.findByRole('button', { name: 'Edit mia@sso.example.com' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit Mia' });
    expect(dialog).toHaveTextContent('Managed by single sign-on');
    expect(within(dialog).queryByRole('combobox', { name: 'Role' })).not.toBeInTheDocument();
    expect(within(dialog).queryByRole('combobox', { name: 'Partitions' })).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('switch', { name: 'Disabled' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.calls.filter((call) => call.method === 'PATCH')).toHaveLength(1));
    expect(api.calls.find((call) => call.method === 'PATCH')?.body).toEqual({ disabled: true });
  });
});
