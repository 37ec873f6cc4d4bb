// REDIS_URL as an operator sets it: two real proxy processes in front of one Marketo (an emulator) and one Redis
// (a real redis-server) share their sign-in limits, and sign-in fails closed while Redis is away.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ErrorEnvelopeSchema } from '../contract/errors';
import { startEmulator, type RunningEmulator } from '../emulator/index';
import { startProxyProcess, type ProxyProcess } from '../proxy-process';
import { startTestRedis, type TestRedis } from '../testing/redis-server';

const ADMIN = { email: 'replicas.admin@example.com', password: 'replicas-admin-password-1' };

let emulator: RunningEmulator;
let redis: TestRedis;
let proxies: ProxyProcess[];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  redis = await startTestRedis();
  const env = {
    MARKETO_BASE_URL: emulator.origin,
    MARKETO_CLIENT_ID: emulator.clientId,
    MARKETO_CLIENT_SECRET: emulator.clientSecret,
    CONSOLE_DB_FILE: ':memory:',
    CONSOLE_ADMIN_EMAIL: ADMIN.email,
    CONSOLE_ADMIN_PASSWORD: ADMIN.password,
    REDIS_URL: redis.url,
    REDIS_PREFIX: redis.prefix,
  };
  proxies = await Promise.all([startProxyProcess(env), startProxyProcess(env)]);
}, 120_000);
afterAll(async () => {
  for (const proxy of proxies) proxy.kill('SIGTERM');
  await Promise.all(proxies.map((proxy) => proxy.exit));
  await redis.close();
  await emulator.close();
});

function signIn(proxy: ProxyProcess, password: string): Promise<Response> {
  return fetch(`${proxy.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN.email, password }),
  });
}

it('locks the account on the second process after 5 wrong passwords on the first', async () => {
  const [first, second] = proxies;
  for (let i = 0; i < 5; i++) expect((await signIn(first!, `wrong-${i}`)).status).toBe(401);
  const refused = await signIn(second!, ADMIN.password);
  expect(refused.status).toBe(429);
  expect(ErrorEnvelopeSchema.parse(await refused.json()).error.code).toBe('rate_limited');
});

// Skipped against TEST_REDIS_URL: a server this test did not start is not its to stop.
it.skipIf(Boolean(process.env.TEST_REDIS_URL))(
  'answers sign-in with 503 while Redis is down, and signs in again once the process has reconnected',
  async () => {
    const [first] = proxies;
    await redis.stop();
    const refused = await signIn(first!, ADMIN.password);
    expect(refused.status).toBe(503);
    expect(ErrorEnvelopeSchema.parse(await refused.json()).error.code).toBe('coordination_unavailable');
    // A restarted Redis is empty: the lockout above is gone with it. The process reconnects on its own.
    await redis.restart();
    let status = 503;
    while (status === 503) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await signIn(first!, ADMIN.password)).status;
    }
    expect(status).toBe(200);
  },
  60_000,
);
