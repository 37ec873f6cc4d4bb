// The upload's bytes as UTF-8 text, refused as soon as they show the file is something else: too large, binary
// (a workbook, PDF or image picked by mistake), UTF-16, another encoding, or a saved web page.
import type { Readable } from 'node:stream';
import { CsvFileError, sizeInWords } from './csv-file-error';

const BINARY =
  'This file is not a CSV text file: it contains binary data (is it an Excel workbook? Save it as CSV UTF-8 first).';
const NOT_UTF8 = 'This file is not UTF-8 text: save it as CSV UTF-8 and upload it again.';
const UTF16 = 'This file is UTF-16 text: save it as CSV UTF-8 and upload it again.';
export const WEB_PAGE = 'This file is a web page (HTML/XML), not CSV: export the list as CSV and try again.';

// How a saved web page (or an "XML spreadsheet") starts, after any BOM and blank space; compared in lower case.
const WEB_PAGE_STARTS = ['<!doctype html', '<html', '<?xml'];
export const WEB_PAGE_PREFIX = Math.max(...WEB_PAGE_STARTS.map((start) => start.length));

// Signatures of files people pick by mistake: zip (xlsx, ods), the old Excel .xls, PDF and images.
const BINARY_STARTS = [
  Buffer.from('PK\x03\x04', 'latin1'),
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0]),
  Buffer.from('%PDF', 'latin1'),
  Buffer.from([0x89, 0x50, 0x4e, 0x47]),
  Buffer.from([0xff, 0xd8, 0xff]),
  Buffer.from('GIF8', 'latin1'),
];
const UTF16_STARTS = [Buffer.from([0xff, 0xfe]), Buffer.from([0xfe, 0xff])];
const SIGNATURE_BYTES = 4;

export interface CheckedChunk {
  bytes: Buffer;
  text: string;
}

/**
 * The input's chunks, refused as soon as they are too many bytes or not UTF-8 text. Stopping (an error, or the
 * caller breaking out) stops reading but leaves the input undestroyed: destroying an HTTP request kills its
 * socket, and the route still has to answer 413 or 400 on it.
 */
export async function* checkedChunks(
  input: Readable,
  maxBytes: number,
  counted: (bytes: number) => void,
): AsyncGenerator<CheckedChunk> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let total = 0;
  // The first chunk may be a single byte; signatures are checked once a few bytes have come in.
  let start: Buffer | undefined = Buffer.alloc(0);
  for await (const chunk of input.iterator({ destroyOnReturn: false }) as AsyncIterable<unknown>) {
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += bytes.length;
    counted(bytes.length);
    if (total > maxBytes)
      throw new CsvFileError(`The file is larger than ${sizeInWords(maxBytes)}`, undefined, 413);
    if (start !== undefined) {
      bytes = Buffer.concat([start, bytes]);
      if (bytes.length < SIGNATURE_BYTES) {
        start = bytes;
        continue;
      }
      checkSignature(bytes);
      start = undefined;
    }
    yield { bytes, text: decodeChunk(decoder, bytes) };
  }
  if (start !== undefined && start.length > 0) {
    checkSignature(start);
    yield { bytes: start, text: decodeChunk(decoder, start) };
  }
  decodeChunk(decoder, undefined);
}

function checkSignature(bytes: Buffer): void {
  if (UTF16_STARTS.some((signature) => startsWith(bytes, signature)))
    throw new CsvFileError(UTF16, { reason: 'csv_utf16' });
  if (BINARY_STARTS.some((signature) => startsWith(bytes, signature)))
    throw new CsvFileError(BINARY, { reason: 'csv_binary' });
}

export function isWebPage(opening: string): boolean {
  const start = opening.toLowerCase();
  return WEB_PAGE_STARTS.some((signature) => start.startsWith(signature));
}

function startsWith(bytes: Buffer, signature: Buffer): boolean {
  return bytes.length >= signature.length && bytes.subarray(0, signature.length).equals(signature);
}

/** The chunk as text (`undefined` ends the stream: a character cut off at the end is not UTF-8 either). */
function decodeChunk(decoder: TextDecoder, bytes: Buffer | undefined): string {
  // A NUL never appears in text; UTF-8 would take it, so it is looked for first.
  if (bytes?.includes(0)) throw new CsvFileError(BINARY, { reason: 'csv_binary' });
  try {
    return bytes === undefined ? decoder.decode() : decoder.decode(bytes, { stream: true });
  } catch {
    // Invalid UTF-8 with control bytes around it is a binary file; without them, text in another encoding.
    throw bytes && hasControlBytes(bytes)
      ? new CsvFileError(BINARY, { reason: 'csv_binary' })
      : new CsvFileError(NOT_UTF8, { reason: 'csv_not_utf8' });
  }
}

/** Control characters that no text export writes (tab, line feed, carriage return and escape are left out). */
function hasControlBytes(bytes: Buffer): boolean {
  return bytes.some(
    (byte) => byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x1b,
  );
}
