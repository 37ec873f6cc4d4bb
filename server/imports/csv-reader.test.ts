import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_COLUMNS } from '../contract/imports';
import { type CsvRecords, CsvFileError, readCsv } from './csv-reader';

const MB = 1024 * 1024;

/** An input that hands out its chunks only when asked, and tells how far it has been read. */
function trackedInput(chunks: Iterable<Buffer | string>): {
  input: Readable;
  state: { pulled: number; finished: boolean };
} {
  const state = { pulled: 0, finished: false };
  function* produce(): Generator<Buffer> {
    for (const chunk of chunks) {
      const bytes = Buffer.from(chunk);
      state.pulled += bytes.length;
      yield bytes;
    }
    state.finished = true;
  }
  return { input: Readable.from(produce()), state };
}

function splitInto(bytes: Buffer, size: number): Buffer[] {
  const parts: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += size) parts.push(bytes.subarray(start, start + size));
  return parts;
}

async function allRows(records: CsvRecords): Promise<{ row: number; cells: string[] }[]> {
  const rows: { row: number; cells: string[] }[] = [];
  for await (const row of records.rows) rows.push(row);
  return rows;
}

/** Reads the whole file, cut into chunks of `chunkSize` bytes (so every boundary case is crossed somewhere). */
async function readAll(file: Buffer | string, chunkSize: number, maxBytes = 10 * MB) {
  const bytes = Buffer.from(file);
  const records = await readCsv(trackedInput(splitInto(bytes, chunkSize)).input, { maxBytes });
  return { delimiter: records.delimiter, columns: records.columns, rows: await allRows(records), records };
}

/** The error reading the whole file fails with (from `readCsv` or from its rows). */
async function failureOf(file: Buffer | string, chunkSize = 1 << 16, maxBytes = 10 * MB): Promise<unknown> {
  try {
    await readAll(file, chunkSize, maxBytes);
  } catch (error) {
    return error;
  }
  throw new Error('The file was read without an error');
}

const CHUNK_SIZES = [1, 7, 1 << 16];

describe('readCsv: shapes a real file comes in', () => {
  const cases: {
    name: string;
    file: Buffer | string;
    delimiter: string;
    columns: string[];
    rows: { row: number; cells: string[] }[];
  }[] = [
    {
      name: 'plain UTF-8 with LF',
      file: 'email,firstName\na@example.com,Ann\nb@example.com,Bob\n',
      delimiter: ',',
      columns: ['email', 'firstName'],
      rows: [
        { row: 2, cells: ['a@example.com', 'Ann'] },
        { row: 3, cells: ['b@example.com', 'Bob'] },
      ],
    },
    {
      name: 'a UTF-8 BOM, CRLF and no line break at the end',
      file: '\ufeffEmail,Name\r\na@example.com,Zoë\r\nb@example.com,José',
      delimiter: ',',
      columns: ['Email', 'Name'],
      rows: [
        { row: 2, cells: ['a@example.com', 'Zoë'] },
        { row: 3, cells: ['b@example.com', 'José'] },
      ],
    },
    {
      name: 'quoted fields: embedded line breaks (not counted as rows), doubled quotes, delimiters',
      file: 'email,note\r\na@example.com,"line one\r\nline two"\r\nb@example.com,"say ""hi"", then go"\r\nc@example.com,x\r\n',
      delimiter: ',',
      columns: ['email', 'note'],
      rows: [
        { row: 2, cells: ['a@example.com', 'line one\r\nline two'] },
        { row: 3, cells: ['b@example.com', 'say "hi", then go'] },
        { row: 4, cells: ['c@example.com', 'x'] },
      ],
    },
    {
      name: 'semicolon separated (a European Excel), commas inside values',
      file: 'email;company;revenue\na@example.com;Acme, Inc.;1,5\n',
      delimiter: ';',
      columns: ['email', 'company', 'revenue'],
      rows: [{ row: 2, cells: ['a@example.com', 'Acme, Inc.', '1,5'] }],
    },
    {
      name: 'tab separated',
      file: 'email\tfirst name\na@example.com\tAnn Lee\n',
      delimiter: '\t',
      columns: ['email', 'first name'],
      rows: [{ row: 2, cells: ['a@example.com', 'Ann Lee'] }],
    },
    {
      name: 'delimiters inside quoted header cells do not count',
      file: '"a;b;c","d;e",f\n1,2,3\n',
      delimiter: ',',
      columns: ['a;b;c', 'd;e', 'f'],
      rows: [{ row: 2, cells: ['1', '2', '3'] }],
    },
    {
      name: 'a tie between candidates goes to the comma',
      file: 'a;b,c\n1;2,3\n',
      delimiter: ',',
      columns: ['a;b', 'c'],
      rows: [{ row: 2, cells: ['1;2', '3'] }],
    },
    {
      name: 'one column: no delimiter at all',
      file: 'email\na@example.com\n',
      delimiter: ',',
      columns: ['email'],
      rows: [{ row: 2, cells: ['a@example.com'] }],
    },
    {
      name: 'header cells are trimmed, data cells are left as they are',
      file: ' email , name \n a@example.com , Ann \n',
      delimiter: ',',
      columns: ['email', 'name'],
      rows: [{ row: 2, cells: [' a@example.com ', ' Ann '] }],
    },
    {
      name: 'blank lines are skipped but keep their spreadsheet row numbers',
      file: 'email\n\na@example.com\r\n\r\n\r\nb@example.com\n\n',
      delimiter: ',',
      columns: ['email'],
      rows: [
        { row: 3, cells: ['a@example.com'] },
        { row: 6, cells: ['b@example.com'] },
      ],
    },
    {
      name: 'short and long rows reach the caller (the row check reports them)',
      file: 'a,b\n1\n1,2,3\n',
      delimiter: ',',
      columns: ['a', 'b'],
      rows: [
        { row: 2, cells: ['1'] },
        { row: 3, cells: ['1', '2', '3'] },
      ],
    },
    {
      name: 'one apostrophe our downloads put before = + - @ tab or CR is dropped, any other is kept',
      file: `phone,note,n\n"'+52 55 1234 5678","'=1+1","'-5"\n"'@home","'\tx","'\ry"\n"''+1","'plain","+1"\n`,
      delimiter: ',',
      columns: ['phone', 'note', 'n'],
      rows: [
        { row: 2, cells: ['+52 55 1234 5678', '=1+1', '-5'] },
        { row: 3, cells: ['@home', '\tx', '\ry'] },
        { row: 4, cells: ["''+1", "'plain", '+1'] },
      ],
    },
    {
      name: 'a header and no rows',
      file: 'email,firstName\r\n',
      delimiter: ',',
      columns: ['email', 'firstName'],
      rows: [],
    },
  ];

  for (const { name, file, delimiter, columns, rows } of cases) {
    for (const chunkSize of CHUNK_SIZES) {
      it(`${name} (chunks of ${chunkSize} bytes)`, async () => {
        const read = await readAll(file, chunkSize);
        expect(read.delimiter).toBe(delimiter);
        expect(read.columns).toEqual(columns);
        expect(read.rows).toEqual(rows);
        expect(read.records.bytesRead()).toBe(Buffer.byteLength(file));
      });
    }
  }

  it(`takes ${MAX_IMPORT_COLUMNS} columns`, async () => {
    const header = Array.from({ length: MAX_IMPORT_COLUMNS }, (_, index) => `c${index}`).join(',');
    expect((await readAll(`${header}\n`, 1 << 16)).columns).toHaveLength(MAX_IMPORT_COLUMNS);
  });
});

describe('readCsv: files it refuses, in plain words', () => {
  const png = Buffer.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
  ]);
  const binary = /^This file is not a CSV text file: it contains binary data \(is it an Excel workbook\?/;
  const notUtf8 = /^This file is not UTF-8 text: save it as CSV UTF-8/;
  const webPage = /^This file is a web page \(HTML\/XML\), not CSV: export the list as CSV and try again\.$/;
  const cases: { name: string; file: Buffer | string; message: RegExp }[] = [
    { name: 'a PNG image', file: png, message: binary },
    {
      name: 'an Excel workbook (zip: PK header)',
      file: Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('[Content_Types].xml')]),
      message: binary,
    },
    {
      name: 'an old .xls (OLE header)',
      file: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]),
      message: binary,
    },
    { name: 'a NUL byte after a good start', file: 'email\na@example.com\n\u0000\n', message: binary },
    { name: 'Latin-1 text', file: Buffer.from('name\ncaf\xe9\n', 'latin1'), message: notUtf8 },
    { name: 'a character cut off at the end', file: Buffer.from([0x61, 0x0a, 0x62, 0xc3]), message: notUtf8 },
    {
      name: 'UTF-16 text (Excel "Unicode text")',
      file: Buffer.from('\ufeffemail\n', 'utf16le'),
      message: /^This file is UTF-16 text: save it as CSV UTF-8/,
    },
    { name: 'an empty file', file: '', message: /^The file is empty$/ },
    { name: 'only blank lines', file: '\r\n\r\n', message: /^The file is empty$/ },
    { name: 'only a BOM', file: '\ufeff', message: /^The file is empty$/ },
    {
      name: 'an empty column name',
      file: 'email,first,last,,phone\n',
      message: /^The header row has an empty column name \(column 4\)$/,
    },
    {
      name: 'two columns with one name (any case)',
      file: 'Email,name, EMAIL\n',
      message: /^Two columns are both called "Email"$/,
    },
    {
      name: 'too many columns',
      file: `${Array.from({ length: MAX_IMPORT_COLUMNS + 1 }, (_, index) => `c${index}`).join(',')}\n`,
      message: new RegExp(`^The header row has ${MAX_IMPORT_COLUMNS + 1} columns; an import takes at most`),
    },
    {
      name: 'a quote never closed (row counted in records, not lines)',
      file: `email,note\n${'a@example.com,"two\nlines"\n'.repeat(15)}b@example.com,"open\nc@example.com,x\n`,
      message: /^Row 17 has a quote that is never closed$/,
    },
    {
      name: 'a quote never closed in the header',
      file: 'email,"note\na@example.com,x\n',
      message: /^Row 1 has a quote that is never closed$/,
    },
    {
      name: 'a saved web page (after a BOM and blank lines)',
      file: '\ufeff\r\n  <!DOCTYPE html>\n<html><body><table><tr><td>a</td></tr></table></body></html>\n',
      message: webPage,
    },
    {
      name: 'an HTML page without a doctype',
      file: '<HTML lang="en">\n<body>a,b</body>\n',
      message: webPage,
    },
    {
      name: 'an XML file (Excel "XML Spreadsheet 2003")',
      file: '<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>\n',
      message: webPage,
    },
    {
      name: 'a stray quote inside a value',
      file: 'email,size\na@example.com,5" screen\n',
      message: /^Row 2 has a quote inside a value \(column 2\)/,
    },
    {
      name: 'text after a closing quote',
      file: 'email,size\n\na@example.com,"5" screen\n',
      message: /^Row 3 has text after a closing quote \(column 2\)/,
    },
  ];

  for (const { name, file, message } of cases) {
    for (const chunkSize of CHUNK_SIZES) {
      it(`${name} (chunks of ${chunkSize} bytes)`, async () => {
        const error = await failureOf(file, chunkSize);
        expect(error).toBeInstanceOf(CsvFileError);
        expect((error as CsvFileError).message).toMatch(message);
        expect((error as CsvFileError).status).toBe(400);
      });
    }
  }

  it('refuses a row longer than 4 MB (a quote left open in a big file) without reading on', async () => {
    const line = `a@example.com,${'x'.repeat(1024)}\n`;
    const { input, state } = trackedInput(
      (function* () {
        yield 'email,note\nz@example.com,ok\nb@example.com,"open\n';
        for (let index = 0; index < 8 * 1024; index += 1) yield line;
      })(),
    );
    // Whether it comes from readCsv or from its rows depends on how far the parser had read ahead.
    const error = await readCsv(input, { maxBytes: 50 * MB })
      .then(allRows)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CsvFileError);
    expect((error as CsvFileError).message).toBe('Row 3 is longer than 4 MB: is a quote in it never closed?');
    expect(state.finished).toBe(false);
  });
});

describe('readCsv: size cap', () => {
  it('answers 413 once the cap is passed and stops reading (the input is left for the route to answer on)', async () => {
    const { input, state } = trackedInput(
      (function* () {
        yield 'email,firstName\n';
        for (let index = 0; index < 20_000; index += 1) yield `lead${index}@example.com,Ann\n`;
      })(),
    );
    // Past the header sniff's first read (16 KiB of stream buffer on Node 20, 64 KiB on 22 and 24), so the cap is
    // met while rows stream, as in a real upload.
    const CAP = 256 * 1024;
    let records: CsvRecords | undefined;
    const error = await readCsv(input, { maxBytes: CAP })
      .then((read) => allRows((records = read)))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CsvFileError);
    expect((error as CsvFileError).status).toBe(413);
    expect((error as CsvFileError).message).toBe('The file is larger than 256 KB');
    expect(records?.bytesRead()).toBeGreaterThan(CAP);
    expect(state.finished).toBe(false);
    expect(state.pulled).toBeLessThan(CAP + 200 * 1024);
    expect(input.destroyed).toBe(false);
  });

  it('answers 413 from readCsv itself when the header alone is over the cap', async () => {
    const { input, state } = trackedInput(
      (function* () {
        for (let index = 0; index < 1000; index += 1) yield `column${index},`;
        yield '\n';
      })(),
    );
    const error = await readCsv(input, { maxBytes: (1 * MB) / 256 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CsvFileError);
    expect((error as CsvFileError).status).toBe(413);
    expect((error as CsvFileError).message).toBe('The file is larger than 4 KB');
    expect(state.finished).toBe(false);
  });

  it('takes a file of exactly the cap', async () => {
    const file = 'email\na@example.com\n';
    const read = await readAll(file, 3, Buffer.byteLength(file));
    expect(read.rows).toHaveLength(1);
  });
});

describe('readCsv: streaming', () => {
  const ROW_BYTES = 100;
  const ROWS = 200_000; // 20 MB
  const header = 'email,firstName,lastName,company\n';
  function fixedRow(index: number): string {
    const start = `lead${String(index).padStart(7, '0')}@example.com,Ann,Lee,`;
    return `${start.padEnd(ROW_BYTES - 1, 'x')}\n`;
  }
  function* generatedFile(): Generator<string> {
    yield header;
    // 64 KB chunks, as a socket would hand them over.
    let chunk = '';
    for (let index = 0; index < ROWS; index += 1) {
      chunk += fixedRow(index);
      if (chunk.length >= 64 * 1024) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }

  it('yields rows of a 20 MB file while reading it, never more than a little ahead', async () => {
    const { input, state } = trackedInput(generatedFile());
    const records = await readCsv(input, { maxBytes: 50 * MB });
    let count = 0;
    let furthestAhead = 0;
    let finishedBeforeFirstRow: boolean | undefined;
    for await (const { row, cells } of records.rows) {
      finishedBeforeFirstRow ??= state.finished;
      count += 1;
      expect(row).toBe(count + 1);
      if (count % 997 === 0) expect(cells[0]).toBe(`lead${String(count - 1).padStart(7, '0')}@example.com`);
      const consumed = header.length + count * ROW_BYTES;
      furthestAhead = Math.max(furthestAhead, state.pulled - consumed);
    }
    expect(finishedBeforeFirstRow).toBe(false);
    expect(count).toBe(ROWS);
    expect(state.finished).toBe(true);
    expect(records.bytesRead()).toBe(header.length + ROWS * ROW_BYTES);
    // Read-ahead is bounded by the stream buffers, not by the file: well under 1 MB of a 20 MB input.
    expect(furthestAhead).toBeLessThan(1 * MB);
  });

  it('stops reading when the caller stops iterating', async () => {
    const { input, state } = trackedInput(generatedFile());
    const records = await readCsv(input, { maxBytes: 50 * MB });
    let count = 0;
    for await (const _row of records.rows) {
      count += 1;
      if (count === 10) break;
    }
    expect(state.finished).toBe(false);
    expect(state.pulled).toBeLessThan(1 * MB);
  });
});
