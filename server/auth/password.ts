// Password hashing with scrypt (memory-hard, in Node's own crypto). The parameters and a per-user random salt
// are stored inside the hash string, so the cost can be raised later without invalidating existing hashes.
// Every hash waits its turn in `passwordChecks` (server/auth/password-checks.ts), so sign-ins cannot fill the
// thread pool that file reads share.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { passwordChecks } from './password-checks';

/** scrypt cost parameters; `N` must be a power of two. */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** 32 MiB of memory per hash: memory-hard, yet quick enough for a sign-in on a small server. */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };

const KEY_BYTES = 32;
const SALT_BYTES = 16;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  // Node refuses by default above 32 MiB; allow twice what the parameters need.
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return passwordChecks.run(
    () =>
      new Promise<Buffer>((resolve, reject) => {
        scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (error, key) =>
          error ? reject(error) : resolve(key),
        );
      }),
  );
}

/** A self-describing hash: `scrypt$N$r$p$salt$key` (salt and key base64url). */
export async function hashPassword(
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join(
    '$',
  );
}

function parse(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | undefined {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return undefined;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (![params.N, params.r, params.p].every((value) => Number.isSafeInteger(value) && value > 0))
    return undefined;
  return { params, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
}

/** Whether `password` matches `stored`; constant-time on the derived key. A malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/**
 * Spends the same work as a real check, for sign-ins naming no known account, so response times do not tell
 * which emails have accounts.
 */
export async function burnPasswordCheck(password: string, params: ScryptParams): Promise<void> {
  await derive(password, randomBytes(SALT_BYTES), params);
}
