import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { User } from '../../../server/contract/access';
import { ErrorReply, fakeApi } from '../../testing/fake-api';
import type { Handlers } from '../../testing/fake-api';
import { aSession, aUser, partitions } from '../../testing/fixtures';
import { renderPage } from '../../testing/render';
import { UsersAdmin } from './users-admin';

const ana = aUser({ id: 7, name: 'Ana López', email: 'ana@example.com', role: 'editor', partitions: [2, 3] });
const boss = aUser({ id: 1, name: 'Bo Admin', email: 'bo@example.com', role: 'admin', partitions: 'all' });
const gone = aUser({
  id: 9,
  name: 'Cy Gone',
  email: 'cy@example.com',
  role: 'viewer',
  disabled: true,
  lastSignInAt: null,
});

function setup(handlers: Handlers = {}, users: User[] = [ana, boss, gone]) {
  const api = fakeApi({ 'GET /api/partitions': { partitions }, 'GET /api/users': { users }, ...handlers });
  const view = renderPage(<UsersAdmin />, { session: aSession('admin', { id: 1 }) });
  const sent = (method: string) => api.calls.filter((call) => call.method === method);
  return { ...view, api, sent };
}

describe('Users page', () => {
  it('lists each user with role, partitions by name, status and last sign-in', async () => {
    setup();
    const table = await screen.findByRole('table', { name: 'Users' });
    const anaRow = within(table).getByRole('row', { name: /ana@example\.com/ });
    expect(anaRow).toHaveTextContent('Editor');
    await waitFor(() => expect(anaRow).toHaveTextContent('Mexico, Canada'));
    expect(anaRow).toHaveTextContent('Active');
    expect(within(table).getByRole('row', { name: /bo@example\.com/ })).toHaveTextContent('All partitions');
    const cyRow = within(table).getByRole('row', { name: /cy@example\.com/ });
    expect(cyRow).toHaveTextContent('Disabled');
    expect(cyRow).toHaveTextContent('Never');
  });

  it('adds a user with chosen partitions, sending the contract body, and says so', async () => {
    const { user, sent } = setup({
      'POST /api/users': ({ body }) => ({ user: aUser({ id: 12, ...(body as Partial<User>) }) }),
    });
    await user.click(await screen.findByRole('button', { name: 'Add user' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add user' });
    await user.type(within(dialog).getByLabelText('Email'), 'Dee@Example.com');
    await user.type(within(dialog).getByLabelText('Name'), 'Dee Díaz');
    await user.click(within(dialog).getByRole('combobox', { name: 'Role' }));
    await user.click(await screen.findByRole('option', { name: /^Viewer/ }));
    await user.click(within(dialog).getByRole('combobox', { name: 'Partitions' }));
    await user.click(await screen.findByRole('option', { name: 'Mexico' }));
    await user.click(screen.getByRole('option', { name: 'Canada' }));
    await user.keyboard('{Escape}');
    await user.type(within(dialog).getByLabelText('Initial password'), 'a long enough password');
    await user.click(within(dialog).getByRole('button', { name: 'Add user' }));

    expect(await screen.findByText('Added Dee Díaz (dee@example.com)')).toBeInTheDocument();
    expect(sent('POST')[0]?.body).toEqual({
      email: 'dee@example.com',
      name: 'Dee Díaz',
      role: 'viewer',
      partitions: [2, 3],
      password: 'a long enough password',
    });
    expect(screen.queryByRole('dialog', { name: 'Add user' })).not.toBeInTheDocument();
  });

  it('checks the contract rules before sending, and grants all partitions with the switch', async () => {
    const { user, sent } = setup({ 'POST /api/users': { user: ana } });
    await user.click(await screen.findByRole('button', { name: 'Add user' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add user' });
    await user.type(within(dialog).getByLabelText('Email'), 'not-an-email');
    await user.type(within(dialog).getByLabelText('Initial password'), 'short');
    await user.click(within(dialog).getByRole('button', { name: 'Add user' }));
    expect(await within(dialog).findByText('At least 12 characters')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Email')).toHaveAccessibleDescription('Not a valid email address');
    expect(within(dialog).getByLabelText('Name')).toHaveAccessibleDescription('Enter a name');
    expect(sent('POST')).toHaveLength(0);

    await user.clear(within(dialog).getByLabelText('Email'));
    await user.type(within(dialog).getByLabelText('Email'), 'dee@example.com');
    await user.type(within(dialog).getByLabelText('Name'), 'Dee');
    await user.type(within(dialog).getByLabelText('Initial password'), ' and then some');
    await user.click(within(dialog).getByRole('switch', { name: 'All partitions' }));
    expect(within(dialog).queryByRole('combobox', { name: 'Partitions' })).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Add user' }));
    await waitFor(() => expect(sent('POST')).toHaveLength(1));
    expect(sent('POST')[0]?.body).toMatchObject({ role: 'editor', partitions: 'all' });
  });

  it('shows the server’s objection to a duplicate email under the Email input', async () => {
    const { user } = setup({
      'POST /api/users': new ErrorReply(400, {
        code: 'bad_request',
        message: 'Some values are not valid',
        details: [{ path: 'email', message: 'A user with this email already exists' }],
      }),
    });
    await user.click(await screen.findByRole('button', { name: 'Add user' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add user' });
    await user.type(within(dialog).getByLabelText('Email'), 'ana@example.com');
    await user.type(within(dialog).getByLabelText('Name'), 'Ana again');
    await user.type(within(dialog).getByLabelText('Initial password'), 'a long enough password');
    await user.click(within(dialog).getByRole('button', { name: 'Add user' }));
    await waitFor(() =>
      expect(within(dialog).getByLabelText('Email')).toHaveAccessibleDescription(
        'A user with this email already exists',
      ),
    );
    expect(screen.getByRole('dialog', { name: 'Add user' })).toBeInTheDocument();
  });

  it('edits only what changed: role, partitions and disabling', async () => {
    const { user, sent } = setup({
      'PATCH /api/users/:id': ({ params, body }) => ({
        user: { ...ana, ...(body as Partial<User>), id: Number(params.id) },
      }),
    });
    await user.click(await screen.findByRole('button', { name: 'Edit ana@example.com' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit Ana López' });
    expect(within(dialog).getByLabelText('Name')).toHaveValue('Ana López');
    await user.click(within(dialog).getByRole('combobox', { name: 'Role' }));
    await user.click(await screen.findByRole('option', { name: /^Viewer/ }));
    await user.click(within(dialog).getByRole('combobox', { name: 'Partitions' }));
    await user.click(await screen.findByRole('option', { name: 'Canada' }));
    await user.keyboard('{Escape}');
    await user.click(within(dialog).getByRole('switch', { name: 'Disabled' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('Saved changes to Ana López')).toBeInTheDocument();
    expect(sent('PATCH')).toHaveLength(1);
    expect(sent('PATCH')[0]?.path).toBe('/api/users/7');
    expect(sent('PATCH')[0]?.body).toEqual({ role: 'viewer', partitions: [2], disabled: true });
  });

  it('sends nothing when nothing changed, and shows a refusal (the last admin) in words', async () => {
    const { user, sent } = setup({
      'PATCH /api/users/:id': new ErrorReply(400, {
        code: 'bad_request',
        message: 'The console needs at least one active admin',
      }),
    });
    await user.click(await screen.findByRole('button', { name: 'Edit bo@example.com' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit Bo Admin' });
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText('Change at least one thing')).toBeInTheDocument();
    expect(sent('PATCH')).toHaveLength(0);

    await user.click(within(dialog).getByRole('switch', { name: 'Disabled' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      await within(dialog).findByText('The console needs at least one active admin'),
    ).toBeInTheDocument();
    expect(sent('PATCH')[0]?.body).toEqual({ disabled: true });
  });

  it('resets a password', async () => {
    const { user, sent } = setup({ 'POST /api/users/:id/password': undefined });
    await user.click(await screen.findByRole('button', { name: 'Reset password for cy@example.com' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reset password for Cy Gone' });
    await user.type(within(dialog).getByLabelText('New password'), 'another long password');
    await user.click(within(dialog).getByRole('button', { name: 'Set password' }));
    expect(await screen.findByText('New password set for Cy Gone')).toBeInTheDocument();
    expect(sent('POST')[0]?.path).toBe('/api/users/9/password');
    expect(sent('POST')[0]?.body).toEqual({ password: 'another long password' });
  });
});
