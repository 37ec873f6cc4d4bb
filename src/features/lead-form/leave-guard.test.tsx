import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../../testing/fake-api';
import { partitions } from '../../testing/fixtures';
import { renderPage } from '../../testing/render';
import { LeadForm } from './lead-form';
import { createDefaults } from './lead-form-values';

function setup() {
  fakeApi({
    'GET /api/partitions': { partitions },
    'GET /api/fields': { fields: [] },
    'POST /api/leads': { results: [{ index: 0, id: 1, status: 'created' }] },
  });
  return renderPage(<LeadForm values={createDefaults('Mexico')} />, { path: '/leads/new' });
}

describe('LeadForm leave guard', () => {
  it('asks before leaving a filled form; Stay keeps it, Leave goes', async () => {
    const { user, router } = setup();
    await user.type(screen.getByLabelText('Email'), 'ana@example.mx');
    void router.navigate('/partitions');
    expect(await screen.findByRole('dialog', { name: 'Leave without saving?' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Stay on the form' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByLabelText('Email')).toHaveValue('ana@example.mx');

    void router.navigate('/partitions');
    await user.click(await screen.findByRole('button', { name: 'Leave' }));
    expect(await screen.findByText('Elsewhere')).toBeInTheDocument();
  });

  it('lets an untouched form, or one just saved, go without asking', async () => {
    const { user, router } = setup();
    await user.type(screen.getByLabelText('Email'), 'ana@example.mx');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Created');
    void router.navigate('/partitions');
    expect(await screen.findByText('Elsewhere')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('asks the browser to confirm closing the tab only while the form is filled', async () => {
    const { user } = setup();
    const unload = () => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(unload()).toBe(false);
    await user.type(screen.getByLabelText('Email'), 'ana@example.mx');
    expect(unload()).toBe(true);
  });
});

describe('LeadForm leave guard after a partial save', () => {
  it('still asks before leaving when a lead came back skipped', async () => {
    fakeApi({
      'GET /api/partitions': { partitions },
      'GET /api/fields': { fields: [] },
      'POST /api/leads': {
        results: [
          { index: 0, status: 'skipped', reasons: [{ code: '1005', message: 'Lead already exists' }] },
        ],
      },
    });
    const { user, router } = renderPage(<LeadForm values={createDefaults('Mexico')} />, {
      path: '/leads/new',
    });
    await user.type(screen.getByLabelText('Email'), 'ana@example.mx');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Skipped');
    void router.navigate('/partitions');
    expect(await screen.findByRole('dialog', { name: 'Leave without saving?' })).toBeInTheDocument();
  });
});
