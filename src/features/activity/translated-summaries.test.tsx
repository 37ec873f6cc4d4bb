import { screen } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../../server/contract/activity';
import { loadMessages } from '../../i18n/load-messages';
import { renderPage } from '../../testing/render';
import { ActivityDetails } from './activity-details';

function anEntry(overrides: Partial<ActivityEntry>): ActivityEntry {
  return {
    id: 30,
    at: '2026-11-29T15:04:00.000Z',
    user: { id: 7, email: 'ana@example.com' },
    action: 'lead.move',
    partitions: ['Mexico', 'Canada'],
    leadIds: [318816, 318817],
    outcome: 'success',
    leads: [],
    requestIds: [],
    summary: 'move 2 lead(s) to Canada',
    ...overrides,
  };
}

describe('Activity context in the user’s language', () => {
  beforeAll(async () => {
    await Promise.all([loadMessages('es-MX'), loadMessages('fr-CA')]);
  });

  it('words a move from its code and values in Mexican Spanish', () => {
    renderPage(
      <ActivityDetails
        entry={anEntry({ summaryCode: 'leads_moved', summaryParams: { count: 2, target: 'Canada' } })}
      />,
      { locale: 'es-MX' },
    );
    expect(screen.getByText('Mover 2 prospectos a Canada')).toBeInTheDocument();
    expect(screen.queryByText(/lead\(s\)/)).not.toBeInTheDocument();
  });

  it('words an import’s item from its entries in Canadian French, not its English sentence', () => {
    const entry = anEntry({
      action: 'import',
      summary: '81 entries (23,700 created). First: Import started. Latest: chunk 80',
      importJob: {
        id: '6a1b2c3d-4e5f-4a6b-9c8d-0e1f2a3b4c5d',
        jobVisible: true,
        entries: 81,
        lastAt: '2026-11-29T17:30:00.000Z',
        statusCounts: { created: 23_700 },
        leadCount: 23_700,
      },
    });
    renderPage(<ActivityDetails entry={entry} />, { locale: 'fr-CA' });
    expect(screen.getByText('81 entrées de cette tâche')).toBeInTheDocument();
    expect(screen.queryByText(/First: Import started/)).not.toBeInTheDocument();
  });

  it('words a one-chunk import with its counts in Mexican Spanish, numbers in the locale’s separators', () => {
    const entry = anEntry({
      action: 'import',
      summary: 'Import "feria.csv" chunk 1: 1200 created, 3 updated, 2 skipped, 0 failed',
      summaryCode: 'import_chunk',
      summaryParams: { file: 'feria.csv', chunk: 1, created: 1200, updated: 3, skipped: 2, failed: 0 },
    });
    renderPage(<ActivityDetails entry={entry} />, { locale: 'es-MX' });
    expect(
      screen.getByText(
        'Importación “feria.csv”, bloque 1: 1,200 creados, 3 actualizados, 2 omitidos, 0 con error',
      ),
    ).toBeInTheDocument();
  });

  it('words a refused sign-in in Canadian French', () => {
    const entry = anEntry({
      action: 'auth.sign-in-failed',
      outcome: 'failure',
      partitions: [],
      leadIds: [],
      summary: 'rate limited (account) from 203.0.113.7',
      summaryCode: 'sign_in_rate_limited',
      summaryParams: { limit: 'account', address: '203.0.113.7' },
    });
    renderPage(<ActivityDetails entry={entry} />, { locale: 'fr-CA' });
    expect(
      screen.getByText('Connexion refusée : trop de tentatives pour ce compte, depuis 203.0.113.7'),
    ).toBeInTheDocument();
  });

  it('keeps the proxy’s English for a code this browser does not know', () => {
    renderPage(
      <ActivityDetails entry={anEntry({ summary: 'did something new', summaryCode: 'something_new' })} />,
      { locale: 'fr-CA' },
    );
    expect(screen.getByText('did something new')).toBeInTheDocument();
  });
});
