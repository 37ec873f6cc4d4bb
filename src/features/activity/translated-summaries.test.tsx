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

  it('keeps the proxy’s English for a code this browser does not know', () => {
    renderPage(
      <ActivityDetails entry={anEntry({ summary: 'did something new', summaryCode: 'something_new' })} />,
      { locale: 'fr-CA' },
    );
    expect(screen.getByText('did something new')).toBeInTheDocument();
  });
});
