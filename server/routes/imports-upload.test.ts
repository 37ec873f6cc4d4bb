// `POST /api/imports/files`: a CSV body streamed into the console database, and every way an upload is refused
// (wrong type, too large, not CSV, not an editor), each with the error envelope.
import { sqlRows, sqlValue } from '../testing/console-sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorEnvelope } from '../contract/errors';
import type { ImportFile } from '../contract/imports';
import { startTestStack, type ApiClient, type TestStack } from '../test-helpers';

const LIMIT_BYTES = 512 * 1024;

let stack: TestStack;

beforeAll(async () => {
  // Listening, so uploads can also stream through a real socket with fetch; a small limit to cross.
  stack = await startTestStack({ listen: true, imports: { maxBytes: LIMIT_BYTES, startRunner: false } });
});
afterAll(async () => {
  await stack.close();
});

function upload(client: ApiClient, body: string | Buffer, contentType = 'text/csv', name = 'leads.csv') {
  return client.inject({
    method: 'POST',
    url: `/api/imports/files?name=${encodeURIComponent(name)}`,
    headers: { 'content-type': contentType },
    payload: body,
  });
}

async function storedRows(fileId: string): Promise<number> {
  return Number(
    await sqlValue(stack.imports.db, 'SELECT COUNT(*) AS n FROM import_file_rows WHERE file_id = ?', fileId),
  );
}

describe('POST /api/imports/files', () => {
  it('stores a semicolon file with a BOM and answers its columns, count and sample', async () => {
    const text =
      '\uFEFFEmail;First Name;Notes\r\n' +
      'ana@example.mx;Ana;"Line one\nline two"\r\n' +
      'bea@example.mx;Béatrice;\r\n';
    const response = await upload(stack.api, text, 'text/csv; charset=utf-8', 'Trade show.csv');
    expect(response.statusCode).toBe(201);
    const file = response.json<ImportFile>();
    expect(file).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
      name: 'Trade show.csv',
      sizeBytes: Buffer.byteLength(text),
      delimiter: ';',
      columns: ['Email', 'First Name', 'Notes'],
      rowCount: 2,
      sample: [
        ['ana@example.mx', 'Ana', 'Line one\nline two'],
        ['bea@example.mx', 'Béatrice', ''],
      ],
    });
    expect(await storedRows(file.id)).toBe(2);
  });

  it('streams a chunked upload through a real socket into batched inserts', async () => {
    const rows = 2_500;
    const lines = Array.from(
      { length: rows },
      (_unused, index) => `lead-${index}@example.com,Name ${index}\n`,
    );
    const encoder = new TextEncoder();
    // No content-length: the body arrives in pieces, as a browser streams a large file.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode('email,firstName\n'));
        for (let start = 0; start < rows; start += 500) {
          controller.enqueue(encoder.encode(lines.slice(start, start + 500).join('')));
        }
        controller.close();
      },
    });
    const response = await fetch(`${stack.origin}/api/imports/files?name=big.csv`, {
      method: 'POST',
      headers: { ...stack.api.headers, 'content-type': 'text/csv' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(201);
    const file = (await response.json()) as ImportFile;
    expect(file.rowCount).toBe(rows);
    expect(file.sample).toHaveLength(5);
    expect(await storedRows(file.id)).toBe(rows);
    const [last] = await sqlRows(
      stack.imports.db,
      'SELECT row, cells FROM import_file_rows WHERE file_id = ? ORDER BY row DESC LIMIT 1',
      file.id,
    );
    expect(last).toEqual({
      row: rows + 1,
      cells: JSON.stringify([`lead-${rows - 1}@example.com`, `Name ${rows - 1}`]),
    });
  });

  it('refuses a JSON body with 415', async () => {
    const response = await upload(stack.api, JSON.stringify({ email: 'a@example.com' }), 'application/json');
    expect(response.statusCode).toBe(415);
    expect(response.json<ErrorEnvelope>().error).toEqual({
      code: 'unsupported_media_type',
      message: 'Send the file as text/csv.',
    });
  });

  it('refuses a declared length over the limit with 413 in MB, before reading it', async () => {
    const big = `email\n${'x@example.com\n'.repeat(LIMIT_BYTES / 10)}`;
    const response = await upload(stack.api, big);
    expect(response.statusCode).toBe(413);
    expect(response.json<ErrorEnvelope>().error).toEqual({
      code: 'payload_too_large',
      message: 'The file is larger than 0.5 MB, the most one import accepts.',
      reason: 'import_file_too_large',
      params: { megabytes: '0.5' },
    });
  });

  it('refuses a streamed body that grows past the limit with 413, and keeps none of it', async () => {
    const before = (await sqlRows(stack.imports.db, 'SELECT COUNT(*) AS n FROM import_files'))[0];
    const chunk = new TextEncoder().encode('someone@example.com,Somebody\n'.repeat(1000));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 4 * LIMIT_BYTES) controller.close();
        else controller.enqueue(sent === 0 ? new TextEncoder().encode('email,firstName\n') : chunk);
        sent += chunk.length;
      },
    });
    // The proxy answers while the client is still sending, and closes the connection.
    const response = await fetch(`${stack.origin}/api/imports/files`, {
      method: 'POST',
      headers: { ...stack.api.headers, 'content-type': 'text/csv' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(response.headers.get('connection')).toBe('close');
    expect(((await response.json()) as ErrorEnvelope).error).toEqual({
      code: 'payload_too_large',
      message: 'The file is larger than 0.5 MB, the most one import accepts.',
      reason: 'import_file_too_large',
      params: { megabytes: '0.5' },
    });
    expect((await sqlRows(stack.imports.db, 'SELECT COUNT(*) AS n FROM import_files'))[0]).toEqual(before);
  });

  it('refuses a PNG with 400 in plain words', async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(64, 0),
    ]);
    const response = await upload(stack.api, png, 'text/csv', 'photo.png');
    expect(response.statusCode).toBe(400);
    const error = response.json<ErrorEnvelope>().error;
    expect(error.code).toBe('bad_request');
    expect(error.message).toMatch(/not a CSV text file/);
    expect(error.reason).toBe('csv_binary');
  });

  it('names the row of a quote never closed by code and value, for the browser to word', async () => {
    const response = await upload(stack.api, 'email,firstName\na@example.com,Ana\nb@example.com,"Bea\n');
    expect(response.statusCode).toBe(400);
    expect(response.json<ErrorEnvelope>().error).toEqual({
      code: 'bad_request',
      message: 'Row 3 has a quote that is never closed',
      reason: 'csv_quote_not_closed',
      params: { row: 3 },
    });
  });

  it('refuses a viewer with 403', async () => {
    const viewer = await stack.signIn({ role: 'viewer', partitions: 'all' });
    const response = await upload(viewer, 'email\na@example.com\n');
    expect(response.statusCode).toBe(403);
    expect(response.json<ErrorEnvelope>().error.code).toBe('forbidden');
  });

  it('refuses an upload without a session with 401', async () => {
    const response = await stack.app.inject({
      method: 'POST',
      url: '/api/imports/files',
      headers: { 'content-type': 'text/csv' },
      payload: 'email\na@example.com\n',
    });
    expect(response.statusCode).toBe(401);
  });
});
