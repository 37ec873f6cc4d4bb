import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/api-error';
import { hashPassword, verifyPassword } from './password';
import { DEFAULT_PASSWORD_CHECK_LIMITS, passwordChecks } from './password-checks';

const cheap = { N: 2 ** 10, r: 8, p: 1 };

describe('password hashing', () => {
  it('stores scrypt parameters and a per-user salt, and verifies only the right password', async () => {
    const one = await hashPassword('correct horse battery', cheap);
    const two = await hashPassword('correct horse battery', cheap);
    expect(one).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(one).not.toBe(two);
    expect(await verifyPassword('correct horse battery', one)).toBe(true);
    expect(await verifyPassword('correct horse batterY', one)).toBe(false);
    expect(await verifyPassword('', one)).toBe(false);
  });

  it('uses the parameters stored with the hash, and never matches a malformed hash', async () => {
    const stronger = await hashPassword('s3cret-passphrase', { N: 2 ** 11, r: 8, p: 1 });
    expect(await verifyPassword('s3cret-passphrase', stronger)).toBe(true);
    for (const bad of ['', 'plain', 'scrypt$x$8$1$a$b', 'bcrypt$10$8$1$a$b']) {
      expect(await verifyPassword('s3cret-passphrase', bad)).toBe(false);
    }
  });

  it('defaults to a memory-hard cost (32 MiB)', async () => {
    const hash = await hashPassword('default-cost-password');
    expect(hash.startsWith('scrypt$32768$8$1$')).toBe(true);
  });

  it('runs two hashes at a time (the thread pool stays free) and refuses at once past 64 waiting', async () => {
    const hash = await hashPassword('queued-passphrase', cheap);
    const { concurrency, maxWaiting } = DEFAULT_PASSWORD_CHECK_LIMITS;
    const checks = Array.from({ length: concurrency + maxWaiting + 3 }, () =>
      verifyPassword('queued-passphrase', hash).catch((error: unknown) => error),
    );
    expect(passwordChecks.load()).toEqual({ running: concurrency, waiting: maxWaiting });
    const results = await Promise.all(checks);
    expect(results.filter((result) => result === true)).toHaveLength(concurrency + maxWaiting);
    const refused = results.filter((result) => result instanceof ApiError);
    expect(refused).toHaveLength(3);
    expect(refused[0]).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(passwordChecks.load()).toEqual({ running: 0, waiting: 0 });
  });
});
