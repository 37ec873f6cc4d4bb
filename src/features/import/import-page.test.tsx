import { Blob as NodeBlob, File as NodeFile } from 'node:buffer';
import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImportSettings } from '../../../server/contract/imports';
import ImportPage from '../../app/routes/import';
import { ErrorReply } from '../../testing/fake-api';
import { aSession, partitions } from '../../testing/fixtures';
import { renderRoutes } from '../../testing/render';
import type { SessionOption } from '../../testing/render';
import { fakeImportApi } from './testing/fake-import-api';
import type { ImportHandlers } from './testing/fake-import-api';
import { anImportCheck, anImportFile, anImportJob, importFields, jobId } from './testing/import-fixtures';

const csv = 'E-mail;Given name;Apellido;Employees\nana@example.mx;Ana;López;12\n';

function setup(
  handlers: ImportHandlers = {},
  { url = '/imports?partition=Mexico', session }: { url?: string; session?: SessionOption } = {},
) {
  const api = fakeImportApi(
    {
      'POST /api/imports/files': anImportFile(),
      'POST /api/imports/check': anImportCheck(),
      'POST /api/imports': anImportJob(),
      'GET /api/imports': { jobs: [] },
      ...handlers,
    },
    { 'GET /api/partitions': { partitions }, 'GET /api/fields': { fields: importFields } },
  );
  const view = renderRoutes(
    [
      { path: '/imports', element: <ImportPage /> },
      { path: '/imports/:id', element: <p>Job page</p> },
    ],
    url,
    session ? { session } : {},
  );
  const callsTo = (method: string, path: string) =>
    api.calls.filter((call) => call.method === method && call.path === path);
  // Node's own File: jsdom's cannot travel through Node's fetch as a request body.
  const upload = async () =>
    view.user.upload(
      screen.getByLabelText('CSV file'),
      new NodeFile([csv], 'trade-show.csv', { type: 'text/csv' }),
    );
  return { ...view, api, callsTo, upload };
}

const fieldFor = (column: string) => screen.getByRole('combobox', { name: `Field for column ${column}` });

describe('Import page', () => {
  beforeEach(() => localStorage.clear());

  it('uploads the file as it is, suggests a mapping, checks the rows and starts the import', async () => {
    const { user, upload, callsTo, router } = setup();
    await upload();

    const [sent] = callsTo('POST', '/api/imports/files');
    expect(sent?.url.searchParams.get('name')).toBe('trade-show.csv');
    expect(sent?.headers.get('content-type')).toBe('text/csv');
    expect(sent?.body).toBe(csv);
    expect(await screen.findByText(/3 rows · 4 columns · separated by semicolons/)).toBeInTheDocument();
    expect(
      within(screen.getByRole('table', { name: 'Sample rows' })).getByText('not-an-email'),
    ).toBeInTheDocument();

    // Suggested: by REST name (E-mail), by synonym (Given name); no match for the other two.
    expect(fieldFor('E-mail')).toHaveValue('Email Address (email)');
    expect(fieldFor('Given name')).toHaveValue('First Name (firstName)');
    expect(fieldFor('Apellido')).toHaveValue("Don't import");
    expect(fieldFor('Employees')).toHaveValue("Don't import");
    expect(screen.getByRole('combobox', { name: 'Partition' })).toHaveTextContent('Mexico');

    await user.click(fieldFor('Apellido'));
    await user.click(await screen.findByRole('option', { name: 'Last Name (lastName)' }));
    expect(fieldFor('Apellido')).toHaveValue('Last Name (lastName)');

    // The check follows the settings: the last one asked is for the mapping on screen.
    await waitFor(() =>
      expect(callsTo('POST', '/api/imports/check').at(-1)?.body).toEqual({
        fileId: anImportFile().id,
        partitionName: 'Mexico',
        action: 'createOrUpdate',
        lookupField: 'email',
        mapping: ['email', 'firstName', 'lastName', null],
        path: 'auto',
      }),
    );
    expect(await screen.findByText('2 rows ready to import, 1 row with problems')).toBeInTheDocument();
    expect(screen.getByText('1 row with an email address that is not valid')).toBeInTheDocument();
    const problems = within(screen.getByRole('table', { name: 'Rows with problems' })).getAllByRole('row');
    expect(problems[1]).toHaveTextContent('3E-mailNot a valid email address');
    expect(
      screen.getByText(/Rows with problems will be skipped: 1 row will not be sent/),
    ).toBeInTheDocument();

    const start = await screen.findByRole('button', { name: 'Start import (2 rows)' });
    await waitFor(() => expect(start).toBeEnabled());
    await user.click(start);
    await waitFor(() => expect(router.state.location.pathname).toBe(`/imports/${jobId}`));
    const started = callsTo('POST', '/api/imports')[0]?.body as ImportSettings;
    expect(started.mapping).toEqual(['email', 'firstName', 'lastName', null]);
    expect(started.partitionName).toBe('Mexico');
  });

  it('blocks the start while the settings have a problem, and names the column', async () => {
    const { upload } = setup({
      'POST /api/imports/check': anImportCheck({
        settingsProblems: [
          { column: 1, message: 'First Name is not a field you can write' },
          { message: 'No column fills the lookup field email' },
        ],
      }),
    });
    await upload();
    expect(await screen.findByText('Fix these settings before you start')).toBeInTheDocument();
    expect(
      screen.getByText('Column Given name: First Name is not a field you can write'),
    ).toBeInTheDocument();
    expect(screen.getByText('No column fills the lookup field email')).toBeInTheDocument();
    // Also next to the column's own select.
    expect(screen.getByText('First Name is not a field you can write')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Start import (2 rows)' })).toBeDisabled();
  });

  it('keeps Start closed when no row can be sent', async () => {
    const { upload } = setup({
      'POST /api/imports/check': anImportCheck({
        validRows: 0,
        invalidRows: 3,
        problemCounts: { bad_email: 3 },
      }),
    });
    await upload();
    expect(await screen.findByText('0 rows ready to import, 3 rows with problems')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Start import (0 rows)' })).toBeDisabled();
  });

  it('asks for a partition before checking anything', async () => {
    const { upload, callsTo } = setup({}, { url: '/imports' });
    await upload();
    expect(await screen.findByText('Choose a partition to check the rows.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Check rows' })).toBeDisabled();
    expect(callsTo('POST', '/api/imports/check')).toHaveLength(0);
  });

  it('applies the mapping the last import started with before any suggestion', async () => {
    const first = setup();
    await first.upload();
    await first.user.click(fieldFor('Given name'));
    await first.user.click(await screen.findByRole('option', { name: "Don't import" }));
    await first.user.click(fieldFor('Apellido'));
    await first.user.click(await screen.findByRole('option', { name: 'Last Name (lastName)' }));
    const start = await screen.findByRole('button', { name: 'Start import (2 rows)' });
    await waitFor(() => expect(start).toBeEnabled());
    await first.user.click(start);
    await screen.findByText('Job page');
    first.unmount();

    const second = setup();
    await second.upload();
    expect(fieldFor('Given name')).toHaveValue("Don't import");
    expect(fieldFor('Apellido')).toHaveValue('Last Name (lastName)');
    expect(fieldFor('E-mail')).toHaveValue('Email Address (email)');
  });

  it('uploads pasted rows as a CSV body named "pasted rows.csv"', async () => {
    vi.stubGlobal('Blob', NodeBlob);
    const { user, callsTo } = setup({ 'POST /api/imports/files': anImportFile({ name: 'pasted rows.csv' }) });
    await user.click(screen.getByRole('tab', { name: 'Paste rows' }));
    const rows = 'email\tfirstName\nana@example.mx\tAna';
    await user.click(screen.getByLabelText('Rows to import'));
    await user.paste(rows);
    await user.click(screen.getByRole('button', { name: 'Use these rows' }));
    expect(await screen.findByText('pasted rows.csv')).toBeInTheDocument();
    const [sent] = callsTo('POST', '/api/imports/files');
    expect(sent?.url.searchParams.get('name')).toBe('pasted rows.csv');
    expect(sent?.body).toBe(rows);
  });

  it('says why a file was refused, in the proxy’s words', async () => {
    const { upload } = setup({
      'POST /api/imports/files': new ErrorReply(400, {
        code: 'bad_request',
        message: 'This file is not CSV: line 3 has an unclosed quote.',
      }),
    });
    await upload();
    expect(await screen.findByText('The file could not be used')).toBeInTheDocument();
    expect(screen.getByText('This file is not CSV: line 3 has an unclosed quote.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Choose CSV file' })).toBeEnabled();
  });

  it('lists recent imports with their state, linking to each job', async () => {
    setup({ 'GET /api/imports': { jobs: [anImportJob({ state: 'completed' })] } });
    const list = await screen.findByRole('list', { name: 'Recent imports' });
    expect(within(list).getByRole('link', { name: /trade-show\.csv/ })).toHaveAttribute(
      'href',
      `/imports/${jobId}`,
    );
    expect(within(list).getByText('Completed')).toBeInTheDocument();
  });

  it('tells a viewer they cannot import, and offers no form', async () => {
    const { callsTo } = setup({}, { session: aSession('viewer') });
    expect(await screen.findByText(/You can't import leads/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Choose CSV file' })).not.toBeInTheDocument();
    expect(screen.queryByLabelText('CSV file')).not.toBeInTheDocument();
    expect(callsTo('GET', '/api/imports')).toHaveLength(0);
  });
});
