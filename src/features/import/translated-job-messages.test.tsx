import { screen } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import ImportJobPage from '../../app/routes/import-job';
import { loadMessages } from '../../i18n/load-messages';
import { aSession } from '../../testing/fixtures';
import { renderPage, renderRoutes } from '../../testing/render';
import { ImportBulkBatches } from './import-bulk-batches';
import { ImportOutcome } from './import-outcome';
import { fakeImportApi } from './testing/fake-import-api';
import { aResultRow, aResultsPage, anImportJob, jobId } from './testing/import-fixtures';

describe('Why an import waits or stopped, in the user’s language', () => {
  beforeAll(async () => {
    await Promise.all([loadMessages('es-MX'), loadMessages('fr-CA')]);
  });

  it('words the wait for Marketo’s call budget from its code in Mexican Spanish', async () => {
    fakeImportApi({
      'GET /api/imports/:id': anImportJob({
        message: "Waiting for Marketo's call budget: calls are kept free for people using the console.",
        messageCode: 'call_budget_wait',
        secondsLeft: null,
      }),
      'GET /api/imports/:id/results': aResultsPage([aResultRow()]),
    });
    renderRoutes([{ path: '/imports/:id', element: <ImportJobPage /> }], `/imports/${jobId}`, {
      session: aSession('editor'),
      locale: 'es-MX',
    });
    expect(await screen.findByText(/^En espera del presupuesto de llamadas de Marketo/)).toBeInTheDocument();
    expect(screen.queryByText(/Waiting for Marketo/)).not.toBeInTheDocument();
  });

  it('words a stop with the account and partition it names in Canadian French', () => {
    const job = anImportJob({
      state: 'failed',
      finishedAt: '2026-12-05T09:00:00.000Z',
      message: "The import stopped: ana@example.com no longer has access to partition 'Canada'.",
      messageCode: 'owner_no_partition',
      messageParams: { noun: 'import', who: 'ana@example.com', partition: 'Canada' },
    });
    renderPage(<ImportOutcome job={job} />, { locale: 'fr-CA' });
    expect(
      screen.getByText(
        /L’importation s’est arrêtée : ana@example.com n’a plus accès à la partition Canada\./,
      ),
    ).toBeInTheDocument();
  });

  it('words a bulk file held after its upload got no answer, and keeps Marketo’s own words for another', () => {
    const batch = {
      rows: 1000,
      marketoBatchId: null,
      processed: 0,
      failed: 0,
      warned: 0,
    };
    renderPage(
      <ImportBulkBatches
        batches={[
          {
            ...batch,
            batch: 1,
            state: 'unknown',
            message: 'The upload of this file got no answer (the proxy stopped or the call failed mid-way).',
            messageCode: 'bulk_upload_lost',
          },
          {
            ...batch,
            batch: 2,
            state: 'complete',
            marketoBatchId: 7,
            message: 'Import completed with errors',
          },
        ]}
      />,
      { locale: 'fr-CA' },
    );
    expect(screen.getByText(/^Le téléversement de ce fichier n’a reçu aucune réponse/)).toBeInTheDocument();
    expect(screen.queryByText(/proxy stopped/)).not.toBeInTheDocument();
    expect(screen.getByText('Import completed with errors')).toBeInTheDocument();
  });

  it('shows the proxy’s English for a code this browser does not know', () => {
    const job = anImportJob({
      state: 'failed',
      finishedAt: '2026-12-05T09:00:00.000Z',
      message: 'The import stopped for a reason from the future.',
      messageCode: 'future_reason',
    });
    renderPage(<ImportOutcome job={job} />, { locale: 'es-MX' });
    expect(screen.getByText(/The import stopped for a reason from the future\./)).toBeInTheDocument();
  });
});
