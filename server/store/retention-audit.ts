// Deleting expired audit entries: the one DELETE the append-only trail allows (the audit_retention migration in
// server/store/migrations.ts). Each page opens the sweep, deletes, and closes it in one transaction.
import { sql } from 'kysely';
import type { ConsoleDb } from './kysely';
import { executor, inTransaction } from './transaction';

/** How many entries are older than `cutoffMs` (the audit_by_time index answers it). */
export async function countAuditBefore(consoleDb: ConsoleDb, cutoffMs: number): Promise<number> {
  const row = await executor(consoleDb)
    .selectFrom('audit')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('at_ms', '<', cutoffMs)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Deletes up to `limit` of the oldest entries older than `cutoffMs`, in one transaction; answers how many. */
export function deleteAuditPage(consoleDb: ConsoleDb, cutoffMs: number, limit: number): Promise<number> {
  return inTransaction(consoleDb, async () => {
    const db = executor(consoleDb);
    await db.insertInto('retention_sweep').values({ id: 1, cutoff_ms: cutoffMs }).execute();
    const result = await sql`
      DELETE FROM audit
      WHERE id IN (SELECT id FROM audit WHERE at_ms < ${cutoffMs} ORDER BY at_ms, id LIMIT ${limit})`.execute(
      db,
    );
    await db.deleteFrom('retention_sweep').execute();
    return Number(result.numAffectedRows ?? 0);
  });
}
