import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../../testing/fake-api';
import { partitions } from '../../testing/fixtures';
import { renderPage } from '../../testing/render';
import { LeadForm } from './lead-form';
import { createDefaults } from './lead-form-values';

const lead = (n: number) => {
  const group = screen.getByText(`Lead ${n}`, { selector: 'h2' }).closest<HTMLElement>('[role="group"]');
  if (!group) throw new Error(`No group for Lead ${n}`);
  return within(group);
};

describe('LeadForm paste', () => {
  it('offers to turn pasted spreadsheet rows into leads, filling fields by column', async () => {
    const api = fakeApi({
      'GET /api/partitions': { partitions },
      'GET /api/fields': { fields: [] },
      'POST /api/leads': {
        results: [
          { index: 0, id: 1, status: 'created' },
          { index: 1, id: 2, status: 'created' },
        ],
      },
    });
    const { user } = renderPage(<LeadForm values={createDefaults('Mexico')} />);
    await user.click(lead(1).getByLabelText('Email'));
    await user.paste('ana@example.mx\tAna\tLópez\nluis@example.mx\tLuis\tGarcía\n');

    await user.click(await screen.findByRole('button', { name: 'Turn 2 rows into 2 leads' }));
    expect(lead(1).getByLabelText('Email')).toHaveValue('ana@example.mx');
    expect(lead(1).getByLabelText('First name')).toHaveValue('Ana');
    expect(lead(2).getByLabelText('Email')).toHaveValue('luis@example.mx');
    expect(lead(2).getByLabelText('Last name')).toHaveValue('García');
    expect(screen.queryByRole('button', { name: /rows into/ })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.calls.filter((call) => call.method === 'POST')).toHaveLength(1));
    expect(api.calls.find((call) => call.method === 'POST')?.body).toMatchObject({
      leads: [
        { email: 'ana@example.mx', firstName: 'Ana', lastName: 'López' },
        { email: 'luis@example.mx', firstName: 'Luis', lastName: 'García' },
      ],
    });
  });

  it('offers nothing for a single value', async () => {
    fakeApi({ 'GET /api/partitions': { partitions }, 'GET /api/fields': { fields: [] } });
    const { user } = renderPage(<LeadForm values={createDefaults('Mexico')} />);
    await user.click(lead(1).getByLabelText('Email'));
    await user.paste('ana@example.mx\n');
    expect(lead(1).getByLabelText('Email')).toHaveValue('ana@example.mx');
    expect(screen.queryByRole('button', { name: /rows into/ })).not.toBeInTheDocument();
  });
});
