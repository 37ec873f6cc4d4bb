// Check, start, results, download and cancel of an import, through HTTP. The runner is not started here, so a
// started job's good rows stay `pending` and every count below is exact; sending is the runner's own test.
import { sqlRows, sqlRun, sqlValue } from '../testing/console-sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityPage } from '../contract/activity';
import type { ErrorEnvelope } from '../contract/errors';
import type {
  ImportCheck,
  ImportFile,
  ImportJob,
  ImportResultsPage,
  ImportSettings,
} from '../contract/imports';
import { startTestStack, type ApiClient, type TestStack } from '../test-helpers';

let stack: TestStack;
let editor: ApiClient;

beforeAll(async () => {
  stack = await startTestStack({ imports: { startRunner: false } });
  editor = await stack.signIn({ role: 'editor', partitions: [2], email: 'importer@example.com' });
});
afterAll(async () => {
  await stack.close();
});

// Row 2 good, 3 bad email, 4 no email, 5 not a number, 6 the email of row 2 again, 7 good with a formula.
const TRADE_SHOW = [
  'Email,First Name,Employees,Notes',
  'ana@example.mx,Ana,12,first',
  'not-an-email,Bad,3,',
  ',Nobody,4,',
  'carl@example.mx,Carl,many,',
  'ana@example.mx,Ana again,5,',
  'elodie@example.mx,=1+1,7,"Élodie, from ""Lyon"""',
].join('\r\n');

const MAPPING = ['email', 'firstName', 'numberOfEmployees', null];

async function upload(client: ApiClient, text: string, name = 'trade show.csv'): Promise<ImportFile> {
  const response = await client.inject({
    method: 'POST',
    url: `/api/imports/files?name=${encodeURIComponent(name)}`,
    headers: { 'content-type': 'text/csv' },
    payload: text,
  });
  expect(response.statusCode).toBe(201);
  return response.json<ImportFile>();
}

function settings(file: ImportFile, extra: Partial<ImportSettings> = {}): ImportSettings {
  return { fileId: file.id, partitionName: 'Mexico', mapping: MAPPING, ...extra };
}

async function start(client: ApiClient, body: ImportSettings) {
  return client.inject({ method: 'POST', url: '/api/imports', payload: body });
}

async function startedJob(): Promise<{ file: ImportFile; job: ImportJob }> {
  const file = await upload(editor, TRADE_SHOW);
  const response = await start(editor, settings(file));
  expect(response.statusCode).toBe(201);
  return { file, job: response.json<ImportJob>() };
}

describe('POST /api/imports/check', () => {
  it('counts every row and lists each bad row by its first problem', async () => {
    const file = await upload(editor, TRADE_SHOW);
    const response = await editor.inject({
      method: 'POST',
      url: '/api/imports/check',
      payload: settings(file),
    });
    expect(response.statusCode).toBe(200);
    const check = response.json<ImportCheck>();
    expect(check).toMatchObject({
      rowCount: 6,
      validRows: 2,
      invalidRows: 4,
      settingsProblems: [],
      problemCounts: { bad_email: 1, missing_lookup: 1, type_error: 1, duplicate_key: 1 },
    });
    expect(check.problems.map((problem) => [problem.row, problem.kind])).toEqual([
      [3, 'bad_email'],
      [4, 'missing_lookup'],
      [5, 'type_error'],
      [6, 'duplicate_key'],
    ]);
    expect(check.problems[3]).toEqual({
      row: 6,
      kind: 'duplicate_key',
      column: 'Email',
      message: 'Same email as row 2',
    });
    // Nothing was stored for the check and nothing sent.
    expect((await sqlRows(stack.imports.db, 'SELECT COUNT(*) AS n FROM import_jobs'))[0]).toEqual({ n: 0 });
  });

  it('reports settings problems (an unknown field) instead of row counts, and start refuses them', async () => {
    const file = await upload(editor, TRADE_SHOW);
    const bad = settings(file, { mapping: ['email', 'notAField', null, null] });
    const check = (
      await editor.inject({ method: 'POST', url: '/api/imports/check', payload: bad })
    ).json<ImportCheck>();
    expect(check.settingsProblems).toEqual([expect.objectContaining({ column: 1 })]);
    const response = await start(editor, bad);
    expect(response.statusCode).toBe(400);
    const error = response.json<ErrorEnvelope>().error;
    expect(error.code).toBe('bad_request');
    expect(error.details).toEqual([{ path: 'mapping.1', message: check.settingsProblems[0]?.message }]);
  });
});

describe('POST /api/imports', () => {
  it('starts a job whose bad rows are skipped with their reasons, and records who started it', async () => {
    const { file, job } = await startedJob();
    expect(job).toMatchObject({
      fileName: 'trade show.csv',
      partitionName: 'Mexico',
      action: 'createOrUpdate',
      lookupField: 'email',
      user: { id: editor.user.id, email: 'importer@example.com' },
      state: 'running',
      finishedAt: null,
      counts: { total: 6, sent: 0, created: 0, updated: 0, skipped: 4, failed: 0, cancelled: 0 },
      rowsPerSecond: null,
      secondsLeft: null,
      message: null,
    });
    expect((await editor.inject(`/api/imports/${job.id}`)).json<ImportJob>()).toEqual(job);

    const skipped = (
      await editor.inject(`/api/imports/${job.id}/results?status=skipped`)
    ).json<ImportResultsPage>();
    expect(skipped.columns).toEqual(file.columns);
    expect(skipped.total).toBe(4);
    expect(skipped.rows.map((row) => [row.row, row.status, row.reason?.code])).toEqual([
      [3, 'skipped', 'bad_email'],
      [4, 'skipped', 'missing_lookup'],
      [5, 'skipped', 'type_error'],
      [6, 'skipped', 'duplicate_key'],
    ]);
    expect(skipped.rows[3]).toEqual({
      row: 6,
      values: ['ana@example.mx', 'Ana again', '5', ''],
      status: 'skipped',
      reason: { code: 'duplicate_key', message: 'Same email as row 2' },
    });

    // The good rows wait with the lead each will send.
    const stored = await sqlRows<{ row: number; fields: string }>(
      stack.imports.db,
      "SELECT row, fields FROM import_results WHERE job_id = ? AND status = 'pending' ORDER BY row",
      job.id,
    );
    expect(stored.map((row) => row.row)).toEqual([2, 7]);
    expect(JSON.parse(stored[0]?.fields ?? '{}')).toMatchObject({
      email: 'ana@example.mx',
      firstName: 'Ana',
    });

    const activity = (await stack.api.inject('/api/activity?action=import')).json<ActivityPage>();
    const entry = activity.entries[0];
    expect(entry).toMatchObject({
      user: { id: editor.user.id, email: 'importer@example.com' },
      action: 'import',
      partitions: ['Mexico'],
      outcome: 'partial',
      summary:
        'Import "trade show.csv" started: 6 rows, 4 skipped by the check (createOrUpdate by email into Mexico)',
    });
    expect(entry?.leads.map((lead) => [lead.index, lead.status])).toEqual([
      [3, 'skipped'],
      [4, 'skipped'],
      [5, 'skipped'],
      [6, 'skipped'],
    ]);
    expect(entry?.leads[3]?.reason).toBe('duplicate_key Same email as row 2');
  });

  it('refuses a file in which no row can be imported', async () => {
    const file = await upload(editor, 'Email,First Name\nnope,A\n,B\n');
    const response = await start(editor, settings(file, { mapping: ['email', 'firstName'] }));
    expect(response.statusCode).toBe(400);
    expect(response.json<ErrorEnvelope>().error.message).toMatch(/No row can be imported/);
    // Refused as a whole: no job, no result rows left behind.
    expect(
      Number(
        await sqlValue(
          stack.imports.db,
          'SELECT COUNT(*) AS n FROM import_results r JOIN import_jobs j ON j.id = r.job_id WHERE j.file_id = ?',
          file.id,
        ),
      ),
    ).toBe(0);
  });
});

describe('results', () => {
  it('pages in row order and filters by status', async () => {
    const { job } = await startedJob();
    const page = (
      await editor.inject(`/api/imports/${job.id}/results?offset=1&limit=2`)
    ).json<ImportResultsPage>();
    expect(page.total).toBe(6);
    expect(page.rows.map((row) => [row.row, row.status])).toEqual([
      [3, 'skipped'],
      [4, 'skipped'],
    ]);
    const pending = (
      await editor.inject(`/api/imports/${job.id}/results?status=pending`)
    ).json<ImportResultsPage>();
    expect(pending.total).toBe(2);
    expect(pending.rows).toEqual([
      { row: 2, values: ['ana@example.mx', 'Ana', '12', 'first'], status: 'pending' },
      { row: 7, values: ['elodie@example.mx', '=1+1', '7', 'Élodie, from "Lyon"'], status: 'pending' },
    ]);
    const tooMany = await editor.inject(`/api/imports/${job.id}/results?limit=501`);
    expect(tooMany.statusCode).toBe(400);
  });

  it('downloads every row as CSV with id, status and reason, formula-safe, with a BOM', async () => {
    const { job } = await startedJob();
    const response = await editor.inject(`/api/imports/${job.id}/results.csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="trade show-results.csv"');
    expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = response.rawPayload.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe(
      '"Email","First Name","Employees","Notes","Marketo lead id","Import status","Import reason"',
    );
    expect(lines[1]).toBe('"ana@example.mx","Ana","12","first","","pending",""');
    expect(lines[2]).toBe(
      '"not-an-email","Bad","3","","","skipped","Email ""not-an-email"" is not a valid email address"',
    );
    expect(lines[5]).toBe('"ana@example.mx","Ana again","5","","","skipped","Same email as row 2"');
    expect(lines[6]).toBe('"elodie@example.mx","\'=1+1","7","Élodie, from ""Lyon""","","pending",""');
    expect(lines[7]).toBe('');
    expect(lines).toHaveLength(8);
  });

  it('keeps column names and status codes in any language, and words only the reason in it', async () => {
    const { job } = await startedJob();
    const read = async (lang: string) => {
      const response = await editor.inject(`/api/imports/${job.id}/results.csv?lang=${lang}`);
      expect(response.statusCode).toBe(200);
      return response.rawPayload.subarray(3).toString('utf8').split('\r\n');
    };
    const english = await read('en');
    const french = await read('fr-CA');
    const spanish = await read('es-MX');
    // Everything but the last cell (the reason) is the same bytes in every language.
    const withoutReason = (lines: string[]) => lines.map((line) => line.replace(/,"[^"]*(""[^"]*)*"$/, ''));
    expect(withoutReason(french)).toEqual(withoutReason(english));
    expect(withoutReason(spanish)).toEqual(withoutReason(english));
    expect(french[0]).toBe(english[0]);
    expect(french[2]).toBe('"not-an-email","Bad","3","","","skipped","L’adresse courriel n’est pas valide."');
    expect(spanish[5]).toBe(
      '"ana@example.mx","Ana again","5","","","skipped","Una fila anterior tiene la misma clave."',
    );
    expect(french[1]).toBe(english[1]);
  });

  it('refuses a language it does not speak', async () => {
    const { job } = await startedJob();
    const response = await editor.inject(`/api/imports/${job.id}/results.csv?lang=de-DE`);
    expect(response.statusCode).toBe(400);
    expect(response.json<ErrorEnvelope>().error.code).toBe('bad_request');
  });
});

describe('POST /api/imports/:id/cancel', () => {
  it('cancels every row not yet sent, once, and records it', async () => {
    const { job } = await startedJob();
    const response = await editor.inject({ method: 'POST', url: `/api/imports/${job.id}/cancel` });
    expect(response.statusCode).toBe(200);
    const cancelled = response.json<ImportJob>();
    expect(cancelled).toMatchObject({
      state: 'cancelled',
      finishedAt: expect.any(String) as unknown,
      counts: { total: 6, sent: 0, skipped: 4, cancelled: 2 },
      secondsLeft: null,
    });
    const rows = (
      await editor.inject(`/api/imports/${job.id}/results?status=cancelled`)
    ).json<ImportResultsPage>();
    expect(rows.rows.map((row) => row.row)).toEqual([2, 7]);

    const again = await editor.inject({ method: 'POST', url: `/api/imports/${job.id}/cancel` });
    expect(again.statusCode).toBe(400);
    expect(again.json<ErrorEnvelope>().error.message).toBe('The import has already finished (cancelled).');

    const activity = (await stack.api.inject('/api/activity?action=import')).json<ActivityPage>();
    expect(activity.entries[0]).toMatchObject({
      user: { id: editor.user.id },
      action: 'import',
      partitions: ['Mexico'],
      // The job's start and cancel, read as one item (server/store/audit-items.ts).
      summary: expect.stringContaining(
        'Latest: Import "trade show.csv" cancelled: 2 rows will not be sent (into Mexico)',
      ) as unknown,
      importJob: { id: job.id, entries: 2 },
    });
  });

  it('waits for a chunk in flight: the job is cancelling until the runner stores it', async () => {
    const { job } = await startedJob();
    // What the runner records before it sends a chunk (row 2 rides in chunk 1).
    await sqlRun(
      stack.imports.db,
      "INSERT INTO import_chunks (job_id, chunk, state, rows, sent_at_ms) VALUES (?, 1, 'sending', 1, ?)",
      job.id,
      Date.now(),
    );
    await sqlRun(
      stack.imports.db,
      'UPDATE import_results SET chunk = 1 WHERE job_id = ? AND row = 2',
      job.id,
    );
    const cancelled = (
      await editor.inject({ method: 'POST', url: `/api/imports/${job.id}/cancel` })
    ).json<ImportJob>();
    expect(cancelled).toMatchObject({ state: 'cancelling', finishedAt: null, counts: { cancelled: 1 } });
    const pending = (
      await editor.inject(`/api/imports/${job.id}/results?status=pending`)
    ).json<ImportResultsPage>();
    expect(pending.rows.map((row) => row.row)).toEqual([2]);
  });
});

describe('GET /api/imports', () => {
  it('lists recent jobs, newest first', async () => {
    const { job } = await startedJob();
    const list = (await editor.inject('/api/imports')).json<{ jobs: ImportJob[] }>();
    expect(list.jobs[0]?.id).toBe(job.id);
    expect(list.jobs.length).toBeLessThanOrEqual(20);
  });
});

describe('unused files', () => {
  it('are removed a day after upload; a file a job uses stays', async () => {
    const unused = await upload(editor, TRADE_SHOW);
    const { file: used } = await startedJob();
    stack.advanceClock(25 * 3600_000);
    // The clock moved past the session too: the same user signs in again.
    editor = await stack.signIn({ role: 'editor', partitions: [2], email: 'importer@example.com' });
    await upload(editor, TRADE_SHOW);
    const exists = async (id: string) =>
      Number(
        await sqlValue(stack.imports.db, 'SELECT COUNT(*) AS n FROM import_file_rows WHERE file_id = ?', id),
      );
    expect(await exists(unused.id)).toBe(0);
    expect(await exists(used.id)).toBe(6);
    const check = await editor.inject({
      method: 'POST',
      url: '/api/imports/check',
      payload: settings(unused),
    });
    expect(check.statusCode).toBe(404);
  });
});
