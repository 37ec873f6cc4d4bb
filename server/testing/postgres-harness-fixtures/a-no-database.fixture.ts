// Runs first and asks for no database: the run's PostgreSQL must not have started yet.
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { expect, it } from 'vitest';

it('finds no PostgreSQL folder before any test asks for one', () => {
  expect(readdirSync(tmpdir()).filter((name) => name.startsWith('pc-postgres-'))).toEqual([]);
});
