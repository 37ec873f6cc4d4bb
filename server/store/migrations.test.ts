// One list of migrations for both engines, recorded by name: a SQLite file migrated by `user_version` before
// continues where it stopped, and replicas starting together on one PostgreSQL apply each step once.
import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sqlRows, sqlValue } from '../testing/console-sql';
import { testDatabaseUrl } from '../testing/test-database';
import { openConsoleDb } from './database';
import { MIGRATIONS } from './migrations';
import { ConsoleUsersRepo } from './users-repo';
import { sqliteBinding } from './sqlite-binding';

describe('migrations', () => {
  it('continue a SQLite file an older version migrated by user_version, keeping its data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'console-migrate-'));
    try {
      const file = join(dir, 'console.sqlite');
      // The file as the previous release left it: its first five steps applied, counted in user_version.
      const old = new BetterSqlite3(file, sqliteBinding());
      for (const migration of MIGRATIONS.slice(0, 5)) old.exec(migration.sqlite);
      old.pragma('user_version = 5');
      old
        .prepare(
          `INSERT INTO users (email, name, role, partitions, password_hash, created_at)
           VALUES ('old@example.com', 'Old', 'admin', '"all"', 'x', '2025-01-01T00:00:00.000Z')`,
        )
        .run();
      old.close();

      const db = await openConsoleDb({ sqliteFile: file });
      try {
        const names = await sqlRows<{ name: string }>(
          db,
          'SELECT name FROM console_migrations ORDER BY name',
        );
        expect(names.map((row) => row.name).sort()).toEqual(MIGRATIONS.map((step) => step.name).sort());
        expect(await sqlValue(db, 'PRAGMA user_version')).toBe(MIGRATIONS.length);
        const users = new ConsoleUsersRepo(db);
        // Steps 6 and 7 ran (retention, SSO columns); the account written before is untouched.
        expect(await users.byEmail('old@example.com')).toMatchObject({
          role: 'admin',
          partitions: 'all',
          sso: null,
        });
        expect(Number(await sqlValue(db, 'SELECT count(*) FROM retention_sweep'))).toBe(0);
      } finally {
        await db.close();
      }
      // Opened again: nothing left to apply, nothing applied twice.
      const again = await openConsoleDb({ sqliteFile: file });
      expect(Number(await sqlValue(again, 'SELECT count(*) FROM console_migrations'))).toBe(
        MIGRATIONS.length,
      );
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on one fresh PostgreSQL opened by two consoles at once, apply each step once and open both', async () => {
    const url = await testDatabaseUrl();
    const [first, second] = await Promise.all([
      openConsoleDb({ postgresUrl: url }),
      openConsoleDb({ postgresUrl: url }),
    ]);
    try {
      const applied = await sqlRows<{ name: string; n: number }>(
        first,
        'SELECT name, count(*) AS n FROM console_migrations GROUP BY name',
      );
      expect(applied.map((row) => row.name).sort()).toEqual(MIGRATIONS.map((step) => step.name).sort());
      expect(applied.every((row) => Number(row.n) === 1)).toBe(true);
      // Both work on the same tables.
      await new ConsoleUsersRepo(first).create({
        email: 'both@example.com',
        name: 'Both',
        role: 'viewer',
        partitions: [2],
        passwordHash: 'x',
        createdAt: '2026-01-01T00:00:00.000Z',
      });
      expect((await new ConsoleUsersRepo(second).byEmail('both@example.com'))?.partitions).toEqual([2]);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
