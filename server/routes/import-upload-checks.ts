// What an upload must pass before its body is read, and the answers for a file refused while it streams.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireRole } from '../auth/access';
import { currentUser } from '../auth/request-auth';
import { ApiError, type Said } from '../http/api-error';

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 10 ? String(Math.round(mb)) : String(Number(mb.toPrecision(2)));
}

// The client may still be sending: close the connection rather than read the rest of a body we refuse.
export function tooLarge(maxBytes: number): ApiError {
  return new ApiError(
    413,
    'payload_too_large',
    `The file is larger than ${megabytes(maxBytes)} MB, the most one import accepts.`,
    {
      headers: { connection: 'close' },
      said: { reason: 'import_file_too_large', params: { megabytes: megabytes(maxBytes) } },
    },
  );
}

export function notCsv(message: string, said?: Said): ApiError {
  return new ApiError(400, 'bad_request', message, {
    headers: { connection: 'close' },
    ...(said && { said }),
  });
}

function isCsvType(header: string | undefined): boolean {
  return /^text\/csv\s*(;|$)/i.test(header ?? '');
}

/** Refuses an upload on its headers alone: role, media type, declared size. */
export function checkUpload(request: FastifyRequest, maxBytes: number): void {
  requireRole(currentUser(request), 'editor');
  if (!isCsvType(request.headers['content-type'])) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the file as text/csv.', {
      headers: { connection: 'close' },
    });
  }
  if (Number(request.headers['content-length']) > maxBytes) throw tooLarge(maxBytes);
}

/** Scoped to the plugin that calls it: a text/csv body reaches the handler as the raw stream, never buffered whole. */
export function acceptCsvStream(app: Pick<FastifyInstance, 'addContentTypeParser'>): void {
  app.addContentTypeParser('text/csv', (_request, payload, parsed) => {
    parsed(null, payload);
  });
}
