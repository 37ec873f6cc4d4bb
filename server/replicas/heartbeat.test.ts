// Replicas on one PostgreSQL, as real proxy processes: each keeps a heartbeat row while it runs and removes it when
// it stops; a replica that would not share Marketo's limits through Redis with a live one refuses to start, and a
// stale heartbeat (a replica killed long ago) blocks nobody.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../emulator/index';
import { startProxyProcess, type ProxyProcess } from '../proxy-process';
import { openConsoleDb } from '../store/database';
import type { ConsoleDb } from '../store/kysely';
import { sqlRows, sqlRun } from '../testing/console-sql';
import { startTestRedis, type TestRedis } from '../testing/redis-server';
import { testDatabaseUrl } from '../testing/test-database';

let emulator: RunningEmulator;
let redis: TestRedis;
const running: ProxyProcess[] = [];
const dbs: ConsoleDb[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, dbFile: ':memory:', config: {} });
  redis = await startTestRedis();
});

afterAll(async () => {
  for (const proxy of running) {
    proxy.kill('SIGKILL');
    await proxy.exit;
  }
  for (const db of dbs) await db.close();
  await emulator?.close();
  await redis?.close();
});

function replicaEnv(databaseUrl: string, withRedis: boolean): Record<string, string> {
  return {
    MARKETO_BASE_URL: emulator.origin,
    MARKETO_CLIENT_ID: emulator.clientId,
    MARKETO_CLIENT_SECRET: emulator.clientSecret,
    DATABASE_URL: databaseUrl,
    CONSOLE_ADMIN_EMAIL: 'replicas.admin@example.com',
    CONSOLE_ADMIN_PASSWORD: 'replicas-admin-password-1',
    REDIS_URL: withRedis ? redis.url : '',
    REDIS_PREFIX: redis.prefix,
  };
}

async function replica(databaseUrl: string, withRedis: boolean): Promise<ProxyProcess> {
  const proxy = await startProxyProcess(replicaEnv(databaseUrl, withRedis));
  running.push(proxy);
  return proxy;
}

async function database(databaseUrl: string): Promise<ConsoleDb> {
  const db = await openConsoleDb({ postgresUrl: databaseUrl });
  dbs.push(db);
  return db;
}

const heartbeats = (db: ConsoleDb) =>
  sqlRows<{ pid: number; shares_redis: boolean }>(
    db,
    'SELECT pid, shares_redis FROM console_replicas ORDER BY pid',
  );

describe('replica heartbeats on one PostgreSQL', () => {
  it('refuses a second replica without REDIS_URL beside a live one, and accepts one with it', async () => {
    const databaseUrl = await testDatabaseUrl();
    const first = await replica(databaseUrl, true);
    const refused = startProxyProcess(replicaEnv(databaseUrl, false));
    await expect(refused).rejects.toThrow(
      new RegExp(
        `Another console replica \\(\\S+, pid ${first.pid}\\) is running on this DATABASE_URL\\. .*set REDIS_URL`,
      ),
    );
    const second = await replica(databaseUrl, true);
    const db = await database(databaseUrl);
    expect(await heartbeats(db)).toEqual(
      [first.pid, second.pid].sort((a, b) => a - b).map((pid) => ({ pid, shares_redis: true })),
    );
    // A clean stop takes its row with it.
    second.kill('SIGTERM');
    expect(await second.exit).toBe(0);
    expect(await heartbeats(db)).toEqual([{ pid: first.pid, shares_redis: true }]);
  }, 60_000);

  it('refuses a replica with REDIS_URL beside a live one running without it', async () => {
    const databaseUrl = await testDatabaseUrl();
    const alone = await replica(databaseUrl, false);
    await expect(startProxyProcess(replicaEnv(databaseUrl, true))).rejects.toThrow(
      new RegExp(`pid ${alone.pid}\\) is running on this DATABASE_URL without REDIS_URL`),
    );
    expect(await heartbeats(await database(databaseUrl))).toEqual([{ pid: alone.pid, shares_redis: false }]);
  }, 60_000);

  it('starts beside a stale heartbeat (a replica killed long ago) and clears it', async () => {
    const databaseUrl = await testDatabaseUrl();
    const db = await database(databaseUrl);
    const hourAgo = Date.now() - 3_600_000;
    await sqlRun(
      db,
      `INSERT INTO console_replicas (id, host, pid, started_at_ms, beat_at_ms, shares_redis)
       VALUES ('killed-long-ago', 'elsewhere', 999999, ?, ?, false)`,
      hourAgo,
      hourAgo,
    );
    const proxy = await replica(databaseUrl, false);
    expect(await heartbeats(db)).toEqual([{ pid: proxy.pid, shares_redis: false }]);
  }, 60_000);
});
