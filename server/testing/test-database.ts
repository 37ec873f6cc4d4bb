// In a server test file: the run's shared PostgreSQL (server/testing/postgres-global-setup.ts), started on first
// use, and a fresh database on it, so test files running in parallel never see each other's tables.
import { inject } from 'vitest';
import { createTestDatabase } from './postgres-server';

/** The URL of the run's PostgreSQL server (a superuser on its `postgres` database). */
export async function testPostgresServerUrl(): Promise<string> {
  const starter = inject('testPostgresStarter');
  if (!starter) {
    throw new Error(
      'No PostgreSQL for this test: server/testing/postgres-global-setup.ts is not a globalSetup of its Vitest project.',
    );
  }
  const response = await fetch(starter, { method: 'POST' });
  const body = await response.text();
  if (!response.ok) throw new Error(`The test PostgreSQL server did not start: ${body}`);
  return body;
}

/** A new, empty database on the run's server; call it once per file (in `beforeAll`). */
export async function testDatabaseUrl(): Promise<string> {
  return createTestDatabase(await testPostgresServerUrl());
}
