// Writes to its own database, leaves its URL for the next file, then fails on purpose.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { expect, it } from 'vitest';
import { testDatabaseUrl } from '../test-database';

it('writes a marker in its own database', async () => {
  const url = await testDatabaseUrl();
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query("CREATE TABLE marker (note text); INSERT INTO marker VALUES ('from b')");
  await client.end();
  writeFileSync(join(process.env.PG_HARNESS_OUT ?? '', 'b.url'), url);
});

it('fails on purpose', () => {
  expect('this file').toBe('a passing file');
});
