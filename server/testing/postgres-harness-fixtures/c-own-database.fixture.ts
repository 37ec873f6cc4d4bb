// Runs after a failing file: the same server still answers, and this file's database is not the previous one's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { expect, it } from 'vitest';
import { testDatabaseUrl } from '../test-database';

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(sql)).rows;
  } finally {
    await client.end();
  }
}

it('gets a database of its own on the same server, which kept the previous file’s data', async () => {
  const previous = readFileSync(join(process.env.PG_HARNESS_OUT ?? '', 'b.url'), 'utf8');
  const own = await testDatabaseUrl();
  expect(own).not.toBe(previous);
  expect(new URL(own).host).toBe(new URL(previous).host);
  expect(await query(own, "SELECT to_regclass('marker') AS marker")).toEqual([{ marker: null }]);
  expect(await query(previous, 'SELECT note FROM marker')).toEqual([{ note: 'from b' }]);
});
