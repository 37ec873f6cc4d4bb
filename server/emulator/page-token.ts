// Paging tokens in the look of Marketo's (upper-case base32, e.g. "GIYDAOBN…"): the offset of the next page plus
// a fingerprint of the query, so a token replayed against another query is refused instead of silently reused.
import { createHash } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function unbase32(text: string): Buffer | undefined {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text) {
    const index = ALPHABET.indexOf(ch);
    if (index < 0) return undefined;
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function queryFingerprint(parts: readonly string[]): string {
  return createHash('sha1').update(parts.join('\n')).digest('hex').slice(0, 12);
}

export function encodePageToken(offset: number, fingerprint: string): string {
  return base32(Buffer.from(`${offset}:${fingerprint}`));
}

/** The offset a token points at, or undefined when it is not a token issued for this query. */
export function decodePageToken(token: string, fingerprint: string): number | undefined {
  const [offset, print] = (unbase32(token)?.toString('utf8') ?? '').split(':');
  if (print !== fingerprint || offset === undefined || !/^\d+$/.test(offset)) return undefined;
  return Number(offset);
}
