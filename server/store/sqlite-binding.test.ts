// BETTER_SQLITE3_BINDING reaches both databases: the Node 24 run (scripts/node24.mjs) depends on it, and an addon
// built for another Node's ABI would otherwise be loaded from node_modules and crash.
import { afterEach, describe, expect, it } from 'vitest';
import { LeadDb } from '../emulator/store/db';
import { sqlValue } from '../testing/console-sql';
import { openConsoleDb } from './database';

const missingAddon = '/nonexistent/better_sqlite3.node';
const saved = process.env.BETTER_SQLITE3_BINDING;

afterEach(() => {
  if (saved === undefined) delete process.env.BETTER_SQLITE3_BINDING;
  else process.env.BETTER_SQLITE3_BINDING = saved;
});

describe('BETTER_SQLITE3_BINDING', () => {
  it('is the addon the console database loads', async () => {
    process.env.BETTER_SQLITE3_BINDING = missingAddon;
    await expect(openConsoleDb({ sqliteFile: ':memory:' })).rejects.toThrow(/nonexistent/);
  });

  it('is the addon the emulator database loads', () => {
    process.env.BETTER_SQLITE3_BINDING = missingAddon;
    expect(() => new LeadDb(':memory:')).toThrow(/nonexistent/);
  });

  it("as this run has it (unset: node_modules' own addon), opens the database", async () => {
    const db = await openConsoleDb({ sqliteFile: ':memory:' });
    expect(await sqlValue(db, 'PRAGMA user_version')).toBeGreaterThan(0);
    await db.close();
  });
});
