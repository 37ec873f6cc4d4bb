// The engines the store's tests run on, for `describe.each(CONSOLE_DBS)`: SQLite in memory, and PostgreSQL from
// the run's test server (server/testing/test-database.ts), a fresh database per `open`. Every database a file opens
// is closed after it.
import { afterAll } from 'vitest';
import { openConsoleDb } from '../store/database';
import type { ConsoleDb } from '../store/kysely';
import { testDatabaseUrl } from './test-database';

export interface ConsoleDbEngine {
  name: 'sqlite' | 'postgres';
  open(this: void): Promise<ConsoleDb>;
}

const opened: ConsoleDb[] = [];

afterAll(async () => {
  await Promise.all(opened.splice(0).map((consoleDb) => consoleDb.close()));
});

function kept(consoleDb: ConsoleDb): ConsoleDb {
  opened.push(consoleDb);
  return consoleDb;
}

export const CONSOLE_DBS: readonly ConsoleDbEngine[] = [
  { name: 'sqlite', open: async () => kept(await openConsoleDb({ sqliteFile: ':memory:' })) },
  { name: 'postgres', open: async () => kept(await openConsoleDb({ postgresUrl: await testDatabaseUrl() })) },
];
