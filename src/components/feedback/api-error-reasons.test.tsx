import { screen } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ErrorEnvelope } from '../../../server/contract/errors';
import { apiErrorFromResponse } from '../../api/api-error';
import { UploadErrorAlert } from '../../features/import/upload-error-alert';
import { loadMessages } from '../../i18n/load-messages';
import { renderPage } from '../../testing/render';
import { ApiErrorAlert } from './api-error-alert';

/** What the browser makes of an envelope as the proxy sends it. */
function received(error: ErrorEnvelope['error']) {
  return apiErrorFromResponse(new Response(JSON.stringify({ error }), { status: 400 }));
}

describe('The proxy’s refusals in the user’s language', () => {
  beforeAll(async () => {
    await Promise.all([loadMessages('es-MX'), loadMessages('fr-CA')]);
  });

  it('words a refusal from its reason and values in Mexican Spanish', async () => {
    const error = await received({
      code: 'bad_request',
      message: `Partition 'Mexico' no longer exists.`,
      reason: 'move_target_gone',
      params: { partition: 'Mexico' },
    });
    renderPage(<ApiErrorAlert error={error} />, { locale: 'es-MX' });
    expect(screen.getByText('La partición Mexico ya no existe.')).toBeInTheDocument();
    expect(screen.queryByText(/no longer exists/)).not.toBeInTheDocument();
  });

  it('shows the proxy’s English for a reason this browser does not know yet', async () => {
    const error = await received({
      code: 'bad_request',
      message: 'A newer rule said no.',
      reason: 'rule_from_the_future',
    });
    renderPage(<ApiErrorAlert error={error} />, { locale: 'fr-CA' });
    expect(screen.getByText('A newer rule said no.')).toBeInTheDocument();
    expect(screen.getByText('Certaines valeurs sont à corriger')).toBeInTheDocument();
  });

  it('words a file refused on upload with its row in Canadian French', async () => {
    const error = await received({
      code: 'bad_request',
      message: 'Row 7 has a quote that is never closed',
      reason: 'csv_quote_not_closed',
      params: { row: 7 },
    });
    renderPage(<UploadErrorAlert error={error} />, { locale: 'fr-CA' });
    expect(screen.getByText('La ligne 7 a un guillemet qui n’est jamais fermé.')).toBeInTheDocument();
  });
});
