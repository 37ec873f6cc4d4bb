// Sign-in limits under real concurrency: many sign-ins in flight at once over HTTP against a listening proxy,
// with the production scrypt cost, so the password checks really overlap.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, TEST_SCRYPT_PARAMS, type TestStack } from '../test-helpers';
import { DEFAULT_SCRYPT_PARAMS, hashPassword } from './password';
import { passwordChecks } from './password-checks';
import { DEFAULT_SIGN_IN_LIMITS } from './sign-in-limiter';

const PASSWORD = 'the-real-password-2026';
let strongHash: string;
let cheapHash: string;
let userCounter = 0;

beforeAll(async () => {
  strongHash = await hashPassword(PASSWORD, DEFAULT_SCRYPT_PARAMS);
  cheapHash = await hashPassword(PASSWORD, TEST_SCRYPT_PARAMS);
});

/** By default a user whose password check costs what it does in production (32 MiB scrypt), so checks overlap. */
async function createUser(stack: TestStack, passwordHash = strongHash): Promise<string> {
  const email = `race-${++userCounter}@test.example`;
  await stack.access.users.create({
    email,
    name: 'Race target',
    role: 'viewer',
    partitions: [2],
    passwordHash,
    createdAt: new Date().toISOString(),
  });
  return email;
}

/** Signs in from `address` (TRUST_PROXY is 1, so the one X-Forwarded-For hop is the client). */
function signIn(stack: TestStack, email: string, password: string, address: string): Promise<Response> {
  return fetch(`${stack.origin}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ email, password }),
  });
}

describe('sign-in limits hold against concurrent guesses', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({
      listen: true,
      app: { trustProxy: 1 },
      signInLimits: DEFAULT_SIGN_IN_LIMITS,
    });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('40 guesses at once from one address, the right password 30th: at most 5 checked, the right one refused', async () => {
    const email = await createUser(stack);
    const guess = (i: number) =>
      signIn(stack, email, i === 29 ? PASSWORD : `wrong-guess-${i}`, '198.51.100.10').then((r) => r.status);
    const first = Array.from({ length: 29 }, (_, i) => guess(i));
    // The right password goes out once the server has refused one of the first 29: by then five are counted,
    // whichever reached the server first, so the answer below cannot depend on the order connections open.
    await Promise.any(
      first.map((status) => status.then((s) => (s === 429 ? s : Promise.reject(new Error())))),
    );
    const rest = Array.from({ length: 11 }, (_, i) => guess(29 + i));
    const statuses = await Promise.all([...first, ...rest]);
    expect(statuses[29]).toBe(429);
    expect(statuses.filter((status) => status === 200)).toHaveLength(0);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(35);
  });

  it('80 guesses at once from one address do not lock the user out from theirs', async () => {
    const email = await createUser(stack);
    const statuses = await Promise.all(
      Array.from({ length: 80 }, (_, i) =>
        signIn(stack, email, `wrong-guess-${i}`, '198.51.100.20').then((r) => r.status),
      ),
    );
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
    expect((await signIn(stack, email, PASSWORD, '203.0.113.20')).status).toBe(200);
    expect((await signIn(stack, email, PASSWORD, '198.51.100.20')).status).toBe(429);
  });

  it('guesses spread over many addresses lock the account everywhere but where the user signed in', async () => {
    // The count holds whatever the overlap (pending attempts count), so a cheap hash keeps this test quick.
    const email = await createUser(stack, cheapHash);
    expect((await signIn(stack, email, PASSWORD, '203.0.113.30')).status).toBe(200);
    // 12 addresses × 5 wrong guesses each: 60 failures, past the overall bar of 50.
    const statuses = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        signIn(stack, email, `wrong-guess-${i}`, `192.0.2.${i % 12}`).then((r) => r.status),
      ),
    );
    // Guesses still being checked count too: the 51st is refused even while the first 50 are in flight.
    expect(statuses.filter((status) => status === 401)).toHaveLength(50);
    expect((await signIn(stack, email, PASSWORD, '203.0.113.31')).status).toBe(429);
    expect((await signIn(stack, email, PASSWORD, '203.0.113.30')).status).toBe(200);
  });
});

describe('sign-ins cannot starve the thread pool', () => {
  let stack: TestStack;
  let distDir: string;
  beforeAll(async () => {
    distDir = mkdtempSync(join(tmpdir(), 'sign-in-races-dist-'));
    mkdirSync(join(distDir, 'assets'));
    writeFileSync(join(distDir, 'index.html'), '<!doctype html><title>Partition Console</title>');
    writeFileSync(join(distDir, 'assets', 'app-1234.js'), 'console.log("app");');
    // The default, generous limits: 60 sign-ins of one account at once are all legitimate here.
    stack = await startTestStack({ listen: true, app: { trustProxy: 1 }, distDir });
  });
  afterAll(async () => {
    await stack.close();
    rmSync(distDir, { recursive: true, force: true });
  });

  it('serves a static file while 60 sign-ins are being checked, long before the last of them', async () => {
    const email = await createUser(stack);
    const answered: string[] = [];
    const signIns = Array.from({ length: 60 }, (_, i) =>
      signIn(stack, email, PASSWORD, `198.51.100.${100 + i}`).then((response) => {
        answered.push('sign-in');
        return response.status;
      }),
    );
    // Ask for the file once the server holds many sign-ins for their check, not before.
    const inFlight = () => passwordChecks.load().running + passwordChecks.load().waiting;
    while (inFlight() < 8) await new Promise((resolve) => setImmediate(resolve));
    const file = await fetch(`${stack.origin}/assets/app-1234.js`);
    answered.push('static');
    expect(file.status).toBe(200);
    expect(await file.text()).toBe('console.log("app");');
    const statuses = await Promise.all(signIns);
    expect(statuses.every((status) => status === 200)).toBe(true);
    // Unbounded, 60 scrypt jobs filled the pool and the file's reads queued behind nearly all of them.
    expect(answered.indexOf('static')).toBeLessThan(30);
    // 60 production-cost hashes, two at a time, on a shared 2-core machine: more than the default 30 s.
  }, 120_000);
});
