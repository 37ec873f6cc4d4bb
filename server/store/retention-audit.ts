// Deleting expired audit entries: the one DELETE the append-only trail allows (the audit_delete_only_expired
// migration in server/store/database.ts). Each page opens the sweep, deletes, and closes it in one transaction.
import type { SqliteDb } from './database';

/** How many entries are older than `cutoffMs` (the audit_by_time index answers it). */
export function countAuditBefore(db: SqliteDb, cutoffMs: number): number {
  return db.prepare('SELECT count(*) FROM audit WHERE at_ms < ?').pluck().get(cutoffMs) as number;
}

/** Deletes up to `limit` of the oldest entries older than `cutoffMs`, in one transaction; answers how many. */
export function deleteAuditPage(db: SqliteDb, cutoffMs: number, limit: number): number {
  return db.transaction(() => {
    db.prepare('INSERT INTO retention_sweep (id, cutoff_ms) VALUES (1, ?)').run(cutoffMs);
    const removed = db
      .prepare(
        `DELETE FROM audit WHERE id IN (SELECT id FROM audit WHERE at_ms < ? ORDER BY at_ms, id LIMIT ?)`,
      )
      .run(cutoffMs, limit).changes;
    db.prepare('DELETE FROM retention_sweep').run();
    return removed;
  })();
}
