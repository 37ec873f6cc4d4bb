import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ErrorReply, fakeApi } from '../testing/fake-api';
import type { Handlers } from '../testing/fake-api';
import { aLead, aStatus, partitions } from '../testing/fixtures';
import { renderRoutes } from '../testing/render';
import { routes } from './router';

function renderApp(url: string, handlers: Handlers = {}) {
  const api = fakeApi({
    'GET /api/status': aStatus(),
    'GET /api/partitions': { partitions },
    'GET /api/fields': { fields: [] },
    ...handlers,
  });
  return { ...renderRoutes(routes, url), api };
}

describe('App shell', () => {
  it('redirects / to the partitions page and shows the instance with an Emulator badge', async () => {
    const { router } = renderApp('/');
    expect(await screen.findByRole('heading', { name: 'Partitions', level: 1 })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/partitions');
    expect(await screen.findByText('Instance: 123-ABC-456')).toBeInTheDocument();
    expect(screen.getByText('Emulator')).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Partitions' })).toHaveAttribute('aria-current', 'page');
    expect(within(nav).getByRole('link', { name: 'Leads' })).toHaveAttribute('href', '/leads/new');
    expect(within(nav).getByRole('link', { name: 'Look up' })).toHaveAttribute('href', '/leads');
  });

  it('names the browser tab after each page', async () => {
    const { router } = renderApp('/partitions', { 'GET /api/leads/:id': { lead: aLead() } });
    await screen.findByRole('heading', { name: 'Partitions', level: 1 });
    await waitFor(() => expect(document.title).toBe('Partitions · Partition Console'));
    await router.navigate('/leads/318816');
    await screen.findByRole('heading', { name: 'Lead 318816', level: 1 });
    await waitFor(() => expect(document.title).toBe('Lead 318816 · Partition Console'));
    await router.navigate('/no/such/page');
    await screen.findByRole('heading', { name: 'Page not found', level: 1 });
    await waitFor(() => expect(document.title).toBe('Page not found · Partition Console'));
  });

  it('shows no Emulator badge against real Marketo, and warns when the daily quota is spent', async () => {
    const quotaResetsAt = '2026-11-30T06:00:00.000Z';
    renderApp('/partitions', {
      'GET /api/status': aStatus({
        mode: 'marketo',
        instance: '555-XYZ-000',
        usage: { callsToday: 50_000, dailyQuotaExhausted: true, quotaResetsAt },
      }),
    });
    expect(await screen.findByText('Instance: 555-XYZ-000')).toBeInTheDocument();
    expect(screen.queryByText('Emulator')).not.toBeInTheDocument();
    const localHour = new Date(quotaResetsAt).toLocaleTimeString(undefined, {
      hour: 'numeric',
      minute: '2-digit',
    });
    expect(screen.getByRole('alert')).toHaveTextContent(/quota is used up\. It resets at/);
    expect(screen.getByRole('alert')).toHaveTextContent(localHour);
  });

  it('opens a deep link to a lead, with its partition by name', async () => {
    renderApp('/leads/318816', { 'GET /api/leads/:id': { lead: aLead() } });
    expect(await screen.findByRole('heading', { name: 'Lead 318816', level: 1 })).toBeInTheDocument();
    expect(await screen.findByText('Partition: Mexico (id 2)')).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Look up' })).toHaveAttribute('aria-current', 'page');
  });

  it('says so for a lead id that cannot exist', async () => {
    renderApp('/leads/abc');
    expect(await screen.findByRole('heading', { name: 'No lead with id abc' })).toBeInTheDocument();
  });

  it('opens the form with the partition from "Create lead here"', async () => {
    renderApp('/leads/new?partition=Canada');
    expect(
      await screen.findByRole('heading', { name: 'Create or update leads', level: 1 }),
    ).toBeInTheDocument();
    expect(await screen.findByRole('combobox', { name: 'Partition' })).toHaveTextContent('Canada');
  });

  it('edits a lead by id: update only, prefilled, and sends the id', async () => {
    const { api, user } = renderApp('/leads/new?mode=update&id=318816', {
      'GET /api/leads/:id': { lead: aLead() },
      'POST /api/leads': { results: [{ index: 0, id: 318816, status: 'updated' }] },
    });
    expect(await screen.findByRole('heading', { name: 'Edit lead 318816' })).toBeInTheDocument();
    expect(await screen.findByLabelText('Lead id')).toHaveValue('318816');
    expect(screen.getByRole('combobox', { name: 'Action' })).toHaveTextContent('Update only');
    expect(screen.getByLabelText('First name')).toHaveValue('Ana');
    await user.type(screen.getByLabelText('Title'), 'CMO');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Updated')).toBeInTheDocument();
    expect(api.calls.find((call) => call.method === 'POST')?.body).toEqual({
      action: 'updateOnly',
      lookupField: 'id',
      // Only what changed, with the id to find the lead.
      leads: [{ id: 318816, title: 'CMO' }],
    });
  });

  it('clears a prefilled field the user empties when editing, by sending null', async () => {
    const lead = aLead({ fields: { email: 'ana@example.mx', firstName: 'Ana', title: 'CFO' } });
    const { api, user } = renderApp('/leads/new?mode=update&id=318816', {
      'GET /api/leads/:id': { lead },
      'POST /api/leads': { results: [{ index: 0, id: 318816, status: 'updated' }] },
    });
    await user.clear(await screen.findByLabelText('Title'));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Updated')).toBeInTheDocument();
    expect(api.calls.find((call) => call.method === 'POST')?.body).toEqual({
      action: 'updateOnly',
      lookupField: 'id',
      // Inputs that were empty from the start (last name) stay out: only what the user emptied is cleared.
      leads: [{ id: 318816, title: null }],
    });
  });

  it('looks a lead up by email from the search box and lists matches across partitions', async () => {
    const { user, router } = renderApp('/leads', {
      'GET /api/leads': { leads: [aLead({ id: 7 }), aLead({ id: 8, partition: { id: 3, name: 'Canada' } })] },
    });
    await user.type(await screen.findByLabelText('Lead id or email'), 'ana@example.mx{Enter}');
    expect(await screen.findByRole('table', { name: 'Leads with email ana@example.mx' })).toBeInTheDocument();
    expect(router.state.location.search).toBe('?email=ana%40example.mx');
    expect(screen.getByText('Canada (id 3)')).toBeInTheDocument();
  });

  it('moves a lead that lives elsewhere (1010) from the results, then says where it lives now', async () => {
    let partition = { id: 3, name: 'Canada' };
    const { api, user } = renderApp('/leads/new?partition=Mexico', {
      'POST /api/leads': {
        results: [
          {
            index: 0,
            status: 'skipped',
            reasons: [{ code: '1010', message: 'Partition update not allowed' }],
          },
        ],
      },
      'GET /api/leads': () => ({ leads: [aLead({ id: 41, partition })] }),
      'POST /api/leads/partition': ({ body }) => {
        partition = { id: 2, name: 'Mexico' };
        expect(body).toEqual({ ids: [41], partitionName: 'Mexico' });
        return { results: [{ id: 41, status: 'updated' }] };
      },
    });
    await user.type(await screen.findByLabelText('Email'), 'ana@example.mx');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('This lead already lives in partition Canada.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Move it to Mexico' }));
    const dialog = await screen.findByRole('dialog', { name: 'Move lead 41' });
    await user.click(within(dialog).getByRole('button', { name: 'Move' }));
    expect(await within(dialog).findByText('Lead 41 now lives in Mexico.')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(
      await screen.findByText('This lead now lives in partition Mexico. Save again to update it.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Move it to Mexico' })).not.toBeInTheDocument();
    expect(api.calls.filter((call) => call.path === '/api/leads/partition')).toHaveLength(1);
  });

  it('shows the quota banner as soon as a save hits the spent daily quota', async () => {
    const quotaResetsAt = '2026-11-30T06:00:00.000Z';
    let spent = false;
    const { user } = renderApp('/leads/new?partition=Mexico', {
      'GET /api/status': () =>
        aStatus({ usage: { callsToday: 50_000, dailyQuotaExhausted: spent, quotaResetsAt } }),
      'POST /api/leads': () => {
        spent = true;
        return new ErrorReply(429, {
          code: 'quota_exhausted',
          message: 'Daily quota reached',
          retryAt: quotaResetsAt,
        });
      },
    });
    await user.type(await screen.findByLabelText('Email'), 'ana@example.mx');
    expect(screen.queryByText(/quota is used up\. It resets at/)).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getAllByText(/quota is used up/)).toHaveLength(2));
  });

  it('moves a lead from its page after confirmation, then shows its new partition', async () => {
    let partition = { id: 2, name: 'Mexico' };
    const { user } = renderApp('/leads/318816', {
      'GET /api/leads/:id': () => ({ lead: aLead({ partition }) }),
      'POST /api/leads/partition': () => {
        partition = { id: 3, name: 'Canada' };
        return { results: [{ id: 318816, status: 'updated' }] };
      },
    });
    await user.click(await screen.findByRole('button', { name: 'Move to partition…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Move lead 318816' });
    await user.click(within(dialog).getByRole('combobox', { name: 'Move to partition' }));
    const options = await screen.findAllByRole('option');
    expect(options.map((option) => option.textContent)).toEqual(['Default', 'Canada']);
    await user.click(screen.getByRole('option', { name: 'Canada' }));
    expect(within(dialog).getByText('Move lead 318816 from Mexico to Canada?')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Move' }));
    expect(await within(dialog).findByText('Lead 318816 now lives in Canada.')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(await screen.findByText('Partition: Canada (id 3)')).toBeInTheDocument();
  });
});
