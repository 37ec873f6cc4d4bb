import { screen, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../server/contract/activity';
import ActivityPageRoute from '../app/routes/activity';
import { fakeApi } from '../testing/fake-api';
import { partitions } from '../testing/fixtures';
import { renderPage } from '../testing/render';
import { loadMessages } from './load-messages';

// An import of last year with more than a thousand results: a year in the date, a thousands separator and a
// plural in one row.
const lastYear = new Date().getFullYear() - 1;
const importEntry: ActivityEntry = {
  id: 31,
  at: `${lastYear}-03-14T15:04:00.000Z`,
  user: { id: 7, email: 'ana@example.com' },
  action: 'import',
  partitions: ['Mexico'],
  leadIds: [318816],
  outcome: 'success',
  leads: [],
  requestIds: [],
  summary: 'trade-show.csv',
  importJob: {
    id: '0b8f0f5e-5a1c-4d5e-9d6a-3b4d8c2e1f00',
    jobVisible: false,
    entries: 3,
    leadCount: 1234,
    statusCounts: { created: 1234 },
    lastAt: `${lastYear}-03-14T15:04:00.000Z`,
  },
};

function importJobOf(entry: ActivityEntry) {
  if (!entry.importJob) throw new Error('not an import entry');
  return entry.importJob;
}

function renderActivity(locale: 'es-MX' | 'fr-CA') {
  fakeApi({
    'GET /api/partitions': { partitions },
    'GET /api/activity': { entries: [importEntry], nextCursor: null },
  });
  return renderPage(<ActivityPageRoute />, { path: '/activity', locale });
}

describe('The activity page in other languages', () => {
  beforeAll(async () => {
    await Promise.all([loadMessages('es-MX'), loadMessages('fr-CA')]);
  });

  it('reads in Mexican Spanish: words, a date with its year, 1,234 and a plural', async () => {
    renderActivity('es-MX');
    expect(await screen.findByRole('heading', { name: 'Actividad' })).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'Actividad' });
    expect(within(table).getByText('Importación')).toBeInTheDocument();
    expect(
      within(table).getByText('1,234 resultados de prospectos (318816 y 1,229 más)'),
    ).toBeInTheDocument();
    expect(within(table).getByText(new RegExp(`14 .*mar.*${lastYear}`))).toBeInTheDocument();
    expect(within(table).getByText('Éxito')).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('es-MX');
  });

  it('reads in Canadian French, with its own separators', async () => {
    renderActivity('fr-CA');
    expect(await screen.findByRole('heading', { name: 'Activité' })).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'Activité' });
    // fr-CA groups thousands with a no-break space.
    expect(
      within(table).getByText(/^1\s234 résultats de prospects \(318816 et 1\s229 de plus\)$/),
    ).toBeInTheDocument();
    expect(within(table).getByText(new RegExp(`14 mars ${lastYear}`))).toBeInTheDocument();
    expect(within(table).getByText('Réussi')).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('fr-CA');
  });

  it('says one result in the singular', async () => {
    fakeApi({
      'GET /api/partitions': { partitions },
      'GET /api/activity': {
        entries: [{ ...importEntry, importJob: { ...importJobOf(importEntry), leadCount: 1 } }],
        nextCursor: null,
      },
    });
    renderPage(<ActivityPageRoute />, { path: '/activity', locale: 'fr-CA' });
    expect(await screen.findByText('1 résultat de prospect (318816)')).toBeInTheDocument();
  });
});
