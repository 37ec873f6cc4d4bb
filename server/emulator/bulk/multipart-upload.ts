// Reads Bulk Import's multipart/form-data request as it streams in: the `file` part is kept up to the size limit
// (docs/marketo-api.md §10.1: 413 past 10 MB), text fields are collected, everything else is drained unread.
import type { IncomingMessage } from 'node:http';
import { Busboy } from '@fastify/busboy';

export type Upload =
  | { kind: 'ok'; fields: Map<string, string>; file: Buffer | undefined }
  | { kind: 'too-large' }
  /** Not multipart/form-data at all (612). */
  | { kind: 'not-multipart' }
  /** Multipart that cannot be read: no boundary, truncated, malformed (613). */
  | { kind: 'malformed' };

/** Past this multiple of the limit the connection is cut: nobody is still waiting for the answer. */
const DRAIN_FACTOR = 8;

export function readUpload(req: IncomingMessage, maxBytes: number): Promise<Upload> {
  const contentType = String(req.headers['content-type'] ?? '');
  if (!/^multipart\/form-data\b/i.test(contentType)) {
    req.resume();
    return Promise.resolve({ kind: 'not-multipart' });
  }
  return new Promise((resolve) => {
    let settled = false;
    const settle = (upload: Upload): void => {
      if (settled) return;
      settled = true;
      // Whatever is left is drained, so the client reads our answer rather than a reset connection.
      req.unpipe();
      req.resume();
      resolve(upload);
    };
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) settle({ kind: 'too-large' });
      if (received > DRAIN_FACTOR * maxBytes) req.destroy();
    });
    req.on('error', () => settle({ kind: 'malformed' }));
    req.on('close', () => {
      if (!req.complete) settle({ kind: 'malformed' });
    });

    let parser: ReturnType<typeof Busboy>;
    try {
      parser = Busboy({
        headers: { ...req.headers, 'content-type': contentType },
        limits: { fileSize: maxBytes, fields: 32, parts: 64, fieldSize: 64 * 1024 },
      });
    } catch {
      // A multipart type without a boundary.
      settle({ kind: 'malformed' });
      return;
    }
    const fields = new Map<string, string>();
    const chunks: Buffer[] = [];
    let file: Buffer | undefined;
    let pending = 0;
    let finished = false;
    const done = (): void => {
      if (finished && pending === 0) settle({ kind: 'ok', fields, file });
    };
    parser.on('field', (name, value) => {
      if (!fields.has(name)) fields.set(name, value);
    });
    parser.on('file', (name, stream) => {
      if (name !== 'file' || file !== undefined || pending > 0) {
        stream.resume();
        return;
      }
      pending += 1;
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => settle({ kind: 'too-large' }));
      // A part cut short (the body ended mid-file) errors here, not only on the parser.
      stream.on('error', () => settle({ kind: 'malformed' }));
      stream.on('end', () => {
        pending -= 1;
        file = Buffer.concat(chunks);
        chunks.length = 0;
        done();
      });
    });
    parser.on('finish', () => {
      finished = true;
      done();
    });
    parser.on('error', () => settle({ kind: 'malformed' }));
    req.pipe(parser);
  });
}
