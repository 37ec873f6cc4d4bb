// Raw HTTP plumbing: bounded body reads and Marketo-like response headers (docs/marketo-api.md §1).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_URI_BYTES = 8 * 1024;
/** Marketo only compresses bodies of 1 KB or more (docs/marketo-api.md §1). */
const GZIP_MIN_BYTES = 1024;

export interface EmulatorReply {
  status: number;
  contentType: string;
  /** Text is sent as UTF-8; bytes as they are (a byte range of a bulk export file). */
  body: string | Buffer;
  headers?: Record<string, string>;
  /** False for answers Marketo never gzips, whatever their size (bulk calls). */
  compressible?: boolean;
}

export const JSON_TYPE = 'application/json;charset=UTF-8';

export function jsonReply(body: unknown, status = 200, headers?: Record<string, string>): EmulatorReply {
  return { status, contentType: JSON_TYPE, body: JSON.stringify(body), ...(headers ? { headers } : {}) };
}

/** What nginx in front of Marketo answers for gateway-level failures. */
export function nginxReply(status: number, reason: string): EmulatorReply {
  const title = `${status} ${reason}`;
  const body = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
  return { status, contentType: 'text/html', body };
}

export function sendReply(req: IncomingMessage, res: ServerResponse, reply: EmulatorReply): void {
  if (res.headersSent || res.destroyed) return;
  let payload: Buffer = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
  const headers: Record<string, string> = {
    'Content-Type': reply.contentType,
    Server: 'nginx',
    ...reply.headers,
  };
  const accepts = String(req.headers['accept-encoding'] ?? '');
  const compressible = reply.compressible !== false && reply.contentType === JSON_TYPE;
  if (compressible && payload.length >= GZIP_MIN_BYTES && /\bgzip\b/i.test(accepts)) {
    payload = gzipSync(payload);
    headers['Content-Encoding'] = 'gzip';
    headers.Vary = 'Accept-Encoding';
  }
  headers['Content-Length'] = String(payload.length);
  res.writeHead(reply.status, headers);
  res.end(payload);
}

export type BodyResult = { kind: 'ok'; bytes: Buffer } | { kind: 'too-large' };

/**
 * Reads the whole body, or stops keeping it once it passes `limit` (the rest is drained so the client can read
 * our 413 instead of seeing a reset connection).
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        // Past 64 MB we stop being polite: nobody is waiting for that answer.
        if (size > 64 * limit) req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(tooLarge ? { kind: 'too-large' } : { kind: 'ok', bytes: Buffer.concat(chunks) }),
    );
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete)
        resolve(tooLarge ? { kind: 'too-large' } : { kind: 'ok', bytes: Buffer.concat(chunks) });
    });
  });
}

export function declaredLength(req: IncomingMessage): number | undefined {
  const raw = req.headers['content-length'];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

/** Strict UTF-8 decode: invalid byte sequences mean the body is not JSON Marketo can read. */
export function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

export function mediaType(req: IncomingMessage): string {
  const raw = String(req.headers['content-type'] ?? '');
  return (raw.split(';')[0] ?? '').trim().toLowerCase();
}
