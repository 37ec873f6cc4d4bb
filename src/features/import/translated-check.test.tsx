import { screen } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportCheck } from '../../../server/contract/imports';
import { ApiError } from '../../api/api-error';
import { loadMessages } from '../../i18n/load-messages';
import { renderPage } from '../../testing/render';
import { CheckSummary } from './check-summary';
import { UploadErrorAlert } from './upload-error-alert';

// What the proxy's check answers: its sentences are English, its kinds are what other languages are worded by.
const check: ImportCheck = {
  rowCount: 3,
  validRows: 1,
  invalidRows: 2,
  settingsProblems: [
    {
      column: 1,
      kind: 'read_only',
      field: 'createdAt',
      message: 'Column "Created" is mapped to createdAt, which is read-only: Marketo sets it',
    },
    { kind: 'lookup_unmapped', field: 'email', message: 'Map a column to email, the lookup field' },
  ],
  problemCounts: { bad_email: 1, duplicate_key: 1 },
  problems: [
    { row: 2, kind: 'bad_email', column: 'Email', message: 'Email "ana@" is not a valid email address' },
    { row: 3, kind: 'duplicate_key', column: 'Email', message: 'Same email as row 2' },
  ],
};
const columns = ['Email', 'Created'];

describe('The import check in other languages', () => {
  beforeAll(async () => {
    await Promise.all([loadMessages('es-MX'), loadMessages('fr-CA')]);
  });

  it('words the proxy’s settings and row problems by kind in Canadian French', () => {
    renderPage(<CheckSummary check={check} columns={columns} />, { locale: 'fr-CA' });
    expect(
      screen.getByText(
        'Colonne Created : Associée à createdAt, qui est en lecture seule : Marketo la définit.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Associez une colonne à email, le champ pour associer les prospects existants.'),
    ).toBeInTheDocument();
    expect(screen.getByText('L’adresse courriel n’est pas valide.')).toBeInTheDocument();
    expect(screen.getByText('Une ligne précédente a la même clé.')).toBeInTheDocument();
    expect(screen.queryByText(/lookup field|valid email address|Same email/)).not.toBeInTheDocument();
  });

  it('keeps the proxy’s detailed sentences in English', () => {
    renderPage(<CheckSummary check={check} columns={columns} />);
    expect(screen.getByText('Map a column to email, the lookup field')).toBeInTheDocument();
    expect(screen.getByText('Same email as row 2')).toBeInTheDocument();
  });

  it('words a file refused for its size by the code, and keeps a read failure’s own sentence', () => {
    const tooLarge = new ApiError(
      'payload_too_large',
      'The file is larger than 50 MB, the most one import accepts.',
    );
    const unreadable = new ApiError('bad_request', 'Row 7 has a quote that is never closed');
    renderPage(
      <>
        <UploadErrorAlert error={tooLarge} />
        <UploadErrorAlert error={unreadable} />
      </>,
      { locale: 'es-MX' },
    );
    expect(
      screen.getByText('El archivo es más grande de lo que acepta una importación.'),
    ).toBeInTheDocument();
    expect(screen.getByText('Row 7 has a quote that is never closed')).toBeInTheDocument();
  });
});
