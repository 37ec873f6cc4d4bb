import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { LeadWriteResponse } from '../../../server/contract/leads';
import { ErrorReply, fakeApi } from '../../testing/fake-api';
import type { Handlers } from '../../testing/fake-api';
import { aLead, partitions } from '../../testing/fixtures';
import { renderPage } from '../../testing/render';
import { LeadForm } from './lead-form';
import { createDefaults } from './lead-form-values';

const fields = [
  { name: 'email', displayName: 'Email Address', dataType: 'email', readOnly: false },
  { name: 'numberOfEmployees', displayName: 'Number of Employees', dataType: 'integer', readOnly: false },
  { name: 'unsubscribed', displayName: 'Unsubscribed', dataType: 'boolean', readOnly: false },
  { name: 'createdAt', displayName: 'Created At', dataType: 'datetime', readOnly: true },
];

function setup(handlers: Handlers = {}, partitionName = 'Mexico') {
  const api = fakeApi({ 'GET /api/partitions': { partitions }, 'GET /api/fields': { fields }, ...handlers });
  const onMoveLead = vi.fn();
  const view = renderPage(<LeadForm values={createDefaults(partitionName)} onMoveLead={onMoveLead} />);
  // By heading text, not getByRole: role queries over a whole MUI form are slow in jsdom.
  const lead = (n: number) => {
    const group = screen.getByText(`Lead ${n}`, { selector: 'h2' }).closest<HTMLElement>('[role="group"]');
    if (!group) throw new Error(`No group for Lead ${n}`);
    expect(group).toHaveAccessibleName(`Lead ${n}`);
    return within(group);
  };
  const posts = () => api.calls.filter((call) => call.method === 'POST');
  return { ...view, api, onMoveLead, lead, posts };
}

describe('LeadForm validation', () => {
  it('shows the contract rules inline and sends nothing', async () => {
    const { user, lead, posts } = setup({}, '');
    await user.type(lead(1).getByLabelText('Email'), 'ana@');
    await user.click(screen.getByRole('button', { name: 'Add lead' }));
    await user.type(lead(2).getByLabelText('First name'), 'Bea');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('Choose a partition')).toBeInTheDocument();
    expect(lead(1).getByLabelText('Email')).toHaveAccessibleDescription('Not a valid email address');
    expect(lead(1).getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
    expect(lead(2).getByLabelText('Email')).toHaveAccessibleDescription(
      'Enter an email: it identifies the lead',
    );
    expect(posts()).toHaveLength(0);
  });

  it('asks for at least one value on a lead that is only created', async () => {
    const { user, lead, posts } = setup();
    await user.click(screen.getByRole('combobox', { name: 'Action' }));
    await user.click(screen.getByRole('option', { name: 'Create only' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await lead(1).findByText('A lead needs at least one field')).toBeInTheDocument();
    expect(posts()).toHaveLength(0);
  });

  it('checks an added field against its data type, then sends it typed', async () => {
    const { user, lead, posts } = setup({
      'POST /api/leads': { results: [{ index: 0, id: 5, status: 'created' }] },
    });
    await user.type(lead(1).getByLabelText('Email'), 'ana@example.mx');
    await user.click(screen.getByRole('combobox', { name: 'Add field' }));
    await user.click(await screen.findByRole('option', { name: /Number of Employees/ }));
    expect(screen.queryByRole('option', { name: /Created At/ })).not.toBeInTheDocument();
    await user.type(lead(1).getByLabelText('Number of Employees'), '12.5');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await lead(1).findByText('Enter a whole number')).toBeInTheDocument();

    await user.clear(lead(1).getByLabelText('Number of Employees'));
    await user.type(lead(1).getByLabelText('Number of Employees'), '120');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(posts()).toHaveLength(1));
    expect(posts()[0]?.body).toMatchObject({ leads: [{ email: 'ana@example.mx', numberOfEmployees: 120 }] });
  });
});

describe('LeadForm submit', () => {
  it('creates two leads in one request and links each to its page', async () => {
    const response: LeadWriteResponse = {
      results: [
        { index: 0, id: 318816, status: 'created' },
        { index: 1, id: 318817, status: 'created' },
      ],
    };
    const { user, lead, posts } = setup({ 'POST /api/leads': response });
    await user.type(lead(1).getByLabelText('Email'), 'ana@example.mx');
    await user.type(lead(1).getByLabelText('First name'), 'Ana');
    await user.click(screen.getByRole('button', { name: 'Add lead' }));
    expect(lead(2).getByLabelText('Email')).toHaveFocus();
    await user.type(lead(2).getByLabelText('Email'), 'luis@example.mx');
    await user.type(lead(2).getByLabelText('Last name'), 'García');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const results = await screen.findByRole('region', { name: 'Results' });
    expect(posts()).toHaveLength(1);
    expect(posts()[0]?.body).toEqual({
      partitionName: 'Mexico',
      action: 'createOrUpdate',
      lookupField: 'email',
      leads: [
        { email: 'ana@example.mx', firstName: 'Ana' },
        { email: 'luis@example.mx', lastName: 'García' },
      ],
    });
    expect(within(results).getByRole('link', { name: 'Open lead 318816' })).toHaveAttribute(
      'href',
      '/leads/318816',
    );
    expect(within(results).getByRole('link', { name: 'Open lead 318817' })).toHaveAttribute(
      'href',
      '/leads/318817',
    );
    expect(within(results).getAllByText('Created')).toHaveLength(2);
  });

  it('keeps the button disabled while the request is in flight', async () => {
    let answer: (value: LeadWriteResponse) => void = () => {};
    const { user, lead } = setup({
      'POST /api/leads': () => new Promise<LeadWriteResponse>((resolve) => (answer = resolve)),
    });
    await user.type(lead(1).getByLabelText('Email'), 'ana@example.mx');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('button', { name: 'Saving…' })).toBeDisabled();
    answer({ results: [{ index: 0, id: 1, status: 'updated' }] });
    expect(await screen.findByRole('button', { name: 'Save' })).toBeEnabled();
    expect(screen.getByText('Updated')).toBeInTheDocument();
  });

  it('explains 1010, 1005 and 1004 in plain words, with a move action and a link', async () => {
    const { user, lead, onMoveLead } = setup({
      'POST /api/leads': {
        results: [
          {
            index: 0,
            status: 'skipped',
            reasons: [{ code: '1010', message: 'Partition update not allowed' }],
          },
          { index: 1, status: 'skipped', reasons: [{ code: '1005', message: 'Lead already exists' }] },
          { index: 2, status: 'skipped', reasons: [{ code: '1004', message: 'Lead not found' }] },
        ],
      },
      'GET /api/leads': ({ url }) => {
        const email = url.searchParams.get('email');
        if (email === 'ana@example.ca')
          return { leads: [aLead({ id: 41, partition: { id: 3, name: null } })] };
        if (email === 'bea@example.mx') return { leads: [aLead({ id: 99 })] };
        return { leads: [] };
      },
    });
    const emails = ['ana@example.ca', 'bea@example.mx', 'cy@example.mx'];
    for (const [index, email] of emails.entries()) {
      if (index > 0) await user.click(screen.getByRole('button', { name: 'Add lead' }));
      await user.type(lead(index + 1).getByLabelText('Email'), email);
    }
    await user.click(screen.getByRole('button', { name: 'Save' }));

    // The partition name comes from the cached partitions list (the lead itself only carried id 3).
    expect(await screen.findByText('This lead already lives in partition Canada.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Move it to Mexico' }));
    expect(onMoveLead).toHaveBeenCalledWith({ leadId: 41, toPartition: 'Mexico' });

    const existing = await screen.findByRole('link', { name: 'Open the existing lead 99' });
    expect(existing).toHaveAttribute('href', '/leads/99');
    expect(screen.getByText('A lead with this email already exists.')).toBeInTheDocument();
    expect(screen.getByText('No lead matches this email.')).toBeInTheDocument();
    expect(screen.getAllByText('Skipped')).toHaveLength(3);
  });

  it("words a lead too large to send as the proxy's own refusal, not Marketo's", async () => {
    const { user, lead } = setup({
      'POST /api/leads': {
        results: [
          {
            index: 0,
            status: 'failed',
            reasons: [{ code: '413', message: 'Request Entity Too Large: this record alone exceeds 1 MB' }],
          },
        ],
      },
    });
    await user.type(lead(1).getByLabelText('Email'), 'ana@example.mx');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(
      await screen.findByText('This row is larger than Marketo accepts in one request (1 MB).'),
    ).toBeInTheDocument();
    expect(screen.queryByText('(Marketo 413)')).not.toBeInTheDocument();
  });
});

describe('LeadForm errors', () => {
  it('puts the proxy’s field problems on the inputs they name', async () => {
    const { user, lead } = setup({
      'POST /api/leads': new ErrorReply(400, {
        code: 'bad_request',
        message: 'Some leads are invalid',
        details: [{ path: 'leads.0.phone', message: 'Too long for Marketo' }],
      }),
    });
    await user.type(lead(1).getByLabelText('Email'), 'ana@example.mx');
    await user.type(lead(1).getByLabelText('Phone'), '555');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Some values need fixing')).toBeInTheDocument();
    expect(lead(1).getByLabelText('Phone')).toHaveAccessibleDescription('Too long for Marketo');
  });

  it('words a field problem from its reason and limit, not from the proxy’s English', async () => {
    const { user, lead } = setup({
      'POST /api/leads': new ErrorReply(400, {
        code: 'bad_request',
        message: 'The request is not valid.',
        reason: 'request_invalid',
        details: [
          {
            path: 'leads.0.firstName',
            message: 'Too big: expected string to have <=255 characters',
            reason: 'value_too_long',
            params: { max: 255 },
          },
        ],
      }),
    });
    await user.type(lead(1).getByLabelText('Email'), 'ana@example.mx');
    await user.type(lead(1).getByLabelText('First name'), 'Ana');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Some values need fixing');
    expect(lead(1).getByLabelText('First name')).toHaveAccessibleDescription('Use at most 255 characters.');
  });

  it('shows Marketo’s code and request id under Details', async () => {
    const { user, lead } = setup({
      'POST /api/leads': new ErrorReply(502, {
        code: 'marketo_error',
        message: 'Marketo could not save the leads.',
        marketo: { code: '1003', message: 'Invalid data', requestId: 'e42b#14272d07d78' },
      }),
    });
    await user.type(lead(1).getByLabelText('Email'), 'ana@example.mx');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Marketo refused the request')).toBeInTheDocument();
    expect(within(alert).queryByText('e42b#14272d07d78')).not.toBeInTheDocument();
    await user.click(within(alert).getByRole('button', { name: 'Details' }));
    expect(within(alert).getByText('1003')).toBeInTheDocument();
    expect(within(alert).getByText('e42b#14272d07d78')).toBeInTheDocument();
  });

  it('says when the daily quota resets, in local time', async () => {
    const retryAt = '2026-11-30T06:00:00.000Z';
    const { user, lead } = setup({
      'POST /api/leads': new ErrorReply(429, {
        code: 'quota_exhausted',
        message: 'Daily quota reached',
        retryAt,
      }),
    });
    await user.type(lead(1).getByLabelText('Email'), 'ana@example.mx');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent("Today's Marketo API quota is used up");
    const localHour = new Date(retryAt).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
    expect(alert).toHaveTextContent(`It resets at`);
    expect(alert).toHaveTextContent(localHour);
  });

  it('words the console’s own request limit as this browser’s, not Marketo’s', async () => {
    const retryAt = '2026-11-29T19:45:30.000Z';
    const { user, lead } = setup({
      'POST /api/leads': new ErrorReply(429, { code: 'rate_limited', message: 'Too many requests', retryAt }),
    });
    await user.type(lead(1).getByLabelText('Email'), 'ana@example.mx');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    const alert = await screen.findByRole('alert');
    const clock = new Date(retryAt).toLocaleTimeString(undefined, {
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    expect(alert).toHaveTextContent('Too many requests from this browser');
    expect(alert).toHaveTextContent(`Slow down: try again after ${clock}.`);
    expect(alert).not.toHaveTextContent(/Marketo/);
  });
});

describe('LeadForm and partitions the user cannot access', () => {
  const hidden = 'This lead exists in a partition you cannot access';

  it('says only that when the lookup finds no lead (it lives in a partition not granted)', async () => {
    const { user, lead, api } = setup({
      'POST /api/leads': {
        results: [
          {
            index: 0,
            status: 'skipped',
            reasons: [{ code: '1010', message: 'Partition update not allowed' }],
          },
        ],
      },
      'GET /api/leads': { leads: [] },
    });
    await user.type(lead(1).getByLabelText('Email'), 'ana@example.ca');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(hidden)).toBeInTheDocument();
    expect(api.calls.some((call) => call.path === '/api/leads' && call.method === 'GET')).toBe(true);
    const results = screen.getByRole('region', { name: 'Results' });
    expect(within(results).queryByRole('button')).not.toBeInTheDocument();
    expect(within(results).queryByRole('link')).not.toBeInTheDocument();
    expect(within(results).queryByText(/Canada|Mexico|Default/)).not.toBeInTheDocument();
  });

  it('takes the server at its word when it already says so, without looking the lead up', async () => {
    const { user, lead, api } = setup({
      'POST /api/leads': {
        results: [{ index: 0, status: 'skipped', reasons: [{ code: '1010', message: hidden }] }],
      },
      // Would name the partition if asked; the component must not ask.
      'GET /api/leads': { leads: [aLead({ id: 41, partition: { id: 3, name: 'Canada' } })] },
    });
    await user.type(lead(1).getByLabelText('Email'), 'ana@example.ca');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(hidden)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Move it/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Open lead 41' })).not.toBeInTheDocument();
    expect(api.calls.filter((call) => call.path === '/api/leads' && call.method === 'GET')).toHaveLength(0);
  });
});
