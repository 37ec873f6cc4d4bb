import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../../testing/fake-api';
import { aSession, partitions } from '../../testing/fixtures';
import { renderPage } from '../../testing/render';
import LeadNewPage from './lead-new';

describe('LeadNewPage', () => {
  it('preselects the partition of an editor granted only one', async () => {
    fakeApi({ 'GET /api/partitions': { partitions: [partitions[1]!] }, 'GET /api/fields': { fields: [] } });
    renderPage(<LeadNewPage />, {
      path: '/leads/new',
      session: aSession('editor', { partitions: [2] }),
    });
    expect(await screen.findByRole('combobox', { name: 'Partition' })).toHaveTextContent('Mexico');
  });

  it('leaves the choice open when there are several', async () => {
    fakeApi({ 'GET /api/partitions': { partitions }, 'GET /api/fields': { fields: [] } });
    renderPage(<LeadNewPage />, { path: '/leads/new' });
    const partition = await screen.findByRole('combobox', { name: 'Partition' });
    expect(partition).not.toHaveTextContent(/Mexico|Canada|Default/);
  });
});
