import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../server/contract/access';
import { fakeApi } from '../testing/fake-api';
import { aLead, aSession, aStatus, partitions } from '../testing/fixtures';
import { renderRoutes } from '../testing/render';
import { routes } from './router';

function renderAs(role: Role, url: string) {
  const api = fakeApi({
    'GET /api/status': aStatus(),
    'GET /api/partitions': { partitions },
    'GET /api/fields': { fields: [] },
    'GET /api/leads/:id': { lead: aLead() },
    'GET /api/users': { users: [] },
  });
  return { ...renderRoutes(routes, url, { session: aSession(role) }), api };
}

const navLinks = () =>
  within(screen.getByRole('navigation', { name: 'Main' }))
    .getAllByRole('link')
    .map((link) => link.textContent);

describe('What each role is offered', () => {
  it('a viewer sees partitions without any way to create a lead, and no Leads entry', async () => {
    renderAs('viewer', '/partitions');
    const grid = await screen.findByRole('grid', { name: 'Partitions' });
    expect(within(grid).getByRole('row', { name: /Mexico/ })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Create lead here/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'New lead' })).not.toBeInTheDocument();
    expect(navLinks()).toEqual(['Partitions', 'Look up', 'Activity']);
  });

  it('a viewer sees a lead without Edit or Move', async () => {
    renderAs('viewer', '/leads/318816');
    expect(await screen.findByRole('heading', { name: 'Lead 318816', level: 1 })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'All leads with this email' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Edit' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Move to partition…' })).not.toBeInTheDocument();
  });

  it('a viewer who opens the lead form is told why there is none', async () => {
    renderAs('viewer', '/leads/new?partition=Mexico');
    expect(await screen.findByText('Your account can look leads up but not change them')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Look up leads' })).toHaveAttribute('href', '/leads');
  });

  it('an editor gets the write actions and Leads, but no Users', async () => {
    renderAs('editor', '/leads/318816');
    expect(await screen.findByRole('link', { name: 'Edit' })).toHaveAttribute(
      'href',
      '/leads/new?mode=update&id=318816',
    );
    expect(screen.getByRole('button', { name: 'Move to partition…' })).toBeInTheDocument();
    expect(navLinks()).toEqual(['Partitions', 'Leads', 'Import', 'Look up', 'Move leads', 'Activity']);
  });

  it('an admin also gets Users', async () => {
    renderAs('admin', '/admin/users');
    expect(await screen.findByRole('heading', { name: 'Users', level: 1 })).toBeInTheDocument();
    expect(navLinks()).toEqual([
      'Partitions',
      'Leads',
      'Import',
      'Look up',
      'Move leads',
      'Activity',
      'Users',
    ]);
    expect(
      within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'Users' }),
    ).toHaveAttribute('href', '/admin/users');
  });

  it('anyone else who opens the users page is told it is not for them', async () => {
    const { api } = renderAs('editor', '/admin/users');
    expect(await screen.findByText('Not allowed')).toBeInTheDocument();
    expect(screen.getByText(/Only admins can manage users/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add user' })).not.toBeInTheDocument();
    expect(api.calls.some((call) => call.path === '/api/users')).toBe(false);
  });
});
