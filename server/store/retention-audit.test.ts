// The audit trail stays append-only outside a retention sweep; inside one, only entries older than its cutoff go.
import { describe, expect, it } from 'vitest';
import { CONSOLE_DBS } from '../testing/console-dbs';
import { sqlRun, sqlRows, sqlValue } from '../testing/console-sql';
import { ConsoleAuditRepo, type NewAuditEntry } from './audit-repo';
import type { ConsoleDb } from './kysely';
import { inTransaction } from './transaction';
import { countAuditBefore, deleteAuditPage } from './retention-audit';

const CUTOFF = Date.parse('2026-01-01T00:00:00.000Z');

const entry = (at: string): NewAuditEntry => ({
  at,
  user: { id: 1, email: 'a@example.com' },
  action: 'lead.write',
  partitions: ['Mexico'],
  leadIds: [5],
  outcome: 'success',
  leads: [{ index: 0, leadId: 5, status: 'created' }],
  requestIds: [],
  summary: '',
});

async function trailWithOldAndRecent(
  open: () => Promise<ConsoleDb>,
): Promise<{ db: ConsoleDb; oldId: number; recentId: number }> {
  const db = await open();
  const audit = new ConsoleAuditRepo(db);
  const oldId = await audit.append(entry('2025-06-01T00:00:00.000Z'));
  const recentId = await audit.append(entry('2026-03-01T00:00:00.000Z'));
  return { db, oldId, recentId };
}

const ids = async (db: ConsoleDb) =>
  (await sqlRows<{ id: number }>(db, 'SELECT id FROM audit ORDER BY id')).map((row) => Number(row.id));

describe.each(CONSOLE_DBS)('audit retention on $name', ({ open }) => {
  it('refuses a plain DELETE of an old or a recent entry outside a sweep', async () => {
    const { db, oldId, recentId } = await trailWithOldAndRecent(open);
    await expect(sqlRun(db, 'DELETE FROM audit WHERE id = ?', oldId)).rejects.toThrow('audit is append-only');
    await expect(sqlRun(db, 'DELETE FROM audit WHERE id = ?', recentId)).rejects.toThrow(
      'audit is append-only',
    );
    await expect(sqlRun(db, 'DELETE FROM audit')).rejects.toThrow('audit is append-only');
    expect(await ids(db)).toEqual([oldId, recentId]);
  });

  it('inside a sweep deletes only entries older than its cutoff', async () => {
    const { db, oldId, recentId } = await trailWithOldAndRecent(open);
    const sweep = (id: number) =>
      inTransaction(db, async () => {
        await sqlRun(db, 'INSERT INTO retention_sweep (id, cutoff_ms) VALUES (1, ?)', CUTOFF);
        await sqlRun(db, 'DELETE FROM audit WHERE id = ?', id);
        await sqlRun(db, 'DELETE FROM retention_sweep');
      });
    await expect(sweep(recentId)).rejects.toThrow('audit is append-only');
    expect(await ids(db)).toEqual([oldId, recentId]);
    await sweep(oldId);
    expect(await ids(db)).toEqual([recentId]);
  });

  it('never lets a sweep row outlive its transaction, so a later DELETE is refused again', async () => {
    const { db, oldId } = await trailWithOldAndRecent(open);
    const foreignKey = /FOREIGN KEY constraint failed|violates foreign key constraint/;
    await expect(
      sqlRun(db, 'INSERT INTO retention_sweep (id, cutoff_ms) VALUES (1, ?)', Date.parse('2099-01-01')),
    ).rejects.toThrow(foreignKey);
    const leftOpen = inTransaction(db, async () => {
      await sqlRun(db, 'INSERT INTO retention_sweep (id, cutoff_ms) VALUES (1, ?)', CUTOFF);
      await sqlRun(db, 'DELETE FROM audit WHERE id = ?', oldId);
    });
    await expect(leftOpen).rejects.toThrow(foreignKey);
    expect(Number(await sqlValue(db, 'SELECT count(*) FROM retention_sweep'))).toBe(0);
    expect(await ids(db)).toHaveLength(2);
    await expect(sqlRun(db, 'DELETE FROM audit WHERE id = ?', oldId)).rejects.toThrow('audit is append-only');
  });

  it('deletes page by page up to the cutoff, and still refuses updates of what remains', async () => {
    const db = await open();
    const audit = new ConsoleAuditRepo(db);
    for (let day = 1; day <= 25; day += 1)
      await audit.append(entry(`2025-12-${String(day).padStart(2, '0')}T12:00:00Z`));
    const kept = await audit.append(entry('2026-01-01T00:00:00.000Z'));
    expect(await countAuditBefore(db, CUTOFF)).toBe(25);
    expect(await deleteAuditPage(db, CUTOFF, 10)).toBe(10);
    expect(await countAuditBefore(db, CUTOFF)).toBe(15);
    expect(await deleteAuditPage(db, CUTOFF, 10)).toBe(10);
    expect(await deleteAuditPage(db, CUTOFF, 10)).toBe(5);
    expect(await deleteAuditPage(db, CUTOFF, 10)).toBe(0);
    expect(await ids(db)).toEqual([kept]);
    await expect(sqlRun(db, "UPDATE audit SET summary = 'x' WHERE id = ?", kept)).rejects.toThrow(
      'audit is append-only',
    );
  });
});
