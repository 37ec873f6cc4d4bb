// Applies server/store/migrations.ts: each step not yet in `console_migrations`, in its own transaction with the
// row that records it. On PostgreSQL under an advisory lock, so replicas starting together migrate once: the
// second waits for the first, then finds every step recorded.
import type BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { MIGRATIONS } from './migrations';

const CREATE_LEDGER = (msType: string) =>
  `CREATE TABLE IF NOT EXISTS console_migrations (name TEXT PRIMARY KEY, applied_at_ms ${msType} NOT NULL)`;

/** The advisory lock's key: any constant of our own ('PCmg'); only console starts take it. */
const MIGRATION_LOCK = 0x50436d67;

export function migrateSqlite(raw: BetterSqlite3.Database, nowMs: number): void {
  raw.exec(CREATE_LEDGER('INTEGER'));
  // Versions before `console_migrations` counted applied steps in `user_version`: those steps are done.
  const byVersion = Number(raw.pragma('user_version', { simple: true }));
  const recorded = raw.prepare('SELECT name FROM console_migrations WHERE name = ?').pluck();
  const record = raw.prepare('INSERT INTO console_migrations (name, applied_at_ms) VALUES (?, ?)');
  MIGRATIONS.forEach((migration, index) => {
    // IMMEDIATE: a second process opening the same file waits (busy_timeout), then finds the step recorded.
    raw
      .transaction(() => {
        if (recorded.get(migration.name) !== undefined) return;
        if (index >= byVersion) raw.exec(migration.sqlite);
        record.run(migration.name, nowMs);
        // Kept in step, so the count still reads true to anyone who looks.
        raw.pragma(`user_version = ${Math.max(byVersion, index + 1)}`);
      })
      .immediate();
  });
}

export async function migratePostgres(url: string, nowMs: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  // A connection the server drops while we wait must reject the query in flight, not crash the process.
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(CREATE_LEDGER('BIGINT'));
      const applied = new Set(
        (await client.query<{ name: string }>('SELECT name FROM console_migrations')).rows.map(
          (row) => row.name,
        ),
      );
      for (const migration of MIGRATIONS) {
        if (applied.has(migration.name)) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.postgres);
          await client.query('INSERT INTO console_migrations (name, applied_at_ms) VALUES ($1, $2)', [
            migration.name,
            nowMs,
          ]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await client.end();
  }
}
