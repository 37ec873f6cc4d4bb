// TRUST_PROXY: which X-Forwarded-For hops the console believes. `true` (believe every hop) is refused: a client
// could then put any address first and forge its own, escaping the sign-in limits and the audit's address.
import { isIP } from 'node:net';
import { z } from 'zod';

/** Fastify's `trustProxy`: off, the number of proxies in front, or the proxies' addresses (or CIDR ranges). */
export type TrustProxy = false | number | string[];

const MAX_HOPS = 10;
const MESSAGE =
  'TRUST_PROXY must be false, the number of reverse proxies in front of the console (e.g. 1), or their ' +
  'comma-separated addresses (e.g. 10.0.0.5,10.0.0.0/24); true would believe forged X-Forwarded-For hops';

function isAddressOrRange(text: string): boolean {
  const [address = '', bits, ...rest] = text.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  if (!/^[0-9]{1,3}$/.test(bits)) return false;
  return Number(bits) <= (version === 4 ? 32 : 128);
}

/** Reads TRUST_PROXY's text, or returns `undefined` when it is not one of the accepted forms. */
export function parseTrustProxy(text: string): TrustProxy | undefined {
  const value = text.trim();
  if (value === 'false') return false;
  if (/^[0-9]+$/.test(value)) {
    const hops = Number(value);
    if (hops === 0) return false;
    return hops <= MAX_HOPS ? hops : undefined;
  }
  const list = value.split(',').map((part) => part.trim());
  return list.length > 0 && list.every(isAddressOrRange) ? list : undefined;
}

/** The env schema of TRUST_PROXY's (already non-empty) text; `false` when not set. */
export const TrustProxySchema = z
  .string()
  .default('false')
  .transform((text, ctx): TrustProxy => {
    const parsed = parseTrustProxy(text);
    if (parsed === undefined) {
      ctx.addIssue({ code: 'custom', message: MESSAGE });
      return z.NEVER;
    }
    return parsed;
  });

/**
 * `value` in the form Fastify's types accept: a hop count becomes "trust the first N hops from the socket",
 * which is what Fastify (proxy-addr) does with a number at run time.
 */
export function fastifyTrustProxy(
  value: TrustProxy | undefined,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof value === 'number') return (_address, hop) => hop < value;
  return value ?? false;
}
